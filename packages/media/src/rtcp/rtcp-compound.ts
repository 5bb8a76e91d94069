import { fail, ok, type ParseResult } from '../result.ts';
import { RtcpBye } from './rtcp-bye.ts';
import { parseRtcpHeader, RtcpPacketType } from './rtcp-header.ts';
import { RtcpReceiverReport } from './rtcp-receiver-report.ts';
import { RtcpSourceDescription } from './rtcp-sdes.ts';
import { RtcpSenderReport } from './rtcp-sender-report.ts';

/** An RTCP packet of a type this package does not interpret (APP, RTPFB, PSFB, XR ...), kept verbatim. */
export class RtcpUnknownPacket {
  constructor(
    readonly packetType: number,
    readonly raw: Buffer,
  ) {}

  serialize(): Buffer {
    return Buffer.from(this.raw);
  }
}

export type RtcpPacket = RtcpSenderReport | RtcpReceiverReport | RtcpSourceDescription | RtcpBye | RtcpUnknownPacket;

/**
 * Compound RTCP packet, RFC 3550 §6.1: several RTCP packets concatenated in one datagram. Validity checks of
 * Appendix A.2: every packet is version 2, the lengths add up to the datagram length exactly, and only the last
 * packet may carry padding. (The "first packet is SR or RR" rule is not enforced, so reduced-size RTCP per
 * RFC 5506 is accepted.)
 */
export const RtcpCompound = {
  parse(buf: Buffer): ParseResult<RtcpPacket[]> {
    if (buf.length === 0) return fail('empty RTCP datagram');
    const packets: RtcpPacket[] = [];
    let o = 0;
    while (o < buf.length) {
      const rest = buf.subarray(o);
      const h = parseRtcpHeader(rest);
      if (!h.ok) return fail(`RTCP packet ${packets.length}: ${h.error}`);
      const one = rest.subarray(0, h.value.byteLength);
      if (h.value.padding && o + one.length !== buf.length) {
        return fail(`RTCP packet ${packets.length} is padded but not last in the compound`);
      }
      const parsed = parseOne(one, h.value.packetType);
      if (!parsed.ok) return fail(`RTCP packet ${packets.length}: ${parsed.error}`);
      packets.push(parsed.value);
      o += one.length;
    }
    return ok(packets);
  },

  serialize(packets: readonly RtcpPacket[]): Buffer {
    return Buffer.concat(packets.map((p) => p.serialize()));
  },
};

function parseOne(one: Buffer, packetType: number): ParseResult<RtcpPacket> {
  switch (packetType) {
    case RtcpPacketType.SR:
      return RtcpSenderReport.parse(one);
    case RtcpPacketType.RR:
      return RtcpReceiverReport.parse(one);
    case RtcpPacketType.SDES:
      return RtcpSourceDescription.parse(one);
    case RtcpPacketType.BYE:
      return RtcpBye.parse(one);
    default:
      return ok(new RtcpUnknownPacket(packetType, one));
  }
}
