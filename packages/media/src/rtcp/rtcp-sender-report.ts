import { fail, ok, type ParseResult } from '../result.ts';
import { parseReportBlocks, REPORT_BLOCK_LENGTH, type ReportBlock, writeReportBlock } from './report-block.ts';
import { parseRtcpHeader, RTCP_HEADER_LENGTH, RtcpPacketType, rtcpBody, writeRtcpHeader } from './rtcp-header.ts';

/**
 * Sender report, RFC 3550 §6.4.1:
 *
 *         0                   1                   2                   3
 *         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * header |V=2|P|    RC   |   PT=SR=200   |             length            |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                         SSRC of sender                        |
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * sender |              NTP timestamp, most significant word             |
 * info   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |             NTP timestamp, least significant word             |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                         RTP timestamp                         |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                     sender's packet count                     |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                      sender's octet count                     |
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *        |                 report blocks (24 octets each)                |
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *        |                  profile-specific extensions                  |
 */
const SENDER_INFO_LENGTH = 20;

export interface RtcpSenderReportFields {
  ssrc: number;
  ntpSeconds: number;
  ntpFraction: number;
  rtpTimestamp: number;
  packetCount: number;
  octetCount: number;
  reports?: ReportBlock[];
  extension?: Buffer;
}

export class RtcpSenderReport {
  readonly packetType = RtcpPacketType.SR;
  ssrc: number;
  ntpSeconds: number;
  ntpFraction: number;
  rtpTimestamp: number;
  packetCount: number;
  octetCount: number;
  reports: ReportBlock[];
  extension: Buffer;

  constructor(f: RtcpSenderReportFields) {
    this.ssrc = f.ssrc;
    this.ntpSeconds = f.ntpSeconds;
    this.ntpFraction = f.ntpFraction;
    this.rtpTimestamp = f.rtpTimestamp;
    this.packetCount = f.packetCount;
    this.octetCount = f.octetCount;
    this.reports = f.reports ?? [];
    this.extension = f.extension ?? Buffer.alloc(0);
  }

  /** Parses one SR; `buf` may continue with further packets of a compound (only the first is read). */
  static parse(buf: Buffer): ParseResult<RtcpSenderReport> {
    const h = parseRtcpHeader(buf);
    if (!h.ok) return h;
    if (h.value.packetType !== RtcpPacketType.SR) return fail(`RTCP packet type ${h.value.packetType} is not SR`);
    const b = rtcpBody(buf, h.value);
    if (!b.ok) return b;
    const body = b.value;
    if (body.length < 4 + SENDER_INFO_LENGTH) return fail('RTCP SR too short for sender info');
    const blocks = parseReportBlocks(body, 4 + SENDER_INFO_LENGTH, h.value.count);
    if (!blocks.ok) return blocks;
    return ok(
      new RtcpSenderReport({
        ssrc: body.readUInt32BE(0),
        ntpSeconds: body.readUInt32BE(4),
        ntpFraction: body.readUInt32BE(8),
        rtpTimestamp: body.readUInt32BE(12),
        packetCount: body.readUInt32BE(16),
        octetCount: body.readUInt32BE(20),
        reports: blocks.value,
        extension: body.subarray(4 + SENDER_INFO_LENGTH + h.value.count * REPORT_BLOCK_LENGTH),
      }),
    );
  }

  get byteLength(): number {
    return (
      RTCP_HEADER_LENGTH + 4 + SENDER_INFO_LENGTH + this.reports.length * REPORT_BLOCK_LENGTH + this.extension.length
    );
  }

  serialize(): Buffer {
    if (this.extension.length % 4 !== 0) throw new RangeError('RTCP SR extension must be a multiple of 4 octets');
    const out = Buffer.alloc(this.byteLength);
    writeRtcpHeader(out, this.reports.length, RtcpPacketType.SR, out.length);
    out.writeUInt32BE(this.ssrc >>> 0, 4);
    out.writeUInt32BE(this.ntpSeconds >>> 0, 8);
    out.writeUInt32BE(this.ntpFraction >>> 0, 12);
    out.writeUInt32BE(this.rtpTimestamp >>> 0, 16);
    out.writeUInt32BE(this.packetCount >>> 0, 20);
    out.writeUInt32BE(this.octetCount >>> 0, 24);
    let o = 28;
    for (const block of this.reports) {
      writeReportBlock(out, o, block);
      o += REPORT_BLOCK_LENGTH;
    }
    this.extension.copy(out, o);
    return out;
  }
}
