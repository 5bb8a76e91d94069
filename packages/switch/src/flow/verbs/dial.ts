import type { StepOf } from '@hujiao/shared';
import type { DialTarget, FlowContext, TrunkDialTarget } from '../flow-context.ts';
import { type FlowState, type FlowTask, NEXT, type TaskResult } from '../task.ts';

/** A trunk target with its templates filled in (caller ID and name dropped when empty). */
function substTrunk(t: NonNullable<StepOf<'dial'>['targets'][number]['trunk']>, state: FlowState): TrunkDialTarget {
  const callerId = t.callerId !== undefined ? state.subst(t.callerId) : '';
  const callerName = t.callerName !== undefined ? state.subst(t.callerName) : '';
  return {
    trunkIds: t.trunkIds,
    number: state.subst(t.number),
    ...(callerId ? { callerId } : {}),
    ...(callerName ? { callerName } : {}),
    ...(t.admit ? { admit: true as const } : {}),
  };
}

/**
 * Rings the targets (parallel or one after another) and, when one answers and `bridge` is on, bridges the
 * caller to it until one side hangs up. Sets `dialStatus` (answered, busy, noAnswer, failed, cancelled),
 * `dialSipStatus`, `dialLegId`, `bridgeEndedBy` and `into`; the flow goes on after (a `branch` on
 * `${dialStatus}` picks what next).
 */
export class DialTask implements FlowTask {
  readonly verb = 'dial';
  constructor(readonly step: StepOf<'dial'>) {}

  async run(ctx: FlowContext, state: FlowState): Promise<TaskResult> {
    const s = this.step;
    const targets: DialTarget[] = [];
    for (const t of s.targets) {
      const target: DialTarget | null =
        t.extension !== undefined
          ? { extension: state.subst(t.extension) }
          : t.uri !== undefined
            ? { uri: state.subst(t.uri) }
            : t.trunk !== undefined
              ? { trunk: substTrunk(t.trunk, state) }
              : null;
      const value =
        target && ('extension' in target ? target.extension : 'uri' in target ? target.uri : target.trunk.number);
      if (target && value) targets.push(target);
      else ctx.logger.warn({ target: t }, 'flow: dial target is empty after substitution');
    }
    if (targets.length === 0) {
      this.setOutcome(state, 'failed', null, null);
      return NEXT;
    }
    const callerId = s.callerId !== undefined ? state.subst(s.callerId) || undefined : undefined;
    const options = { strategy: s.strategy, ringTimeoutSec: s.ringTimeoutSec, ...(callerId ? { callerId } : {}) };
    const outcome = await ctx.dial(targets, options, ctx.signal);
    this.setOutcome(state, outcome.result, outcome.sipStatus, outcome.legId);
    ctx.logger.debug({ ...outcome }, 'flow: dial outcome');
    if (outcome.result === 'answered' && outcome.legId && s.bridge && !ctx.signal.aborted) {
      const bridged = await ctx.bridge(outcome.legId, ctx.signal);
      state.vars.bridgeEndedBy = bridged.endedBy;
    }
    // Digits pressed while ringing or talking belong to that conversation, not to the next menu.
    state.digits.clear();
    return NEXT;
  }

  private setOutcome(state: FlowState, result: string, sipStatus: number | null, legId: string | null): void {
    state.vars.dialStatus = result;
    state.vars.dialSipStatus = sipStatus === null ? '' : String(sipStatus);
    state.vars.dialLegId = legId ?? '';
    if (this.step.into) state.vars[this.step.into] = result;
  }
}
