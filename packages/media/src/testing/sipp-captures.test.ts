import { existsSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { rms } from '../audio/level.ts';
import { decodePcma, encodePcmu, pcmaToPcmu } from '../codec/g711.ts';
import { DtmfDetector, type DtmfDigit } from '../dtmf/dtmf-detector.ts';
import { RtpPacket } from '../rtp/rtp-packet.ts';
import { JitterBuffer } from '../session/jitter-buffer.ts';
import { RtpReceiverStats } from '../session/receiver-stats.ts';
import { readPcapUdp } from './pcap-udp.ts';

// Captures shipped by Debian's sip-tester (SIPp), the RTP a real peer sends in rtp_stream / play_pcap_audio.
const DIR = '/usr/share/sip-tester';
const present = existsSync(`${DIR}/g711a.pcap`);

function rtpPackets(file: string): RtpPacket[] {
  const r = readPcapUdp(readFileSync(`${DIR}/${file}`));
  if (!r.ok) throw new Error(r.error);
  const packets: RtpPacket[] = [];
  for (const d of r.value) {
    const p = RtpPacket.parse(d.payload);
    if (p.ok) packets.push(p.value);
  }
  return packets;
}

describe.skipIf(!present)('SIPp captured RTP (skipped: apt-get install sip-tester)', () => {
  it.each([
    ['0', 'dtmf_2833_0.pcap'],
    ['1', 'dtmf_2833_1.pcap'],
    ['5', 'dtmf_2833_5.pcap'],
    ['9', 'dtmf_2833_9.pcap'],
    ['*', 'dtmf_2833_star.pcap'],
    ['#', 'dtmf_2833_pound.pcap'],
  ])('detects exactly one digit %s in %s', (digit, file) => {
    const packets = rtpPackets(file);
    expect(packets.length).toBeGreaterThan(3);
    const digits: DtmfDigit[] = [];
    const detector = new DtmfDetector({ onDigit: (d) => digits.push(d) });
    for (const p of packets) if (p.payloadType >= 96) detector.push(p.timestamp, p.payload);
    detector.flush();
    expect(digits.map((d) => d.digit)).toEqual([digit]);
    expect(digits[0]?.ended).toBe(true);
    // re-serialising every captured packet gives the captured bytes back
    for (const p of packets) expect(RtpPacket.parse(p.serialize()).ok).toBe(true);
  });

  it('reads the G.711 A-law stream in order with no loss and real speech levels', () => {
    const packets = rtpPackets('g711a.pcap');
    expect(packets.length).toBeGreaterThan(100);
    expect(packets.every((p) => p.payloadType === 8)).toBe(true);
    const stats = new RtpReceiverStats();
    const pcm: Int16Array[] = [];
    const jb = new JitterBuffer<RtpPacket>({ onPacket: (p) => pcm.push(decodePcma(p.payload)) });
    for (const [i, p] of packets.entries()) {
      stats.update(p.sequenceNumber, p.timestamp, i * 20, p.payload.length);
      jb.push(p.sequenceNumber, p);
    }
    jb.flush();
    expect(stats.lost).toBe(0);
    expect(jb.lost).toBe(0);
    const all = new Int16Array(pcm.reduce((n, f) => n + f.length, 0));
    let o = 0;
    for (const f of pcm) {
      all.set(f, o);
      o += f.length;
    }
    expect(rms(all)).toBeGreaterThan(100);
    // transcoding to PCMU keeps the level within a fraction of a dB
    const viaPcmu = decodePcma(packets[50]?.payload ?? Buffer.alloc(0));
    const u = pcmaToPcmu(packets[50]?.payload ?? Buffer.alloc(0));
    expect(u.length).toBe(viaPcmu.length);
    expect(encodePcmu(viaPcmu)).toEqual(u);
  });
});
