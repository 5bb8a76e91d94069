import { describe, expect, it } from 'vitest';
import { peak, relativeTonePower, rms, rmsDbfs, rmsWindows, toDbfs } from './level.ts';
import { ChineseTones, ToneGenerator, UsTones } from './tone-generator.ts';

describe('level helpers', () => {
  it('measures RMS, peak and dBFS', () => {
    expect(rms(new Int16Array(0))).toBe(0);
    expect(rms(Int16Array.from([3, -3, 3, -3]))).toBe(3);
    expect(peak(Int16Array.from([1, -700, 5]))).toBe(700);
    expect(toDbfs(32768)).toBe(0);
    expect(rmsDbfs(new Int16Array(10))).toBe(Number.NEGATIVE_INFINITY);
    const sine = Int16Array.from({ length: 8000 }, (_, i) =>
      Math.round(16384 * Math.sin((2 * Math.PI * 1000 * i) / 8000)),
    );
    expect(rms(sine)).toBeCloseTo(16384 / Math.SQRT2, -1);
    expect(rmsDbfs(sine)).toBeCloseTo(-9.03, 1);
    expect(rmsWindows(sine, 160)).toHaveLength(50);
  });

  it('finds a tone frequency with Goertzel', () => {
    const tone = new ToneGenerator(ChineseTones.dial).generate(100);
    expect(relativeTonePower(tone, 450)).toBeGreaterThan(0.95);
    expect(relativeTonePower(tone, 1000)).toBeLessThan(0.01);
    expect(relativeTonePower(new Int16Array(100), 450)).toBe(0);
  });
});

describe('ToneGenerator', () => {
  const onOff = (samples: Int16Array): string =>
    Array.from(rmsWindows(samples, 400), (r) => (r > 100 ? '1' : '0')).join(''); // 50 ms windows

  it('makes a continuous 450 Hz dial tone at about -10 dBm0', () => {
    const dial = new ToneGenerator(ChineseTones.dial).generate(1000);
    expect(dial.length).toBe(8000);
    expect(onOff(dial)).toBe('1'.repeat(20));
    // -10 dBm0 sine: RMS = 22718 * 10^(-0.5) / sqrt(2) ≈ 5080
    expect(rms(dial)).toBeGreaterThan(4900);
    expect(rms(dial)).toBeLessThan(5250);
  });

  it('follows the Chinese ringback (1 s on, 4 s off) and busy (0.35/0.35 s) cadences', () => {
    const ring = new ToneGenerator(ChineseTones.ringback).generate(10000);
    expect(onOff(ring)).toBe(('1'.repeat(20) + '0'.repeat(80)).repeat(2));
    const busy = new ToneGenerator(ChineseTones.busy).generate(1400);
    const on = rmsWindows(busy, 8 * 350);
    expect(Array.from(on, (r) => r > 100)).toEqual([true, false, true, false]);
  });

  it('makes the US dual-frequency tones', () => {
    const ring = new ToneGenerator(UsTones.ringback).generate(6000);
    const first = ring.subarray(0, 8000);
    expect(relativeTonePower(first, 440) + relativeTonePower(first, 480)).toBeGreaterThan(0.95);
    expect(onOff(ring)).toBe('1'.repeat(40) + '0'.repeat(80));
    const busy = new ToneGenerator(UsTones.busy).generate(1000);
    expect(onOff(busy)).toBe(('1'.repeat(10) + '0'.repeat(10)).repeat(1));
    expect(relativeTonePower(busy.subarray(0, 4000), 620)).toBeGreaterThan(0.45);
  });

  it('is continuous across 20 ms frames', () => {
    const g = new ToneGenerator(UsTones.dial);
    const frames = new Int16Array(1600);
    const frame = new Int16Array(160);
    for (let i = 0; i < 10; i++) frames.set(g.next(frame), i * 160);
    expect(frames).toEqual(new ToneGenerator(UsTones.dial).generate(200));
  });

  it('rejects frequencies above Nyquist', () => {
    expect(() => new ToneGenerator({ frequencies: [5000], cadenceMs: [], levelDbm0: -10 })).toThrow(RangeError);
  });
});
