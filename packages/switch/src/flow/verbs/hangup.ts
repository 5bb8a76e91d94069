import type { StepOf } from '@hujiao/shared';
import type { FlowContext } from '../flow-context.ts';
import type { FlowState, FlowTask, TaskResult } from '../task.ts';

/** Ends the leg with a cause (default normal) and the flow with it. */
export class HangupTask implements FlowTask {
  readonly verb = 'hangup';
  constructor(readonly step: StepOf<'hangup'>) {}

  async run(ctx: FlowContext, _state: FlowState): Promise<TaskResult> {
    ctx.hangup(this.step.cause);
    return { kind: 'end' };
  }
}
