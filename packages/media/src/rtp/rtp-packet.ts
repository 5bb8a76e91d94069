import { fail, ok, type ParseResult } from '../result.ts';

/**
 * RTP fixed header, RFC 3550 §5.1:
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|X|  CC   |M|     PT      |       sequence number         |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                           timestamp                           |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |           synchronization source (SSRC) identifier            |
 * +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
 * |            contributing source (CSRC) identifiers             |
 * |                             ....                              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Header extension, RFC 3550 §5.3.1 (present when X = 1):
 *
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |      defined by profile       |           length              |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |                        header extension                       |
 * |                             ....                              |
 *
 * Padding (P = 1): the last octet holds the number of padding octets, itself included.
 */
export const RTP_VERSION = 2;
export const RTP_FIXED_HEADER_LENGTH = 12;
const NO_CSRCS: readonly number[] = Object.freeze([]);

export interface RtpHeaderExtension {
  /** The 16-bit "defined by profile" field. */
  readonly profile: number;
  /** Extension body; its length must be a multiple of 4. */
  readonly data: Buffer;
}

export interface RtpPacketFields {
  marker?: boolean;
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  csrcs?: readonly number[];
  extension?: RtpHeaderExtension;
  payload: Buffer;
  /** Number of padding octets to append (0 = no padding, else 1..255, count octet included). */
  paddingLength?: number;
}

export class RtpPacket {
  marker: boolean;
  payloadType: number;
  sequenceNumber: number;
  timestamp: number;
  ssrc: number;
  csrcs: readonly number[];
  extension: RtpHeaderExtension | undefined;
  /** After parse() this is a view into the parsed buffer (no copy). */
  payload: Buffer;
  paddingLength: number;

  constructor(fields: RtpPacketFields) {
    this.marker = fields.marker ?? false;
    this.payloadType = fields.payloadType;
    this.sequenceNumber = fields.sequenceNumber;
    this.timestamp = fields.timestamp;
    this.ssrc = fields.ssrc;
    this.csrcs = fields.csrcs ?? NO_CSRCS;
    this.extension = fields.extension;
    this.payload = fields.payload;
    this.paddingLength = fields.paddingLength ?? 0;
  }

  /** RFC 3550 §5.1 and the validity checks of Appendix A.1 that apply to a single packet. */
  static parse(buf: Buffer): ParseResult<RtpPacket> {
    if (buf.length < RTP_FIXED_HEADER_LENGTH) return fail(`RTP packet too short: ${buf.length} bytes`);
    const b0 = buf[0] as number;
    const version = b0 >>> 6;
    if (version !== RTP_VERSION) return fail(`RTP version ${version}, expected 2`);
    const hasPadding = (b0 & 0x20) !== 0;
    const hasExtension = (b0 & 0x10) !== 0;
    const csrcCount = b0 & 0x0f;
    const b1 = buf[1] as number;
    let offset = RTP_FIXED_HEADER_LENGTH + csrcCount * 4;
    if (offset > buf.length) return fail(`RTP CSRC count ${csrcCount} exceeds packet length ${buf.length}`);
    let csrcs: readonly number[] = NO_CSRCS;
    if (csrcCount > 0) {
      const list: number[] = [];
      for (let i = 0; i < csrcCount; i++) list.push(buf.readUInt32BE(RTP_FIXED_HEADER_LENGTH + i * 4));
      csrcs = list;
    }
    let extension: RtpHeaderExtension | undefined;
    if (hasExtension) {
      if (offset + 4 > buf.length) return fail('RTP header extension header truncated');
      const profile = buf.readUInt16BE(offset);
      const words = buf.readUInt16BE(offset + 2);
      const end = offset + 4 + words * 4;
      if (end > buf.length) return fail(`RTP header extension length ${words} words exceeds packet`);
      extension = { profile, data: buf.subarray(offset + 4, end) };
      offset = end;
    }
    let end = buf.length;
    let paddingLength = 0;
    if (hasPadding) {
      paddingLength = buf[buf.length - 1] as number;
      if (paddingLength === 0) return fail('RTP padding count is zero');
      if (paddingLength > buf.length - offset) return fail(`RTP padding ${paddingLength} exceeds payload`);
      end -= paddingLength;
    }
    return ok(
      new RtpPacket({
        marker: (b1 & 0x80) !== 0,
        payloadType: b1 & 0x7f,
        sequenceNumber: buf.readUInt16BE(2),
        timestamp: buf.readUInt32BE(4),
        ssrc: buf.readUInt32BE(8),
        csrcs,
        extension,
        payload: buf.subarray(offset, end),
        paddingLength,
      }),
    );
  }

  get headerLength(): number {
    return RTP_FIXED_HEADER_LENGTH + this.csrcs.length * 4 + (this.extension ? 4 + this.extension.data.length : 0);
  }

  get byteLength(): number {
    return this.headerLength + this.payload.length + this.paddingLength;
  }

  serialize(): Buffer {
    const out = Buffer.allocUnsafe(this.byteLength);
    this.serializeInto(out, 0);
    return out;
  }

  /** Writes the packet into `target` at `offset` (for reused send buffers); returns the bytes written. */
  serializeInto(target: Buffer, offset = 0): number {
    const length = this.byteLength;
    if (offset + length > target.length) throw new RangeError(`RTP packet needs ${length} bytes at ${offset}`);
    if (this.csrcs.length > 15) throw new RangeError('RTP allows at most 15 CSRCs');
    if (this.paddingLength < 0 || this.paddingLength > 255) throw new RangeError('RTP padding must be 0..255');
    if (this.extension && this.extension.data.length % 4 !== 0) {
      throw new RangeError('RTP header extension length must be a multiple of 4');
    }
    target[offset] =
      (RTP_VERSION << 6) | (this.paddingLength > 0 ? 0x20 : 0) | (this.extension ? 0x10 : 0) | this.csrcs.length;
    target[offset + 1] = (this.marker ? 0x80 : 0) | (this.payloadType & 0x7f);
    target.writeUInt16BE(this.sequenceNumber & 0xffff, offset + 2);
    target.writeUInt32BE(this.timestamp >>> 0, offset + 4);
    target.writeUInt32BE(this.ssrc >>> 0, offset + 8);
    let pos = offset + RTP_FIXED_HEADER_LENGTH;
    for (const csrc of this.csrcs) {
      target.writeUInt32BE(csrc >>> 0, pos);
      pos += 4;
    }
    if (this.extension) {
      target.writeUInt16BE(this.extension.profile & 0xffff, pos);
      target.writeUInt16BE(this.extension.data.length / 4, pos + 2);
      this.extension.data.copy(target, pos + 4);
      pos += 4 + this.extension.data.length;
    }
    this.payload.copy(target, pos);
    pos += this.payload.length;
    if (this.paddingLength > 0) {
      target.fill(0, pos, pos + this.paddingLength - 1);
      target[pos + this.paddingLength - 1] = this.paddingLength;
      pos += this.paddingLength;
    }
    return pos - offset;
  }
}

/**
 * RFC 5761 §4: with RTP and RTCP on one port, the second octet of RTCP (its packet type) falls in 192..223,
 * i.e. an RTP payload type of 64..95 with the marker bit. Returns true when the datagram looks like RTCP.
 */
export function looksLikeRtcp(buf: Buffer): boolean {
  if (buf.length < 2) return false;
  const pt = buf[1] as number;
  return pt >= 192 && pt <= 223;
}
