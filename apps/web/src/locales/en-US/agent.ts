import type { Messages } from '../zh-CN/index.ts';

export const agent: Messages['agent'] = {
  states: {
    'logged-out': 'Signed out',
    ready: 'Ready',
    busy: 'Busy',
    ringing: 'Ringing',
    talking: 'Talking',
    hold: 'On hold',
    'wrap-up': 'Wrap-up',
  },
  stateSince: 'Your state and for how long',
  signIn: 'Sign in',
  ready: 'Ready',
  busy: 'Busy',
  logout: 'Sign out',
};
