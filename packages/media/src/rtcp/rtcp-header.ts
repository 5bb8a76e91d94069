import { fail, ok, type ParseResult } from '../result.ts';

/**
 * RTCP common header, RFC 3550 §6.4.1 (shared by SR, RR, SDES, BYE and APP):
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |V=2|P|  count  |      PT       |             length            |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * length = packet length in 32-bit words minus one, header and padding included.
 */
export const RtcpPacketType = {
  SR: 200,
  RR: 201,
  SDES: 202,
  BYE: 203,
  APP: 204,
} as const;
export type RtcpPacketType = (typeof RtcpPacketType)[keyof typeof RtcpPacketType];

export const RTCP_HEADER_LENGTH = 4;

export interface RtcpHeader {
  readonly padding: boolean;
  /** RC / SC / subtype, 5 bits. */
  readonly count: number;
  readonly packetType: number;
  /** Total packet length in octets, from the length field. */
  readonly byteLength: number;
}

export function parseRtcpHeader(buf: Buffer): ParseResult<RtcpHeader> {
  if (buf.length < RTCP_HEADER_LENGTH) return fail(`RTCP packet too short: ${buf.length} bytes`);
  const b0 = buf[0] as number;
  if (b0 >>> 6 !== 2) return fail(`RTCP version ${b0 >>> 6}, expected 2`);
  const byteLength = (buf.readUInt16BE(2) + 1) * 4;
  if (byteLength > buf.length) return fail(`RTCP length ${byteLength} exceeds ${buf.length} available bytes`);
  return ok({ padding: (b0 & 0x20) !== 0, count: b0 & 0x1f, packetType: buf[1] as number, byteLength });
}

/**
 * Returns the packet body (after the 4-byte header, padding removed) for a buffer that holds exactly one packet.
 * RFC 3550 §6.4.1: the last octet of the padding holds how many padding octets to ignore, itself included.
 */
export function rtcpBody(buf: Buffer, header: RtcpHeader): ParseResult<Buffer> {
  let end = header.byteLength;
  if (header.padding) {
    const pad = buf[end - 1] as number;
    if (pad === 0 || pad > end - RTCP_HEADER_LENGTH) return fail(`RTCP padding ${pad} invalid`);
    end -= pad;
  }
  return ok(buf.subarray(RTCP_HEADER_LENGTH, end));
}

/** Writes the common header for an unpadded packet of `byteLength` octets (a multiple of 4). */
export function writeRtcpHeader(target: Buffer, count: number, packetType: number, byteLength: number): void {
  if (count > 31) throw new RangeError(`RTCP count ${count} exceeds 31`);
  if (byteLength % 4 !== 0) throw new RangeError('RTCP packet length must be a multiple of 4');
  target[0] = 0x80 | count;
  target[1] = packetType;
  target.writeUInt16BE(byteLength / 4 - 1, 2);
}
