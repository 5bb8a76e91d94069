import type { StepOf } from '@hujiao/shared';
import type { FlowContext } from '../flow-context.ts';
import { childController } from '../signals.ts';
import { type FlowState, type FlowTask, NEXT, type TaskResult } from '../task.ts';
import { BEEP_MS, BEEP_TONE } from '../tones.ts';

/**
 * Records the caller (a beep first by default) up to maxSec, until silenceSec of silence, or the terminator
 * digit. Sets `recordPath`, `recordDurationMs`, `recordReason` and `into` (the path).
 */
export class RecordTask implements FlowTask {
  readonly verb = 'record';
  constructor(readonly step: StepOf<'record'>) {}

  async run(ctx: FlowContext, state: FlowState): Promise<TaskResult> {
    const s = this.step;
    await state.answer();
    state.digits.clear();
    if (s.beep) await ctx.play({ tone: BEEP_TONE, durationMs: BEEP_MS }, ctx.signal);
    if (ctx.signal.aborted) return NEXT;
    const child = childController(ctx.signal);
    let terminated = false;
    const off = state.digits.onPush(() => {
      // Digits during a recording are part of the message, except the terminator.
      while (state.digits.size > 0) {
        if (state.digits.take() === s.terminator) {
          terminated = true;
          child.abort('terminator');
        }
      }
    });
    try {
      const options = { maxSec: s.maxSec, ...(s.silenceSec !== undefined ? { silenceSec: s.silenceSec } : {}) };
      const outcome = await ctx.record(options, child.signal);
      const reason = terminated ? 'terminator' : outcome.reason;
      state.vars.recordPath = outcome.path ?? '';
      state.vars.recordDurationMs = String(Math.round(outcome.durationMs));
      state.vars.recordReason = reason;
      if (s.into) state.vars[s.into] = outcome.path ?? '';
      ctx.logger.debug({ path: outcome.path, durationMs: outcome.durationMs, reason }, 'flow: recorded');
    } finally {
      off();
      child.dispose();
      state.digits.clear();
    }
    return NEXT;
  }
}
