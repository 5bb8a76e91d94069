import type { StepOf } from '@hujiao/shared';
import type { FlowContext } from '../flow-context.ts';
import type { FlowState, FlowTask, TaskResult } from '../task.ts';

/** Jumps to a label of this step list or an enclosing one (the interpreter's step budget bounds loops). */
export class GotoTask implements FlowTask {
  readonly verb = 'goto';
  constructor(readonly step: StepOf<'goto'>) {}

  async run(_ctx: FlowContext, _state: FlowState): Promise<TaskResult> {
    return { kind: 'goto', label: this.step.goto };
  }
}
