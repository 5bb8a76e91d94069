import type { FlowAction, PromptItem, StepOf } from '@hujiao/shared';
import type { FlowContext } from '../flow-context.ts';
import { itemsOf, playItems } from '../play-items.ts';
import { SystemPrompt } from '../prompt-library.ts';
import { type FlowState, type FlowTask, NEXT, runAction, type TaskResult } from '../task.ts';

export const MenuResult = { Chosen: 'chosen', Timeout: 'timeout', Invalid: 'invalid' } as const;
export type MenuResult = (typeof MenuResult)[keyof typeof MenuResult];

type Attempt = { kind: 'chosen'; key: string } | { kind: 'timeout' } | { kind: 'invalid'; digits: string };

/**
 * An IVR node. Each attempt plays the prompt (a digit stops it) and waits timeoutSec for a key; a valid key
 * runs its option. A wrong key plays invalidPrompt and replays, silence plays timeoutPrompt and replays, up to
 * `retries` replays. After the last attempt, silence takes `default` (else onFailure) and a wrong key takes
 * onFailure; with neither the flow goes on after the menu. Keys may have several digits ('11', '*9'): digits
 * are collected while they are the start of a longer key, interDigitSec apart.
 * Sets `menuChoice`, `menuResult` and `into`.
 */
export class MenuTask implements FlowTask {
  readonly verb = 'menu';
  private readonly keys: string[];
  private readonly longest: number;
  private readonly invalidPrompt: PromptItem[];
  private readonly timeoutPrompt: PromptItem[];

  constructor(readonly step: StepOf<'menu'>) {
    this.keys = Object.keys(step.options);
    this.longest = Math.max(...this.keys.map((k) => k.length));
    this.invalidPrompt = step.invalidPrompt ? itemsOf(step.invalidPrompt) : [{ prompt: SystemPrompt.InvalidInput }];
    this.timeoutPrompt = step.timeoutPrompt ? itemsOf(step.timeoutPrompt) : [{ prompt: SystemPrompt.NoInput }];
  }

  async run(ctx: FlowContext, state: FlowState): Promise<TaskResult> {
    const s = this.step;
    await state.answer();
    let last: Attempt = { kind: 'timeout' };
    for (let attempt = 0; attempt <= s.retries; attempt++) {
      await playItems(itemsOf(s.prompt), ctx, state, s.bargeIn);
      if (ctx.signal.aborted) return NEXT;
      last = await this.collect(ctx, state);
      if (ctx.signal.aborted) return NEXT;
      ctx.logger.debug({ attempt, ...last }, 'flow: menu attempt');
      if (last.kind === 'chosen') {
        this.setResult(state, MenuResult.Chosen, last.key);
        return runAction(s.options[last.key] as FlowAction, state);
      }
      if (attempt === s.retries) break;
      if (last.kind === 'invalid') {
        // The rest of a mistyped sequence is dropped; what is pressed during the invalid prompt counts.
        state.digits.clear();
        await playItems(this.invalidPrompt, ctx, state, s.bargeIn);
      } else {
        await playItems(this.timeoutPrompt, ctx, state, s.bargeIn);
      }
      if (ctx.signal.aborted) return NEXT;
    }
    if (last.kind === 'timeout') {
      this.setResult(state, MenuResult.Timeout, '');
      const fallback = s.default;
      if (typeof fallback === 'string') {
        state.vars.menuChoice = fallback;
        if (s.into) state.vars[s.into] = fallback;
        return runAction(s.options[fallback] as FlowAction, state);
      }
      const action = fallback ?? s.onFailure;
      return action ? runAction(action, state) : NEXT;
    }
    this.setResult(state, MenuResult.Invalid, '');
    state.digits.clear();
    return s.onFailure ? runAction(s.onFailure, state) : NEXT;
  }

  private setResult(state: FlowState, result: MenuResult, choice: string): void {
    state.vars.menuResult = result;
    state.vars.menuChoice = choice;
    if (this.step.into) state.vars[this.step.into] = choice;
  }

  private async collect(ctx: FlowContext, state: FlowState): Promise<Attempt> {
    const first = await state.digits.next(this.step.timeoutSec * 1000, ctx.signal);
    if (first === null) return { kind: 'timeout' };
    let typed = first;
    for (let i = 1; i <= this.longest; i++) {
      const exact = this.keys.includes(typed);
      const longer = this.keys.some((k) => k.length > typed.length && k.startsWith(typed));
      if (exact && !longer) return { kind: 'chosen', key: typed };
      if (!longer) return { kind: 'invalid', digits: typed };
      const next = await state.digits.next(this.step.interDigitSec * 1000, ctx.signal);
      if (next === null) return exact ? { kind: 'chosen', key: typed } : { kind: 'invalid', digits: typed };
      typed += next;
    }
    return this.keys.includes(typed) ? { kind: 'chosen', key: typed } : { kind: 'invalid', digits: typed };
  }
}
