import { describe, expect, it } from 'vitest';
import { decodePcma, encodePcma } from '../codec/g711.ts';
import { toneLevels, tonesPresent } from './goertzel.ts';

const sine = (freq: number, n: number, amp: number, rate = 8000): Int16Array =>
  Int16Array.from({ length: n }, (_, i) => Math.round(amp * Math.sin((2 * Math.PI * freq * i) / rate)));

function sum(...parts: Int16Array[]): Int16Array {
  const out = new Int16Array(parts[0]?.length ?? 0);
  for (const p of parts) for (let i = 0; i < out.length; i++) out[i] = (out[i] as number) + (p[i] as number);
  return out;
}

describe('toneLevels', () => {
  it('measures the amplitude, share and dBFS of a pure tone', () => {
    const [at1000, at400] = toneLevels(sine(1000, 8000, 16384), 8000, [1000, 400]);
    expect(at1000?.amplitude).toBeCloseTo(16384, -1);
    expect(at1000?.relative).toBeGreaterThan(0.99);
    expect(at1000?.dbfs).toBeCloseTo(-9.03, 1); // 16384/√2 RMS
    expect(at400?.relative).toBeLessThan(0.001);
  });

  it('separates 400, 800 and 1200 Hz in a two-tone mix, also after A-law', () => {
    const mix = decodePcma(encodePcma(sum(sine(400, 1600, 6000), sine(1200, 1600, 6000))));
    const levels = toneLevels(mix, 8000, [400, 800, 1200]);
    expect(levels[0]?.relative).toBeGreaterThan(0.45);
    expect(levels[1]?.relative).toBeLessThan(0.01);
    expect(levels[2]?.relative).toBeGreaterThan(0.45);
    expect(levels[0]?.amplitude).toBeGreaterThan(5700);
    expect(tonesPresent(mix, 8000, [400, 800, 1200])).toEqual([400, 1200]);
  });

  it('reports nothing for silence or an empty block', () => {
    expect(toneLevels(new Int16Array(160), 8000, [400])[0]).toEqual({
      frequency: 400,
      relative: 0,
      amplitude: 0,
      dbfs: Number.NEGATIVE_INFINITY,
    });
    expect(toneLevels(new Int16Array(0), 8000, [400])[0]?.relative).toBe(0);
    expect(tonesPresent(new Int16Array(160), 8000, [400, 800])).toEqual([]);
  });
});
