import { fail, ok, type ParseResult } from '../result.ts';
import { parseRtcpHeader, RTCP_HEADER_LENGTH, RtcpPacketType, rtcpBody, writeRtcpHeader } from './rtcp-header.ts';

/**
 * Source description, RFC 3550 §6.5:
 *
 *         0                   1                   2                   3
 *         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 *        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * header |V=2|P|    SC   |  PT=SDES=202  |             length            |
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * chunk  |                          SSRC/CSRC_1                          |
 *   1    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *        |                           SDES items                          |
 *        |                              ...                              |
 *        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 *
 * Each item is | type (8) | length (8) | text (length octets, UTF-8) |. A chunk ends with one or more null
 * octets (the END item, type 0) that pad it to the next 32-bit boundary.
 */
export const SdesItemType = {
  END: 0,
  CNAME: 1,
  NAME: 2,
  EMAIL: 3,
  PHONE: 4,
  LOC: 5,
  TOOL: 6,
  NOTE: 7,
  PRIV: 8,
} as const;
export type SdesItemType = (typeof SdesItemType)[keyof typeof SdesItemType];

export interface SdesItem {
  type: number;
  /** Raw octets of the item (UTF-8 text for all standard types). */
  value: Buffer;
}

export interface SdesChunk {
  ssrc: number;
  items: SdesItem[];
}

function chunkLength(chunk: SdesChunk): number {
  let n = 4;
  for (const item of chunk.items) n += 2 + item.value.length;
  return (n + 4) & ~3; // at least one END octet, then pad to 32 bits
}

export class RtcpSourceDescription {
  readonly packetType = RtcpPacketType.SDES;
  chunks: SdesChunk[];

  constructor(chunks: SdesChunk[] = []) {
    this.chunks = chunks;
  }

  /** Convenience for the usual single-chunk packet carrying a CNAME (RFC 3550 §6.5.1). */
  static cname(ssrc: number, cname: string): RtcpSourceDescription {
    return new RtcpSourceDescription([{ ssrc, items: [{ type: SdesItemType.CNAME, value: Buffer.from(cname) }] }]);
  }

  static parse(buf: Buffer): ParseResult<RtcpSourceDescription> {
    const h = parseRtcpHeader(buf);
    if (!h.ok) return h;
    if (h.value.packetType !== RtcpPacketType.SDES) return fail(`RTCP packet type ${h.value.packetType} is not SDES`);
    const b = rtcpBody(buf, h.value);
    if (!b.ok) return b;
    const body = b.value;
    const chunks: SdesChunk[] = [];
    let o = 0;
    for (let c = 0; c < h.value.count; c++) {
      if (o + 4 > body.length) return fail(`RTCP SDES chunk ${c} truncated`);
      const ssrc = body.readUInt32BE(o);
      o += 4;
      const items: SdesItem[] = [];
      for (;;) {
        if (o >= body.length) return fail(`RTCP SDES chunk ${c} has no END item`);
        const type = body[o] as number;
        if (type === SdesItemType.END) {
          o = (o + 4) & ~3; // skip END and the null padding to the 32-bit boundary
          break;
        }
        if (o + 2 > body.length) return fail('RTCP SDES item header truncated');
        const len = body[o + 1] as number;
        if (o + 2 + len > body.length) return fail(`RTCP SDES item length ${len} exceeds packet`);
        items.push({ type, value: body.subarray(o + 2, o + 2 + len) });
        o += 2 + len;
      }
      if (o > body.length) return fail('RTCP SDES chunk padding exceeds packet');
      chunks.push({ ssrc, items });
    }
    return ok(new RtcpSourceDescription(chunks));
  }

  /** The CNAME of the first chunk that has one. */
  get cnameText(): string | undefined {
    for (const chunk of this.chunks) {
      for (const item of chunk.items) if (item.type === SdesItemType.CNAME) return item.value.toString('utf8');
    }
    return undefined;
  }

  get byteLength(): number {
    let n = RTCP_HEADER_LENGTH;
    for (const chunk of this.chunks) n += chunkLength(chunk);
    return n;
  }

  serialize(): Buffer {
    const out = Buffer.alloc(this.byteLength); // zero-filled: END items and padding come for free
    writeRtcpHeader(out, this.chunks.length, RtcpPacketType.SDES, out.length);
    let o = RTCP_HEADER_LENGTH;
    for (const chunk of this.chunks) {
      const start = o;
      out.writeUInt32BE(chunk.ssrc >>> 0, o);
      o += 4;
      for (const item of chunk.items) {
        if (item.value.length > 255) throw new RangeError('RTCP SDES item longer than 255 octets');
        if (item.type === SdesItemType.END) throw new RangeError('RTCP SDES END is implicit');
        out[o] = item.type;
        out[o + 1] = item.value.length;
        item.value.copy(out, o + 2);
        o += 2 + item.value.length;
      }
      o = start + chunkLength(chunk);
    }
    return out;
  }
}
