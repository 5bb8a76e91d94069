import { describe, expect, it } from 'vitest';
import { RtpReceiverStats } from './receiver-stats.ts';

describe('RtpReceiverStats (RFC 3550 A.1, A.3, A.8)', () => {
  it('counts a clean stream with zero loss and zero jitter', () => {
    const s = new RtpReceiverStats();
    for (let i = 0; i < 50; i++) s.update(100 + i, 1000 + i * 160, i * 20, 160);
    expect(s.packets).toBe(50);
    expect(s.bytes).toBe(8000);
    expect(s.expected).toBe(50);
    expect(s.lost).toBe(0);
    expect(s.jitter).toBe(0);
    expect(s.takeReport()).toEqual({ fractionLost: 0, cumulativeLost: 0, extendedHighestSequence: 149, jitter: 0 });
  });

  it('tracks loss, fraction lost per interval and sequence wrap-around', () => {
    const s = new RtpReceiverStats();
    // seq 65530..65535, 0..9 with 4 packets missing (65533, 2, 3, 7)
    const seqs = [65530, 65531, 65532, 65534, 65535, 0, 1, 4, 5, 6, 8, 9];
    for (const [i, seq] of seqs.entries()) s.update(seq, i * 160, i * 20, 160);
    expect(s.extendedHighestSequence).toBe(65536 + 9);
    expect(s.expected).toBe(16);
    expect(s.lost).toBe(4);
    const r = s.takeReport();
    expect(r.fractionLost).toBe(Math.floor((4 * 256) / 16));
    expect(r.cumulativeLost).toBe(4);
    // next interval: no loss
    s.update(10, 0, 0, 160);
    expect(s.takeReport().fractionLost).toBe(0);
  });

  it('counts duplicates and reordering as out of order and keeps the highest sequence', () => {
    const s = new RtpReceiverStats();
    for (const seq of [1, 2, 4, 3, 4, 5]) s.update(seq, seq * 160, seq * 20, 160);
    expect(s.outOfOrder).toBe(2);
    expect(s.extendedHighestSequence).toBe(5);
    expect(s.lost).toBe(-1); // one duplicate, nothing lost
  });

  it('computes A.8 jitter from arrival variation', () => {
    const s = new RtpReceiverStats();
    // timestamps advance 20 ms per packet, arrivals alternate 10 ms early/late: |D| = 160 samples
    for (let i = 0; i < 400; i++) s.update(i, i * 160, i * 20 + (i % 2 === 0 ? 0 : 20), 160);
    expect(s.jitter).toBeGreaterThan(150);
    expect(s.jitter).toBeLessThanOrEqual(160);
    expect(s.jitterMs).toBeCloseTo(s.jitter / 8, 0);
  });

  it('accepts a source restart only after two sequential packets', () => {
    const s = new RtpReceiverStats();
    for (let i = 0; i < 5; i++) s.update(i, i * 160, i * 20, 160);
    expect(s.update(40000, 0, 100, 160)).toBe(false);
    expect(s.update(40001, 160, 120, 160)).toBe(true);
    expect(s.extendedHighestSequence).toBe(40001);
    expect(s.lost).toBe(0);
  });
});
