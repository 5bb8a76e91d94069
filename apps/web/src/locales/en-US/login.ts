import type { Messages } from '../zh-CN/index.ts';

export const login = {
  title: 'Contact Center Platform',
  subtitle: 'Sign in to your account',
  tabAccount: 'Enterprise sign-in',
  tabAgent: 'Agent sign-in',
  tabMobile: 'Mobile sign-in',
  account: 'Account',
  accountPlaceholder: 'Enterprise account or login account',
  agentAccount: 'Agent no.@enterprise',
  agentPlaceholder: 'e.g. 8001@acme',
  mobile: 'Mobile number',
  mobilePlaceholder: 'Your bound phone number',
  password: 'Password',
  passwordPlaceholder: 'Enter your password',
  submit: 'Sign in',
  success: 'Signed in',
  accountRequired: 'Enter your account',
  agentRequired: 'Enter agent no.@enterprise',
  agentPattern: 'Use the form agentNo@enterprise, e.g. 8001@acme',
  mobileRequired: 'Enter your mobile number',
  passwordRequired: 'Enter your password',
} satisfies Messages['login'];
