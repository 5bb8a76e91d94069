import type { StepOf } from '@hujiao/shared';
import type { FlowContext } from '../flow-context.ts';
import { itemsOf, playItems } from '../play-items.ts';
import { type FlowState, type FlowTask, NEXT, type TaskResult } from '../task.ts';

export const GatherStatus = {
  MaxDigits: 'maxDigits',
  Terminator: 'terminator',
  InterDigitTimeout: 'interDigitTimeout',
  /** Nothing pressed within timeoutSec. */
  Timeout: 'timeout',
} as const;
export type GatherStatus = (typeof GatherStatus)[keyof typeof GatherStatus];

/**
 * Collects DTMF: plays the prompt (a digit stops it when bargeIn), then waits timeoutSec for the first digit
 * and interDigitSec for each next one, up to maxDigits or the terminator (not included). Sets `digits`,
 * `gatherStatus` and `into`.
 */
export class GatherTask implements FlowTask {
  readonly verb = 'gather';
  constructor(readonly step: StepOf<'gather'>) {}

  async run(ctx: FlowContext, state: FlowState): Promise<TaskResult> {
    const s = this.step;
    await state.answer();
    await playItems(itemsOf(s.prompt), ctx, state, s.bargeIn);
    let digits = '';
    let status: GatherStatus = GatherStatus.MaxDigits;
    while (digits.length < s.maxDigits) {
      const wait = (digits.length === 0 ? s.timeoutSec : s.interDigitSec) * 1000;
      const digit = await state.digits.next(wait, ctx.signal);
      if (ctx.signal.aborted) return NEXT;
      if (digit === null) {
        status = digits.length === 0 ? GatherStatus.Timeout : GatherStatus.InterDigitTimeout;
        break;
      }
      if (digit === s.terminator) {
        status = GatherStatus.Terminator;
        break;
      }
      digits += digit;
    }
    state.vars.digits = digits;
    state.vars.gatherStatus = status;
    if (s.into) state.vars[s.into] = digits;
    ctx.logger.debug({ digits, status }, 'flow: gathered');
    return NEXT;
  }
}
