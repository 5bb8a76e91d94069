import type { FlowAction, FlowLang, FlowVerb, Step } from '@hujiao/shared';
import type { DigitBuffer } from './digit-buffer.ts';
import type { FlowContext } from './flow-context.ts';
import type { ToneRegion } from './tones.ts';

/** What a verb did: go on with the next step, jump to a label, or end the flow (the leg was hung up). */
export type TaskResult = { kind: 'next' } | { kind: 'goto'; label: string } | { kind: 'end' };
export const NEXT: TaskResult = { kind: 'next' };

/** The interpreter's state that verbs read and change. */
export interface FlowState {
  /** Flow variables (built-ins and `set`/`into`); strings only. */
  readonly vars: Record<string, string>;
  /** Type-ahead: every digit of the leg, kept until a verb takes it. */
  readonly digits: DigitBuffer;
  readonly lang: FlowLang;
  readonly toneRegion: ToneRegion;
  /** `${var}` substitution with the current variables. */
  subst(text: string): string;
  /** Answers the leg once (verbs that play or listen call it first). */
  answer(): Promise<void>;
  /** Runs nested steps (a menu option, a branch case); a goto to an outer label comes back as the result. */
  runSteps(steps: Step[]): Promise<TaskResult>;
}

/** One verb, built from its validated JSON. `run` settles when the verb is done or `ctx.signal` is aborted. */
export interface FlowTask {
  readonly verb: FlowVerb;
  run(ctx: FlowContext, state: FlowState): Promise<TaskResult>;
}

/** A menu option or branch case: jump, or run its steps in place. */
export function runAction(action: FlowAction, state: FlowState): Promise<TaskResult> {
  if (action.goto !== undefined) return Promise.resolve({ kind: 'goto', label: action.goto });
  return action.steps ? state.runSteps(action.steps) : Promise.resolve(NEXT);
}
