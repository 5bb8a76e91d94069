import type { Call } from './call.ts';
import type { CallEnd } from './routing.ts';

/** Runs `done` once when the call ends (at once if it has), with its talk time. */
export function whenEnded(call: Call, done: (end: CallEnd) => void): void {
  const end = (): CallEnd => {
    const answered = call.answeredAt?.getTime();
    const ended = call.endedAt?.getTime() ?? Date.now();
    return { talkSec: answered === undefined ? 0 : Math.max(0, Math.round((ended - answered) / 1000)) };
  };
  if (call.isEnded) {
    done(end());
    return;
  }
  const before = call.options.onEnd;
  call.options.onEnd = (c) => {
    before?.(c);
    done(end());
  };
}
