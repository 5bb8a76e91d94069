import { describe, expect, it } from 'vitest';
import { decodePcmu, encodePcmu } from '../codec/g711.ts';
import { SilenceDetector, SilenceEvent, VoiceState } from './silence-detector.ts';
import { ChineseTones, ToneGenerator } from './tone-generator.ts';

const FRAME = 160; // 20 ms

/** Feeds `ms` of audio as 20 ms frames from `frame()`; returns [time in ms, event] for each event. */
function feed(
  d: SilenceDetector,
  ms: number,
  frame: () => Int16Array,
  events: [number, SilenceEvent][],
  startMs: number,
): number {
  for (let t = 0; t < ms; t += 20) {
    const e = d.push(frame());
    if (e) events.push([startMs + t + 20, e]);
  }
  return startMs + ms;
}

const tone = new ToneGenerator(ChineseTones.dial); // -10 dBm0, about -16 dBFS
const loud = (): Int16Array => tone.next(new Int16Array(FRAME));
// G.711 idle channel: µ-law codes around zero decode to ±small values.
const idle = (): Int16Array => decodePcmu(encodePcmu(Int16Array.from({ length: FRAME }, (_, i) => (i % 3) - 1)));
const quietNoise = (): Int16Array => Int16Array.from({ length: FRAME }, (_, i) => (i % 2 ? 60 : -60)); // ≈ -55 dBFS

describe('SilenceDetector', () => {
  it('reports speech after minSpeechMs and silence after holdMs of quiet', () => {
    const d = new SilenceDetector({ thresholdDbfs: -40, holdMs: 1000, minSpeechMs: 60 });
    const events: [number, SilenceEvent][] = [];
    let t = feed(d, 500, idle, events, 0);
    expect(d.state).toBe(VoiceState.WAITING);
    t = feed(d, 2000, loud, events, t);
    t = feed(d, 3000, quietNoise, events, t);
    expect(events).toEqual([
      [560, SilenceEvent.SPEECH], // third loud frame = 60 ms
      [3500, SilenceEvent.SILENCE], // 1 s after the speech ended at 2500 ms
    ]);
    expect(d.state).toBe(VoiceState.SILENCE);
    expect(d.heardSpeech).toBe(true);
    expect(d.silentMs).toBe(3000);
    expect(d.elapsedMs).toBe(5500);
    // Speech again, then silence again: each transition reported once.
    t = feed(d, 200, loud, events, t);
    feed(d, 1200, idle, events, t);
    expect(events.slice(2)).toEqual([
      [5560, SilenceEvent.SPEECH],
      [6700, SilenceEvent.SILENCE],
    ]);
  });

  it('uses initialHoldMs when nobody spoke, and a click neither counts as speech nor restarts the silence', () => {
    const d = new SilenceDetector({ holdMs: 3000, initialHoldMs: 1000, minSpeechMs: 100 });
    const events: [number, SilenceEvent][] = [];
    let t = feed(d, 400, idle, events, 0);
    t = feed(d, 40, loud, events, t); // a 40 ms click
    feed(d, 2000, idle, events, t);
    expect(events).toEqual([[1000, SilenceEvent.SILENCE]]);
    expect(d.heardSpeech).toBe(false);
  });

  it('keeps short pauses inside speech and accepts frames of any length', () => {
    const d = new SilenceDetector({ holdMs: 500 });
    const events: SilenceEvent[] = [];
    for (let i = 0; i < 20; i++) {
      const e1 = d.push(tone.next(new Int16Array(640))); // 80 ms loud
      const e2 = d.push(new Int16Array(2400)); // 300 ms pause < hold
      for (const e of [e1, e2]) if (e) events.push(e);
    }
    expect(events).toEqual([SilenceEvent.SPEECH]);
    expect(d.push(new Int16Array(1600))).toBe(SilenceEvent.SILENCE); // 300 + 200 = 500 ms
    expect(d.push(new Int16Array(0))).toBeUndefined();
    d.reset();
    expect(d.state).toBe(VoiceState.WAITING);
    expect(d.heardSpeech).toBe(false);
  });
});
