/**
 * 16 kHz → 8 kHz by low-pass filtering and keeping every other sample. The filter is a 31-tap windowed-sinc
 * FIR (Hamming window) with its cutoff at 3.6 kHz, so content above the new Nyquist (4 kHz) is attenuated
 * before decimation instead of folding back as aliasing.
 */
const TAPS = 31;
const CUTOFF_HZ = 3600;
const INPUT_RATE = 16000;

const FILTER = ((): Float64Array => {
  const h = new Float64Array(TAPS);
  const fc = CUTOFF_HZ / INPUT_RATE;
  const mid = (TAPS - 1) / 2;
  let sum = 0;
  for (let i = 0; i < TAPS; i++) {
    const n = i - mid;
    const sinc = n === 0 ? 2 * fc : Math.sin(2 * Math.PI * fc * n) / (Math.PI * n);
    const window = 0.54 - 0.46 * Math.cos((2 * Math.PI * i) / (TAPS - 1));
    h[i] = sinc * window;
    sum += h[i] as number;
  }
  for (let i = 0; i < TAPS; i++) h[i] = (h[i] as number) / sum; // unity gain at DC
  return h;
})();

/** Halves the sample rate of mono 16-bit audio (16 kHz → 8 kHz) with an anti-aliasing low-pass. */
export function decimate16kTo8k(input: Int16Array): Int16Array {
  const out = new Int16Array(Math.floor(input.length / 2));
  const mid = (TAPS - 1) / 2;
  for (let o = 0; o < out.length; o++) {
    const centre = o * 2;
    let acc = 0;
    for (let t = 0; t < TAPS; t++) {
      const i = centre + t - mid;
      if (i >= 0 && i < input.length) acc += (input[i] as number) * (FILTER[t] as number);
    }
    out[o] = Math.max(-32768, Math.min(32767, Math.round(acc)));
  }
  return out;
}

/** Averages interleaved channels into one. */
export function downmixToMono(interleaved: Int16Array, channels: number): Int16Array {
  if (channels === 1) return interleaved;
  const frames = Math.floor(interleaved.length / channels);
  const out = new Int16Array(frames);
  for (let f = 0; f < frames; f++) {
    let sum = 0;
    for (let c = 0; c < channels; c++) sum += interleaved[f * channels + c] as number;
    out[f] = Math.round(sum / channels);
  }
  return out;
}
