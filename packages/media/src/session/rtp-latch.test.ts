import { describe, expect, it } from 'vitest';
import { RtpLatch } from './rtp-latch.ts';

describe('RtpLatch (RFC 4961 symmetric RTP)', () => {
  it('latches on the first packet and refuses others until the timeout', () => {
    const latch = new RtpLatch(true, 1000);
    latch.reset('10.0.0.1', 4000); // from SDP
    expect(latch.offer('192.168.1.9', 5000, 0)).toBe('latched');
    expect([latch.address, latch.port]).toEqual(['192.168.1.9', 5000]);
    expect(latch.offer('192.168.1.9', 5000, 500)).toBe('same');
    expect(latch.offer('192.168.1.9', 5002, 900)).toBe('refused');
    expect(latch.offer('192.168.1.7', 5000, 1400)).toBe('refused'); // last seen at 500
    expect(latch.offer('192.168.1.7', 5000, 1600)).toBe('latched');
    expect(latch.port).toBe(5000);
    expect(latch.address).toBe('192.168.1.7');
  });

  it('re-latches after new signalling and accepts everything when disabled', () => {
    const latch = new RtpLatch(true, 1000);
    latch.offer('a', 1, 0);
    latch.reset('b', 2);
    expect(latch.isLatched).toBe(false);
    expect(latch.offer('c', 3, 1)).toBe('latched');
    const off = new RtpLatch(false, 1000);
    off.reset('b', 2);
    expect(off.offer('x', 9, 0)).toBe('same');
    expect([off.address, off.port]).toEqual(['b', 2]);
  });
});
