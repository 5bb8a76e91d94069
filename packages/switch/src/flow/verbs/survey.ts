import type { StepOf } from '@hujiao/shared';
import type { FlowContext } from '../flow-context.ts';
import { itemsOf, playItems } from '../play-items.ts';
import { type FlowState, type FlowTask, NEXT, type TaskResult } from '../task.ts';

const SCORE = /^[1-5]$/;

/**
 * 满意度评价 (see surveyStep): the prompt asks for a key of 1-5 (a key stops it); a key within timeoutSec is the
 * score, handed to `ctx.survey` (the call record and the `call.survey` event), then the thank-you prompt plays.
 * A wrong key or silence replays the prompt up to `retries` times; after that the verb ends without a score
 * (`ctx.survey(null)`). Sets `surveyScore`.
 */
export class SurveyTask implements FlowTask {
  readonly verb = 'survey';
  constructor(readonly step: StepOf<'survey'>) {}

  async run(ctx: FlowContext, state: FlowState): Promise<TaskResult> {
    const s = this.step;
    await state.answer();
    // Keys pressed while talking to the agent are not a rating.
    state.digits.clear();
    for (let attempt = 0; attempt <= s.retries; attempt++) {
      await playItems(itemsOf(s.prompt), ctx, state, true);
      if (ctx.signal.aborted) return NEXT;
      const key = await state.digits.next(s.timeoutSec * 1000, ctx.signal);
      if (ctx.signal.aborted) return NEXT;
      ctx.logger.debug({ attempt, key }, 'flow: survey key');
      if (key !== null && SCORE.test(key)) {
        state.vars.surveyScore = key;
        ctx.survey(Number(key));
        await playItems(itemsOf(s.thanks), ctx, state, false);
        return NEXT;
      }
      state.digits.clear();
    }
    state.vars.surveyScore = '';
    ctx.survey(null);
    return NEXT;
  }
}
