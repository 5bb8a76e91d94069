import type { StepOf } from '@hujiao/shared';
import type { FlowContext } from '../flow-context.ts';
import { sleep } from '../signals.ts';
import { type FlowState, type FlowTask, NEXT, type TaskResult } from '../task.ts';

/** Waits (digits pressed meanwhile stay buffered). */
export class PauseTask implements FlowTask {
  readonly verb = 'pause';
  constructor(readonly step: StepOf<'pause'>) {}

  async run(ctx: FlowContext, _state: FlowState): Promise<TaskResult> {
    await sleep(Math.round(this.step.sec * 1000), ctx.signal);
    return NEXT;
  }
}
