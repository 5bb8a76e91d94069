import type { StepOf } from '@hujiao/shared';
import type { FlowContext } from '../flow-context.ts';
import { type FlowState, type FlowTask, NEXT, type TaskResult } from '../task.ts';

/** Sets a variable; a string value is a template. */
export class SetTask implements FlowTask {
  readonly verb = 'set';
  constructor(readonly step: StepOf<'set'>) {}

  async run(_ctx: FlowContext, state: FlowState): Promise<TaskResult> {
    const { name, value } = this.step;
    state.vars[name] = typeof value === 'string' ? state.subst(value) : String(value);
    return NEXT;
  }
}
