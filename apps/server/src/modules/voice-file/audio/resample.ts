/**
 * Band-limited resampling of mono audio to any rate: windowed-sinc interpolation (a Kaiser-windowed low-pass,
 * evaluated from a finely sampled table with linear interpolation between its points). The cutoff is 45 % of the
 * lower of the two rates (3.6 kHz for 8 kHz out) and the window spans ±14.4 zero crossings, which puts the
 * transition band at about 3.15–4.05 kHz for 8 kHz out and attenuates what lies above the new Nyquist frequency by
 * more than 60 dB instead of letting it fold back as aliasing.
 */
const CUTOFF = 0.45;
const ZERO_CROSSINGS = 14.4;
const KAISER_BETA = 6;
/** Table points per zero crossing. */
const TABLE_RES = 512;

function besselI0(x: number): number {
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 30; k++) {
    term *= (x / (2 * k)) ** 2;
    sum += term;
    if (term < 1e-12 * sum) break;
  }
  return sum;
}

/** sinc(x)·kaiser(x / ZERO_CROSSINGS) for x = i / TABLE_RES, x in [0, ZERO_CROSSINGS]. */
const KERNEL = ((): Float64Array => {
  const n = Math.ceil(ZERO_CROSSINGS * TABLE_RES) + 2;
  const t = new Float64Array(n);
  const norm = besselI0(KAISER_BETA);
  for (let i = 0; i < n; i++) {
    const x = i / TABLE_RES;
    const r = x / ZERO_CROSSINGS;
    const w = r >= 1 ? 0 : besselI0(KAISER_BETA * Math.sqrt(1 - r * r)) / norm;
    t[i] = x === 0 ? 1 : (Math.sin(Math.PI * x) / (Math.PI * x)) * w;
  }
  return t;
})();

export function resample(input: Float32Array, fromRate: number, toRate: number): Float32Array {
  if (fromRate === toRate) return input;
  const outLength = Math.floor((input.length * toRate) / fromRate);
  const out = new Float32Array(outLength);
  /** Cutoff in cycles per input sample, and the kernel's half-width in input samples. */
  const fc = (CUTOFF * Math.min(fromRate, toRate)) / fromRate;
  const scale = 2 * fc; // kernel argument per input sample, in zero crossings
  const half = ZERO_CROSSINGS / scale;
  const step = fromRate / toRate;
  const last = input.length - 1;
  for (let n = 0; n < outLength; n++) {
    const t = n * step;
    const lo = Math.max(0, Math.ceil(t - half));
    const hi = Math.min(last, Math.floor(t + half));
    let acc = 0;
    for (let i = lo; i <= hi; i++) {
      const pos = Math.abs(i - t) * scale * TABLE_RES;
      const k = pos | 0;
      const frac = pos - k;
      const a = KERNEL[k] as number;
      const h = a + ((KERNEL[k + 1] as number) - a) * frac;
      acc += (input[i] as number) * h;
    }
    out[n] = acc * scale;
  }
  return out;
}
