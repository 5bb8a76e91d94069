import { fail, ok, type ParseResult } from '../result.ts';
import { parseReportBlocks, REPORT_BLOCK_LENGTH, type ReportBlock, writeReportBlock } from './report-block.ts';
import { parseRtcpHeader, RTCP_HEADER_LENGTH, RtcpPacketType, rtcpBody, writeRtcpHeader } from './rtcp-header.ts';

/**
 * Receiver report, RFC 3550 §6.4.2:
 *
 *         0                   1                   2                   3
 *         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * header |V=2|P|    RC   |   PT=RR=201   |             length            |
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                     SSRC of packet sender                     |
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *        |                 report blocks (24 octets each)                |
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *        |                  profile-specific extensions                  |
 */
export interface RtcpReceiverReportFields {
  ssrc: number;
  reports?: ReportBlock[];
  extension?: Buffer;
}

export class RtcpReceiverReport {
  readonly packetType = RtcpPacketType.RR;
  ssrc: number;
  reports: ReportBlock[];
  extension: Buffer;

  constructor(f: RtcpReceiverReportFields) {
    this.ssrc = f.ssrc;
    this.reports = f.reports ?? [];
    this.extension = f.extension ?? Buffer.alloc(0);
  }

  static parse(buf: Buffer): ParseResult<RtcpReceiverReport> {
    const h = parseRtcpHeader(buf);
    if (!h.ok) return h;
    if (h.value.packetType !== RtcpPacketType.RR) return fail(`RTCP packet type ${h.value.packetType} is not RR`);
    const b = rtcpBody(buf, h.value);
    if (!b.ok) return b;
    const body = b.value;
    if (body.length < 4) return fail('RTCP RR too short for sender SSRC');
    const blocks = parseReportBlocks(body, 4, h.value.count);
    if (!blocks.ok) return blocks;
    return ok(
      new RtcpReceiverReport({
        ssrc: body.readUInt32BE(0),
        reports: blocks.value,
        extension: body.subarray(4 + h.value.count * REPORT_BLOCK_LENGTH),
      }),
    );
  }

  get byteLength(): number {
    return RTCP_HEADER_LENGTH + 4 + this.reports.length * REPORT_BLOCK_LENGTH + this.extension.length;
  }

  serialize(): Buffer {
    if (this.extension.length % 4 !== 0) throw new RangeError('RTCP RR extension must be a multiple of 4 octets');
    const out = Buffer.alloc(this.byteLength);
    writeRtcpHeader(out, this.reports.length, RtcpPacketType.RR, out.length);
    out.writeUInt32BE(this.ssrc >>> 0, 4);
    let o = 8;
    for (const block of this.reports) {
      writeReportBlock(out, o, block);
      o += REPORT_BLOCK_LENGTH;
    }
    this.extension.copy(out, o);
    return out;
  }
}
