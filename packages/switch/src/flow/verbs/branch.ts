import type { StepOf } from '@hujiao/shared';
import type { FlowContext } from '../flow-context.ts';
import { type FlowState, type FlowTask, NEXT, runAction, type TaskResult } from '../task.ts';

/** Takes the case matching a value (e.g. `${dialStatus}`), else `default`, else goes on. */
export class BranchTask implements FlowTask {
  readonly verb = 'branch';
  constructor(readonly step: StepOf<'branch'>) {}

  async run(_ctx: FlowContext, state: FlowState): Promise<TaskResult> {
    const value = state.subst(this.step.value);
    const action = Object.hasOwn(this.step.cases, value) ? this.step.cases[value] : this.step.default;
    return action ? runAction(action, state) : NEXT;
  }
}
