import type { Flow, FlowLang, Step } from '@hujiao/shared';
import { DigitBuffer } from './digit-buffer.ts';
import { FlowAbortReason, type FlowContext } from './flow-context.ts';
import { makeTask } from './make-task.ts';
import type { FlowState, FlowTask, TaskResult } from './task.ts';
import { substitute } from './template.ts';
import type { ToneRegion } from './tones.ts';

export const FlowEndReason = {
  /** The last step ran; the leg is still up (the caller of runFlow decides, usually a hangup). */
  Completed: 'completed',
  /** The leg was hung up: by the caller, the far end, or a hangup verb. */
  Hangup: 'hangup',
  /** A command stopped the flow (ctx.signal aborted with 'stopped'). */
  Stopped: 'stopped',
  /** A verb failed (see `error`). */
  Error: 'error',
  /** The step budget ran out (a goto loop). */
  Loop: 'loop',
} as const;
export type FlowEndReason = (typeof FlowEndReason)[keyof typeof FlowEndReason];

export interface FlowRunResult {
  reason: FlowEndReason;
  vars: Record<string, string>;
  /** Steps run, nested ones included. */
  steps: number;
  error?: string;
}

export interface RunFlowOptions {
  /** Steps a run may take, nested and repeated ones included (default 1000): bounds goto loops. */
  maxSteps?: number;
  /** Variables beside the built-ins and the flow's own (e.g. from the route resolver). */
  vars?: Record<string, string>;
  /** Default language of prompts and `say` (default the flow's, else zh-CN). */
  lang?: FlowLang;
  /** Which country's call-progress tones the named tones are (default 'cn'). */
  toneRegion?: ToneRegion;
}

export const DEFAULT_MAX_STEPS = 1000;

class StepBudgetExceeded extends Error {}

class RunState implements FlowState {
  readonly vars: Record<string, string>;
  readonly digits = new DigitBuffer();
  readonly lang: FlowLang;
  readonly toneRegion: ToneRegion;
  stepCount = 0;
  private answered = false;
  private readonly compiled = new WeakMap<Step[], { tasks: FlowTask[]; labels: Map<string, number> }>();

  constructor(
    private readonly ctx: FlowContext,
    flow: Flow,
    private readonly options: RunFlowOptions,
  ) {
    this.lang = options.lang ?? flow.lang ?? 'zh-CN';
    this.toneRegion = options.toneRegion ?? 'cn';
    this.vars = {
      ...flow.vars,
      ...options.vars,
      caller: ctx.caller,
      callee: ctx.callee,
      callId: ctx.callId,
      tenantId: ctx.tenantId,
      lang: this.lang,
      digits: '',
    };
  }

  subst(text: string): string {
    return substitute(text, this.vars);
  }

  async answer(): Promise<void> {
    if (this.answered) return;
    await this.ctx.answer();
    this.answered = true;
  }

  async runSteps(steps: Step[]): Promise<TaskResult> {
    const { tasks, labels } = this.compile(steps);
    const max = this.options.maxSteps ?? DEFAULT_MAX_STEPS;
    let i = 0;
    while (i < tasks.length) {
      if (this.ctx.signal.aborted) return { kind: 'end' };
      if (++this.stepCount > max) throw new StepBudgetExceeded(`more than ${max} steps`);
      const task = tasks[i] as FlowTask;
      this.ctx.logger.debug({ step: i, verb: task.verb, label: steps[i]?.label }, 'flow: step');
      const result = await task.run(this.ctx, this);
      if (result.kind === 'next') i++;
      else if (result.kind === 'goto') {
        const target = labels.get(result.label);
        if (target === undefined) return result; // an enclosing list's label
        i = target;
      } else return result;
    }
    return { kind: 'next' };
  }

  private compile(steps: Step[]) {
    let known = this.compiled.get(steps);
    if (!known) {
      const labels = new Map<string, number>();
      steps.forEach((s, i) => {
        if (s.label) labels.set(s.label, i);
      });
      known = { tasks: steps.map(makeTask), labels };
      this.compiled.set(steps, known);
    }
    return known;
  }
}

function abortReason(signal: AbortSignal): FlowEndReason {
  return signal.reason === FlowAbortReason.Stopped ? FlowEndReason.Stopped : FlowEndReason.Hangup;
}

/**
 * Runs a validated flow (see parseFlow) on a leg. Settles, never rejects: when the leg is hung up or the flow
 * stopped mid-verb (ctx.signal aborted) it ends at once with its timers cleared and listeners removed.
 */
export async function runFlow(flow: Flow, ctx: FlowContext, options: RunFlowOptions = {}): Promise<FlowRunResult> {
  const state = new RunState(ctx, flow, options);
  const offDigit = ctx.onDigit((digit) => state.digits.push(digit));
  const end = (reason: FlowEndReason, error?: string): FlowRunResult => ({
    reason,
    vars: { ...state.vars },
    steps: state.stepCount,
    ...(error !== undefined ? { error } : {}),
  });
  try {
    const result = await state.runSteps(flow.steps);
    if (ctx.signal.aborted) return end(abortReason(ctx.signal));
    if (result.kind === 'end') return end(FlowEndReason.Hangup);
    if (result.kind === 'goto') return end(FlowEndReason.Error, `goto '${result.label}': no such label`);
    return end(FlowEndReason.Completed);
  } catch (e) {
    if (ctx.signal.aborted) return end(abortReason(ctx.signal));
    if (e instanceof StepBudgetExceeded) {
      ctx.logger.warn({ steps: state.stepCount - 1 }, 'flow: step budget exhausted (a goto loop?)');
      return end(FlowEndReason.Loop, e.message);
    }
    const message = e instanceof Error ? e.message : String(e);
    ctx.logger.error({ err: message, flow: flow.name }, 'flow: verb failed');
    return end(FlowEndReason.Error, message);
  } finally {
    offDigit();
  }
}
