import type { Messages } from '../zh-CN/index.ts';

export const layout = {
  logout: 'Sign out',
  loggedOut: 'Signed out',
  profile: 'My profile',
  platform: 'Platform',
  welcome: 'Welcome to the contact center platform',
  welcomeHint: 'Pick a function from the menu on the left.',
  mustChangePassword: 'For your account’s safety, change your initial password first.',
  changePasswordFirst: 'Please change your password first: the other pages open once it is changed.',
  live: 'Live',
  replaced: 'Open elsewhere',
  replacedHint:
    'Your workstation was opened in another session: this page no longer gets calls or states; reload it to take over here',
  liveHint: 'Trunk, extension registration and voicemail states are pushed live',
  connecting: 'Connecting',
  reconnecting: 'Reconnecting',
  reconnectingHint: 'The live connection is down and reconnecting; until then states are re-read every 30 s',
  logo: 'Contact Center',
} satisfies Messages['layout'];
