import { ChineseTones, type TonePlan, UsTones } from '@hujiao/media';
import type { FlowTone } from '@hujiao/shared';

export type ToneRegion = 'cn' | 'us';

/** The beep before a recording: 1 kHz. */
export const BEEP_TONE: TonePlan = { frequencies: [1000], cadenceMs: [], levelDbm0: -10 };
export const BEEP_MS = 300;
/** The switch's own hold music when none is set: a soft two-tone cadence (a held party, a queue's caller). */
export const HOLD_TONE: TonePlan = { frequencies: [440, 660], cadenceMs: [400, 1600], levelDbm0: -18 };

/** A flow's tone as a plan, and how long it plays when the step gives no duration (undefined: until stopped). */
export function tonePlanOf(tone: FlowTone, region: ToneRegion): { plan: TonePlan; defaultMs?: number } {
  if (typeof tone === 'object') return { plan: tone };
  const tones = region === 'us' ? UsTones : ChineseTones;
  switch (tone) {
    case 'beep':
      return { plan: BEEP_TONE, defaultMs: BEEP_MS };
    case 'callWaiting':
      // China: 450 Hz 0.4 s on 4 s off; North America: 440 Hz 0.3 s on, about every 10 s.
      return {
        plan:
          region === 'us'
            ? { frequencies: [440], cadenceMs: [300, 9700], levelDbm0: -13 }
            : { frequencies: [450], cadenceMs: [400, 4000], levelDbm0: -10 },
      };
    case 'congestion':
      return { plan: region === 'us' ? UsTones.reorder : ChineseTones.congestion };
    default:
      return { plan: tones[tone] };
  }
}
