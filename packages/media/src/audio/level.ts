/** Level helpers for comparing sent and received audio in tests and monitoring. */

/** Root mean square of 16-bit samples (0 for an empty input). */
export function rms(samples: Int16Array): number {
  if (samples.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < samples.length; i++) {
    const s = samples[i] as number;
    sum += s * s;
  }
  return Math.sqrt(sum / samples.length);
}

/** Largest absolute sample value. */
export function peak(samples: Int16Array): number {
  let max = 0;
  for (let i = 0; i < samples.length; i++) {
    const s = Math.abs(samples[i] as number);
    if (s > max) max = s;
  }
  return max;
}

/** A level in dB relative to full scale (a full-scale square wave = 0 dBFS); -Infinity for silence. */
export function toDbfs(level: number): number {
  return level <= 0 ? Number.NEGATIVE_INFINITY : 20 * Math.log10(level / 32768);
}

export function rmsDbfs(samples: Int16Array): number {
  return toDbfs(rms(samples));
}

/** RMS of consecutive windows (e.g. 160 samples = 20 ms at 8 kHz), for finding speech and silence over time. */
export function rmsWindows(samples: Int16Array, windowSize: number): Float64Array {
  const count = Math.floor(samples.length / windowSize);
  const out = new Float64Array(count);
  for (let w = 0; w < count; w++) out[w] = rms(samples.subarray(w * windowSize, (w + 1) * windowSize));
  return out;
}

/** Goertzel algorithm: unnormalised power of one frequency in a block (see relativeTonePower for a 0..1 figure). */
export function goertzelPower(samples: Int16Array, frequency: number, sampleRate = 8000): number {
  const k = 2 * Math.cos((2 * Math.PI * frequency) / sampleRate);
  let s1 = 0;
  let s2 = 0;
  for (let i = 0; i < samples.length; i++) {
    const s0 = (samples[i] as number) + k * s1 - s2;
    s2 = s1;
    s1 = s0;
  }
  return s1 * s1 + s2 * s2 - k * s1 * s2;
}

/**
 * Fraction (0..1) of a block's energy that lies at `frequency`: about 1 for a pure tone at that frequency,
 * near 0 for other tones or noise. Use blocks of a whole number of periods for the sharpest answer.
 */
export function relativeTonePower(samples: Int16Array, frequency: number, sampleRate = 8000): number {
  let energy = 0;
  for (let i = 0; i < samples.length; i++) energy += (samples[i] as number) ** 2;
  if (energy === 0) return 0;
  return Math.min(1, (2 * goertzelPower(samples, frequency, sampleRate)) / (samples.length * energy));
}
