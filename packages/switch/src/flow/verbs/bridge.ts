import type { StepOf } from '@hujiao/shared';
import type { FlowContext } from '../flow-context.ts';
import { type FlowState, type FlowTask, NEXT, type TaskResult } from '../task.ts';

/** Bridges the flow's leg with another leg (e.g. `${dialLegId}` of a dial with bridge: false). */
export class BridgeTask implements FlowTask {
  readonly verb = 'bridge';
  constructor(readonly step: StepOf<'bridge'>) {}

  async run(ctx: FlowContext, state: FlowState): Promise<TaskResult> {
    const legId = state.subst(this.step.legId);
    if (!legId) throw new Error(`bridge: '${this.step.legId}' is empty`);
    const outcome = await ctx.bridge(legId, ctx.signal);
    state.vars.bridgeEndedBy = outcome.endedBy;
    state.digits.clear();
    return NEXT;
  }
}
