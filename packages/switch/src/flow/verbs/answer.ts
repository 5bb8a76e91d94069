import type { StepOf } from '@hujiao/shared';
import type { FlowContext } from '../flow-context.ts';
import { type FlowState, type FlowTask, NEXT, type TaskResult } from '../task.ts';

/** Answers the leg (200 OK); verbs that play or listen answer by themselves when the flow did not. */
export class AnswerTask implements FlowTask {
  readonly verb = 'answer';
  constructor(readonly step: StepOf<'answer'>) {}

  async run(_ctx: FlowContext, state: FlowState): Promise<TaskResult> {
    await state.answer();
    return NEXT;
  }
}
