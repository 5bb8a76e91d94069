import type { FlowVerb, Step, StepOf } from '@hujiao/shared';
import type { FlowTask } from './task.ts';
import { AnswerTask } from './verbs/answer.ts';
import { BranchTask } from './verbs/branch.ts';
import { BridgeTask } from './verbs/bridge.ts';
import { DialTask } from './verbs/dial.ts';
import { EchoTask } from './verbs/echo.ts';
import { EnqueueTask } from './verbs/enqueue.ts';
import { GatherTask } from './verbs/gather.ts';
import { GotoTask } from './verbs/goto.ts';
import { HangupTask } from './verbs/hangup.ts';
import { MenuTask } from './verbs/menu.ts';
import { PauseTask } from './verbs/pause.ts';
import { PlayTask } from './verbs/play.ts';
import { RecordTask } from './verbs/record.ts';
import { SayTask } from './verbs/say.ts';
import { SetTask } from './verbs/set.ts';
import { SurveyTask } from './verbs/survey.ts';
import { VoicemailTask } from './verbs/voicemail.ts';

type Factories = { [V in FlowVerb]: (step: StepOf<V>) => FlowTask };

/** One task class per verb. */
export const taskFactories: Factories = {
  answer: (s) => new AnswerTask(s),
  play: (s) => new PlayTask(s),
  say: (s) => new SayTask(s),
  gather: (s) => new GatherTask(s),
  menu: (s) => new MenuTask(s),
  dial: (s) => new DialTask(s),
  bridge: (s) => new BridgeTask(s),
  record: (s) => new RecordTask(s),
  hangup: (s) => new HangupTask(s),
  goto: (s) => new GotoTask(s),
  set: (s) => new SetTask(s),
  pause: (s) => new PauseTask(s),
  echo: (s) => new EchoTask(s),
  branch: (s) => new BranchTask(s),
  voicemail: (s) => new VoicemailTask(s),
  enqueue: (s) => new EnqueueTask(s),
  survey: (s) => new SurveyTask(s),
};

/** The task for a validated step. */
export function makeTask(step: Step): FlowTask {
  const factory = taskFactories[step.verb] as (s: Step) => FlowTask;
  return factory(step);
}
