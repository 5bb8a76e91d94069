import type { StepOf } from '@hujiao/shared';
import type { FlowContext } from '../flow-context.ts';
import { childController } from '../signals.ts';
import { type FlowState, type FlowTask, NEXT, type TaskResult } from '../task.ts';

/** Echo test: sends back what the caller sends, until hangup or durationSec. */
export class EchoTask implements FlowTask {
  readonly verb = 'echo';
  constructor(readonly step: StepOf<'echo'>) {}

  async run(ctx: FlowContext, state: FlowState): Promise<TaskResult> {
    await state.answer();
    const child = childController(ctx.signal);
    const { durationSec } = this.step;
    const timer = durationSec !== undefined ? setTimeout(() => child.abort('duration'), durationSec * 1000) : undefined;
    try {
      await ctx.echo(child.signal);
    } finally {
      clearTimeout(timer);
      child.dispose();
      state.digits.clear();
    }
    return NEXT;
  }
}
