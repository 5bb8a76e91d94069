import type { Messages } from '../zh-CN/index.ts';

export const layout = {
  logout: 'Sign out',
  loggedOut: 'Signed out',
  profile: 'My profile',
  platform: 'Platform',
  welcome: 'Welcome to the contact center platform',
  welcomeHint: 'Pick a function from the menu on the left.',
  mustChangePassword: 'For your account’s safety, change your initial password first.',
} satisfies Messages['layout'];
