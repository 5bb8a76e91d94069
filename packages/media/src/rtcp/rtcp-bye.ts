import { fail, ok, type ParseResult } from '../result.ts';
import { parseRtcpHeader, RTCP_HEADER_LENGTH, RtcpPacketType, rtcpBody, writeRtcpHeader } from './rtcp-header.ts';

/**
 * Goodbye, RFC 3550 §6.6:
 *
 *        0                   1                   2                   3
 *        0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *       |V=2|P|    SC   |   PT=BYE=203  |             length            |
 *       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *       |                           SSRC/CSRC                           |
 *       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *       :                              ...                              :
 *       +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * (opt) |     length    |               reason for leaving            ...
 *       +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 */
export class RtcpBye {
  readonly packetType = RtcpPacketType.BYE;
  sources: number[];
  reason: string | undefined;

  constructor(sources: number[], reason?: string) {
    this.sources = sources;
    this.reason = reason;
  }

  static parse(buf: Buffer): ParseResult<RtcpBye> {
    const h = parseRtcpHeader(buf);
    if (!h.ok) return h;
    if (h.value.packetType !== RtcpPacketType.BYE) return fail(`RTCP packet type ${h.value.packetType} is not BYE`);
    const b = rtcpBody(buf, h.value);
    if (!b.ok) return b;
    const body = b.value;
    const count = h.value.count;
    if (count * 4 > body.length) return fail(`RTCP BYE source count ${count} exceeds packet`);
    const sources: number[] = [];
    for (let i = 0; i < count; i++) sources.push(body.readUInt32BE(i * 4));
    let reason: string | undefined;
    const o = count * 4;
    if (o < body.length) {
      const len = body[o] as number;
      if (o + 1 + len > body.length) return fail(`RTCP BYE reason length ${len} exceeds packet`);
      reason = body.toString('utf8', o + 1, o + 1 + len);
    }
    return ok(new RtcpBye(sources, reason));
  }

  get byteLength(): number {
    const reasonLength = this.reason === undefined ? 0 : 1 + Buffer.byteLength(this.reason);
    return RTCP_HEADER_LENGTH + this.sources.length * 4 + ((reasonLength + 3) & ~3);
  }

  serialize(): Buffer {
    const out = Buffer.alloc(this.byteLength);
    writeRtcpHeader(out, this.sources.length, RtcpPacketType.BYE, out.length);
    let o = RTCP_HEADER_LENGTH;
    for (const ssrc of this.sources) {
      out.writeUInt32BE(ssrc >>> 0, o);
      o += 4;
    }
    if (this.reason !== undefined) {
      const text = Buffer.from(this.reason);
      if (text.length > 255) throw new RangeError('RTCP BYE reason longer than 255 octets');
      out[o] = text.length;
      text.copy(out, o + 1);
    }
    return out;
  }
}
