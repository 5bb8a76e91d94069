/**
 * Call-progress tone generator: 16-bit PCM (default 8 kHz) from a tone plan of frequencies and an on/off
 * cadence. One period of the waveform is precomputed, so generating is a table walk with no trigonometry.
 *
 * Plans: China per GB/T 15279 / YD/T 1125 (450 Hz; dial continuous, ringback 1 s on 4 s off, busy 0.35 s on
 * 0.35 s off); North America per ANSI T1.401 / Telcordia GR-506 (dial 350+440, ringback 440+480 2 s on 4 s off,
 * busy 480+620 0.5 s on 0.5 s off).
 */
export interface TonePlan {
  /** Frequencies in Hz summed together. */
  frequencies: readonly number[];
  /** Alternating on/off durations in ms, starting with "on"; empty = continuous. */
  cadenceMs: readonly number[];
  /** Level of each frequency in dBm0. */
  levelDbm0: number;
}

export const ChineseTones = {
  dial: { frequencies: [450], cadenceMs: [], levelDbm0: -10 },
  ringback: { frequencies: [450], cadenceMs: [1000, 4000], levelDbm0: -10 },
  busy: { frequencies: [450], cadenceMs: [350, 350], levelDbm0: -10 },
  /** Congestion, 0.7 s on 0.7 s off. */
  congestion: { frequencies: [450], cadenceMs: [700, 700], levelDbm0: -10 },
} as const satisfies Record<string, TonePlan>;

export const UsTones = {
  dial: { frequencies: [350, 440], cadenceMs: [], levelDbm0: -13 },
  ringback: { frequencies: [440, 480], cadenceMs: [2000, 4000], levelDbm0: -19 },
  busy: { frequencies: [480, 620], cadenceMs: [500, 500], levelDbm0: -24 },
  /** Reorder (fast busy), 0.25 s on 0.25 s off. */
  reorder: { frequencies: [480, 620], cadenceMs: [250, 250], levelDbm0: -24 },
} as const satisfies Record<string, TonePlan>;

/** Peak amplitude of a 0 dBm0 sine in 16-bit linear PCM (G.711: 0 dBm0 is 3.17 dB below overload). */
const DBM0_PEAK = 32768 * 10 ** (-3.17 / 20);

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}

// One period per plan and rate, shared by every generator (read only): a call's ringback costs no trigonometry.
const periods = new Map<string, Int16Array>();

function periodOf(plan: TonePlan, sampleRate: number): Int16Array {
  const key = `${plan.frequencies.join('+')}/${plan.levelDbm0}/${sampleRate}`;
  const known = periods.get(key);
  if (known) return known;
  // The summed waveform repeats every sampleRate / gcd(sampleRate, f1, f2, ...) samples (at most one second).
  let g = sampleRate;
  for (const f of plan.frequencies) g = gcd(g, f);
  const length = sampleRate / g;
  const peak = DBM0_PEAK * 10 ** (plan.levelDbm0 / 20);
  const period = new Int16Array(length);
  for (let i = 0; i < length; i++) {
    let v = 0;
    for (const f of plan.frequencies) v += Math.sin((2 * Math.PI * f * i) / sampleRate);
    period[i] = Math.max(-32768, Math.min(32767, Math.round(v * peak)));
  }
  if (periods.size < 64) periods.set(key, period);
  return period;
}

export class ToneGenerator {
  readonly sampleRate: number;
  private readonly period: Int16Array;
  private readonly cadence: number[];
  private readonly cycleLength: number;
  private phase = 0;
  private position = 0;

  constructor(plan: TonePlan, sampleRate = 8000) {
    this.sampleRate = sampleRate;
    for (const f of plan.frequencies) {
      if (!Number.isInteger(f) || f <= 0 || f >= sampleRate / 2) throw new RangeError(`tone frequency ${f} Hz`);
    }
    this.period = periodOf(plan, sampleRate);
    this.cadence = plan.cadenceMs.map((ms) => Math.round((ms * sampleRate) / 1000));
    this.cycleLength = this.cadence.reduce((a, b) => a + b, 0);
  }

  /** Fills `out` with the next samples and returns it (default: a new 20 ms frame at 8 kHz). */
  next(out: Int16Array = new Int16Array(Math.round(this.sampleRate / 50))): Int16Array {
    for (let i = 0; i < out.length; i++) {
      out[i] = this.isOn() ? (this.period[this.phase] as number) : 0;
      this.phase++;
      if (this.phase === this.period.length) this.phase = 0;
      if (this.cycleLength > 0) {
        this.position++;
        if (this.position === this.cycleLength) this.position = 0;
      }
    }
    return out;
  }

  /** Generates `durationMs` of tone from the current position. */
  generate(durationMs: number): Int16Array {
    return this.next(new Int16Array(Math.round((durationMs * this.sampleRate) / 1000)));
  }

  reset(): void {
    this.phase = 0;
    this.position = 0;
  }

  private isOn(): boolean {
    if (this.cycleLength === 0) return true;
    let p = this.position;
    for (let i = 0; i < this.cadence.length; i++) {
      const d = this.cadence[i] as number;
      if (p < d) return i % 2 === 0;
      p -= d;
    }
    return false;
  }
}
