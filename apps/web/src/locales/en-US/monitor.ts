import type { Messages } from '../zh-CN/index.ts';
import type { monitor as zh } from '../zh-CN/monitor.ts';

export const monitor: Messages<typeof zh> = {
  help: 'Pushed live, no reload; listening, whispering and barging use your own extension (phone or browser phone)',
  agentNo: 'Agent no.',
  name: 'Name',
  state: 'State',
  reason: 'Busy reason',
  call: 'Current call',
  empty: 'No queue agents in the teams you lead yet',
  actions: {
    listen: 'Listen',
    whisper: 'Whisper',
    barge: 'Barge',
    hangup: 'Hang up',
    ready: 'Force ready',
    busy: 'Force busy',
    signOut: 'Sign out',
  },
  queue: {
    title: 'Queues',
    name: 'Queue',
    callers: 'Callers waiting',
    agents: 'Agents',
    signedIn: 'signed in {{n}}',
    ready: 'ready {{n}}',
    onCall: 'on a call {{n}}',
    busy: 'busy {{n}}',
    wrapUp: 'wrap-up {{n}}',
    today: 'Today',
    todayFigures:
      'offered {{offered}} · answered {{answered}} · abandoned {{abandoned}} · service level ({{sec}} s) {{sl}} · abandon rate {{abandonRate}}',
  },
  hangupConfirm: 'Hang up the current call of {{name}}?',
  forcedBusy: 'Set busy by supervisor',
  done: {
    listen: 'Listening: your phone is connected',
    whisper: 'Whispering: only the agent hears you',
    barge: 'Barged in: three-way call',
    hangup: 'The call was hung up',
    state: 'The agent’s state was changed',
  },
};
