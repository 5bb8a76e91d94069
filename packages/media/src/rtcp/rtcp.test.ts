import { describe, expect, it } from 'vitest';
import { RtcpBye } from './rtcp-bye.ts';
import { RtcpCompound, RtcpUnknownPacket } from './rtcp-compound.ts';
import { RtcpReceiverReport } from './rtcp-receiver-report.ts';
import { RtcpSourceDescription, SdesItemType } from './rtcp-sdes.ts';
import { RtcpSenderReport } from './rtcp-sender-report.ts';

const hex = (s: string): Buffer => Buffer.from(s.replace(/\s+/g, ''), 'hex');

function value<T>(r: { ok: true; value: T } | { ok: false; error: string }): T {
  if (!r.ok) throw new Error(r.error);
  return r.value;
}

// SR, RC=1, length 12 (13 words = 52 octets)
const srBytes = hex(`
  81c8000c 11111111
  e1234567 80000000 000003e8 0000000a 00000640
  22222222 40fffffe 0001ffff 00000020 45678000 00010000`);
// RR, RC=1, length 7 (32 octets)
const rrBytes = hex(`
  81c90007 33333333
  22222222 00000005 00010010 00000003 00000000 00000000`);
// SDES, SC=1: chunk ssrc, CNAME "abc" (01 03 616263), END + pad -> 4 + 2+3 = 9 -> 12 octets; length 3
const sdesBytes = hex('81ca0003 11111111 01036162 63000000');
// BYE, SC=1 with reason "bye" -> 4 + 4 + 4 = 12 octets; length 2
const byeBytes = hex('81cb0002 11111111 03627965');

describe('RTCP sender report (RFC 3550 §6.4.1)', () => {
  it('parses and round-trips hand-built bytes', () => {
    const sr = value(RtcpSenderReport.parse(srBytes));
    expect(sr.ssrc).toBe(0x11111111);
    expect(sr.ntpSeconds).toBe(0xe1234567);
    expect(sr.ntpFraction).toBe(0x80000000);
    expect(sr.rtpTimestamp).toBe(1000);
    expect(sr.packetCount).toBe(10);
    expect(sr.octetCount).toBe(1600);
    expect(sr.reports).toHaveLength(1);
    expect(sr.reports[0]).toEqual({
      ssrc: 0x22222222,
      fractionLost: 0x40,
      cumulativeLost: -2,
      extendedHighestSequence: 0x1ffff,
      jitter: 32,
      lastSr: 0x45678000,
      delaySinceLastSr: 0x10000,
    });
    expect(sr.serialize()).toEqual(srBytes);
  });

  it('rejects a report count beyond the length', () => {
    const bad = Buffer.from(srBytes);
    bad[0] = 0x82;
    expect(RtcpSenderReport.parse(bad).ok).toBe(false);
  });
});

describe('RTCP receiver report (RFC 3550 §6.4.2)', () => {
  it('parses and round-trips', () => {
    const rr = value(RtcpReceiverReport.parse(rrBytes));
    expect(rr.ssrc).toBe(0x33333333);
    expect(rr.reports[0]?.cumulativeLost).toBe(5);
    expect(rr.reports[0]?.jitter).toBe(3);
    expect(rr.serialize()).toEqual(rrBytes);
  });

  it('round-trips an empty RR built in code', () => {
    const rr = new RtcpReceiverReport({ ssrc: 9 });
    expect(rr.serialize()).toEqual(hex('80c90001 00000009'));
  });
});

describe('RTCP SDES (RFC 3550 §6.5)', () => {
  it('parses and round-trips a CNAME chunk', () => {
    const sdes = value(RtcpSourceDescription.parse(sdesBytes));
    expect(sdes.chunks).toHaveLength(1);
    expect(sdes.chunks[0]?.ssrc).toBe(0x11111111);
    expect(sdes.chunks[0]?.items[0]?.type).toBe(SdesItemType.CNAME);
    expect(sdes.cnameText).toBe('abc');
    expect(sdes.serialize()).toEqual(sdesBytes);
    expect(RtcpSourceDescription.cname(0x11111111, 'abc').serialize()).toEqual(sdesBytes);
  });

  it('adds a full word of END padding when items end on a boundary', () => {
    // 4 (ssrc) + 2 + 2 = 8 -> needs another 4 octets holding END
    const sdes = RtcpSourceDescription.cname(1, 'ab');
    const bytes = sdes.serialize();
    expect(bytes.length).toBe(16);
    expect(value(RtcpSourceDescription.parse(bytes)).cnameText).toBe('ab');
  });

  it('rejects an item longer than the packet and a missing END', () => {
    expect(RtcpSourceDescription.parse(hex('81ca0002 11111111 01096162')).ok).toBe(false);
    expect(RtcpSourceDescription.parse(hex('81ca0002 11111111 01026162')).ok).toBe(false);
  });
});

describe('RTCP BYE (RFC 3550 §6.6)', () => {
  it('parses and round-trips with a reason', () => {
    const bye = value(RtcpBye.parse(byeBytes));
    expect(bye.sources).toEqual([0x11111111]);
    expect(bye.reason).toBe('bye');
    expect(bye.serialize()).toEqual(byeBytes);
  });

  it('round-trips without a reason and rejects a too-long reason length', () => {
    const bye = new RtcpBye([1, 2]);
    expect(value(RtcpBye.parse(bye.serialize())).sources).toEqual([1, 2]);
    expect(RtcpBye.parse(hex('81cb0002 11111111 09627965')).ok).toBe(false);
  });
});

describe('RTCP compound (RFC 3550 §6.1, A.2)', () => {
  it('parses SR + SDES + BYE and serializes back to the same bytes', () => {
    const compound = Buffer.concat([srBytes, sdesBytes, byeBytes]);
    const packets = value(RtcpCompound.parse(compound));
    expect(packets.map((p) => p.packetType)).toEqual([200, 202, 203]);
    expect(RtcpCompound.serialize(packets)).toEqual(compound);
  });

  it('keeps unknown packet types verbatim', () => {
    const app = hex('80cc0002 11111111 6e616d65');
    const packets = value(RtcpCompound.parse(Buffer.concat([rrBytes, app])));
    expect(packets[1]).toBeInstanceOf(RtcpUnknownPacket);
    expect(packets[1]?.serialize()).toEqual(app);
  });

  it('accepts padding on the last packet only', () => {
    // RR with no blocks, padded by 4 octets: length 2 (12 octets)
    const paddedRr = hex('a0c90002 00000009 00000004');
    const packets = value(RtcpCompound.parse(Buffer.concat([sdesBytes, paddedRr])));
    expect((packets[1] as RtcpReceiverReport).ssrc).toBe(9);
    expect(RtcpCompound.parse(Buffer.concat([paddedRr, sdesBytes])).ok).toBe(false);
  });

  it.each([
    ['empty', ''],
    ['short', '80c9'],
    ['version 1', '40c90001 00000009'],
    ['length beyond datagram', '80c90005 00000009'],
    ['trailing garbage', '80c90001 00000009 00'],
    ['zero padding count', 'a0c90002 00000009 00000000'],
    ['padding beyond packet', 'a0c90001 000000ff'],
    ['SR without sender info', '80c80001 00000009'],
  ])('rejects %s', (_n, h) => {
    expect(RtcpCompound.parse(hex(h)).ok).toBe(false);
  });
});
