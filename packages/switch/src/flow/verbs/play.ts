import type { PromptItem, StepOf } from '@hujiao/shared';
import type { FlowContext } from '../flow-context.ts';
import { playItems } from '../play-items.ts';
import { type FlowState, type FlowTask, NEXT, type TaskResult } from '../task.ts';
import { tonePlanOf } from '../tones.ts';

/** Upper bound of `loops: 0` ("until interrupted"), so a source that ends at once cannot spin. */
export const MAX_PLAY_LOOPS = 10_000;

/** Plays a file, a library prompt or a tone, `loops` times (0: until hangup, stop, or a digit with bargeIn). */
export class PlayTask implements FlowTask {
  readonly verb = 'play';
  private readonly item: PromptItem;

  constructor(readonly step: StepOf<'play'>) {
    const { file, prompt, tone, durationSec, lang } = step;
    this.item = { file, prompt, tone, durationSec, lang };
  }

  async run(ctx: FlowContext, state: FlowState): Promise<TaskResult> {
    const loops = this.step.loops === 0 ? MAX_PLAY_LOOPS : this.step.loops;
    // A tone without a length plays until interrupted: once is enough.
    const tone = this.item.tone;
    const endless =
      tone !== undefined && this.item.durationSec === undefined && !tonePlanOf(tone, state.toneRegion).defaultMs;
    for (let i = 0; i < (endless ? 1 : loops); i++) {
      const end = await playItems([this.item], ctx, state, this.step.bargeIn);
      if (end !== 'done') break;
    }
    return NEXT;
  }
}
