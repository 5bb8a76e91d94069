import { goertzelPower } from './level.ts';

/**
 * Tone levels by the Goertzel algorithm (one DFT bin per frequency, O(N) each), for checking which tones a party
 * hears: e.g. three phones sending 400/800/1200 Hz into a conference, each must hear the other two and not itself.
 * The power of one frequency is goertzelPower in level.ts; this adds levels that compare across block lengths.
 */
export interface ToneLevel {
  frequency: number;
  /** Fraction (0..1) of the block's energy at this frequency: about 1 for a pure tone, 0.5 each for two equal tones. */
  relative: number;
  /** Amplitude of the sine at this frequency (peak, in 16-bit sample units). */
  amplitude: number;
  /** That sine's RMS level in dBFS (as level.ts's toDbfs: a full-scale sine is -3 dBFS); -Infinity when absent. */
  dbfs: number;
}

/**
 * Level of each frequency in `samples`. For a sharp answer use a block of a whole number of periods of every
 * frequency (at 8 kHz, 400/800/1200 Hz all fit 20 samples; 160 or 8000 samples are fine).
 */
export function toneLevels(samples: Int16Array, sampleRate: number, freqs: readonly number[]): ToneLevel[] {
  const n = samples.length;
  let energy = 0;
  for (let i = 0; i < n; i++) energy += (samples[i] as number) ** 2;
  return freqs.map((frequency) => {
    if (n === 0) return { frequency, relative: 0, amplitude: 0, dbfs: Number.NEGATIVE_INFINITY };
    const power = Math.max(0, goertzelPower(samples, frequency, sampleRate));
    // A sine of amplitude A centred on the bin gives |X|² = (A·N/2)².
    const amplitude = (2 * Math.sqrt(power)) / n;
    const relative = energy === 0 ? 0 : Math.min(1, (2 * power) / (n * energy));
    const rmsLevel = amplitude / Math.SQRT2;
    const dbfs = rmsLevel <= 0 ? Number.NEGATIVE_INFINITY : 20 * Math.log10(rmsLevel / 32768);
    return { frequency, relative, amplitude, dbfs };
  });
}

/** The frequencies of `freqs` whose share of the block's energy is at least `minRelative` (default 0.1). */
export function tonesPresent(
  samples: Int16Array,
  sampleRate: number,
  freqs: readonly number[],
  minRelative = 0.1,
): number[] {
  return toneLevels(samples, sampleRate, freqs)
    .filter((l) => l.relative >= minRelative)
    .map((l) => l.frequency);
}
