import type { StepOf } from '@hujiao/shared';
import type { FlowContext } from '../flow-context.ts';
import { playItems } from '../play-items.ts';
import { type FlowState, type FlowTask, NEXT, type TaskResult } from '../task.ts';

/** Reads digits one by one, or a number as words (zh-CN 一千零二十, en-US one thousand twenty), from prompt files. */
export class SayTask implements FlowTask {
  readonly verb = 'say';
  constructor(readonly step: StepOf<'say'>) {}

  async run(ctx: FlowContext, state: FlowState): Promise<TaskResult> {
    const { digits, number, lang, bargeIn } = this.step;
    await playItems([{ digits, number, lang }], ctx, state, bargeIn);
    return NEXT;
  }
}
