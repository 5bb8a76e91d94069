import { fail, ok, type ParseResult } from '../result.ts';

/**
 * Minimal libpcap reader for tests against captured traffic (e.g. SIPp's RTP captures): returns the UDP
 * payloads of IPv4 packets with their capture times. Link types: Ethernet (1, with 802.1Q tags), BSD loopback
 * (0), raw IP (101, 228) and Linux cooked capture (113).
 */
export interface PcapUdpDatagram {
  timeMs: number;
  sourcePort: number;
  destinationPort: number;
  payload: Buffer;
}

export function readPcapUdp(file: Buffer): ParseResult<PcapUdpDatagram[]> {
  if (file.length < 24) return fail('pcap too short');
  const magic = file.readUInt32LE(0);
  let le: boolean;
  let nano = false;
  if (magic === 0xa1b2c3d4 || magic === 0xa1b23c4d) le = true;
  else if (magic === 0xd4c3b2a1 || magic === 0x4d3cb2a1) le = false;
  else return fail('not a pcap file');
  if (magic === 0xa1b23c4d || magic === 0x4d3cb2a1) nano = true;
  const u32 = (o: number): number => (le ? file.readUInt32LE(o) : file.readUInt32BE(o));
  const linkType = u32(20);
  const out: PcapUdpDatagram[] = [];
  let o = 24;
  while (o + 16 <= file.length) {
    const sec = u32(o);
    const frac = u32(o + 4);
    const len = u32(o + 8);
    const start = o + 16;
    if (start + len > file.length) return fail('truncated pcap record');
    const frame = file.subarray(start, start + len);
    o = start + len;
    const ip = ipv4Start(frame, linkType);
    if (ip === undefined || ip + 20 > frame.length || (frame[ip] as number) >> 4 !== 4) continue;
    const ihl = ((frame[ip] as number) & 0x0f) * 4;
    if ((frame[ip + 9] as number) !== 17) continue;
    const udp = ip + ihl;
    if (udp + 8 > frame.length) continue;
    const udpLength = frame.readUInt16BE(udp + 4);
    const end = Math.min(frame.length, udp + Math.max(8, udpLength));
    out.push({
      timeMs: sec * 1000 + (nano ? frac / 1e6 : frac / 1e3),
      sourcePort: frame.readUInt16BE(udp),
      destinationPort: frame.readUInt16BE(udp + 2),
      payload: frame.subarray(udp + 8, end),
    });
  }
  return ok(out);
}

function ipv4Start(frame: Buffer, linkType: number): number | undefined {
  switch (linkType) {
    case 0:
      return 4;
    case 1: {
      let o = 12;
      while (o + 2 <= frame.length && frame.readUInt16BE(o) === 0x8100) o += 4;
      return o + 2 <= frame.length && frame.readUInt16BE(o) === 0x0800 ? o + 2 : undefined;
    }
    case 101:
    case 228:
      return 0;
    case 113:
      return frame.length >= 16 && frame.readUInt16BE(14) === 0x0800 ? 16 : undefined;
    default:
      return undefined;
  }
}
