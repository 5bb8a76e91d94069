import { readFileSync } from 'node:fs';
import { rms, toneLevels } from '@hujiao/media';
import { wavChannel } from './audio.ts';

/** One analysis window of received audio: its level and the share of its energy at each test frequency. */
export interface ToneWindow {
  /** Start of the window in the signal, in seconds. */
  at: number;
  rms: number;
  /** Frequency → share (0..1) of the window's energy at it (Goertzel). */
  share: Map<number, number>;
}

/**
 * Cuts a signal into windows (500 ms: a whole number of periods of 400/800/1200 Hz at 8 kHz) and measures each.
 * A phone's `-dec.wav` holds only the audio it received, one frame per packet: where the stream paused (a
 * re-INVITE, ringing) the file is shorter than the wall clock, so tests find stretches by what they contain
 * (runs of windows) rather than by time offsets.
 */
export function toneTimeline(samples: Int16Array, freqs: readonly number[], windowMs = 500): ToneWindow[] {
  const size = Math.round((8000 * windowMs) / 1000);
  const out: ToneWindow[] = [];
  for (let start = 0; start + size <= samples.length; start += size) {
    const block = samples.subarray(start, start + size);
    const share = new Map(toneLevels(block, 8000, freqs).map((l) => [l.frequency, l.relative]));
    out.push({ at: start / 8000, rms: rms(block), share });
  }
  return out;
}

/** The received audio of a phone over several dump files (a stream restarted by a re-INVITE opens a new one). */
export function readDumps(paths: readonly string[]): Int16Array {
  const parts = paths.map((p) => wavChannel(readFileSync(p)));
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

export interface Run {
  /** Index of the first window. */
  start: number;
  /** Index after the last window. */
  end: number;
}

/**
 * Maximal runs of consecutive windows matching `pred`, from `from` on. A run goes on across up to `maxGap`
 * windows that `glitch` accepts (silence or noise: a stall and a late burst of packets on a loaded machine) when
 * the window after them matches again.
 */
export function runsOf(
  timeline: readonly ToneWindow[],
  pred: (w: ToneWindow) => boolean,
  from = 0,
  glitch: (w: ToneWindow) => boolean = () => false,
  maxGap = 2,
): Run[] {
  const runs: Run[] = [];
  const at = (i: number) => i < timeline.length && pred(timeline[i] as ToneWindow);
  let start = -1;
  for (let i = from; i <= timeline.length; i++) {
    if (at(i)) {
      if (start < 0) start = i;
      continue;
    }
    if (start < 0) continue;
    let gap = 0;
    while (gap < maxGap && i + gap < timeline.length && glitch(timeline[i + gap] as ToneWindow)) gap++;
    if (gap > 0 && at(i + gap)) {
      i += gap;
      continue;
    }
    runs.push({ start, end: i });
    start = -1;
  }
  return runs;
}

/** The first run of at least `minWindows` windows matching `pred` at or after window `from`, or null. */
export function firstRun(
  timeline: readonly ToneWindow[],
  pred: (w: ToneWindow) => boolean,
  minWindows: number,
  from = 0,
  glitch?: (w: ToneWindow) => boolean,
): Run | null {
  return runsOf(timeline, pred, from, glitch).find((r) => r.end - r.start >= minWindows) ?? null;
}

/** A compact text picture of a timeline for failure messages: one letter per window. */
export function describeTimeline(timeline: readonly ToneWindow[], label: (w: ToneWindow) => string): string {
  return timeline.map(label).join('');
}
