import type { Messages } from '../zh-CN/index.ts';

export const validation = {
  required: 'Enter {{field}}',
  requiredSelect: 'Select {{field}}',
  maxLength: '{{field}} can have at most {{max}} characters',
  lengthRange: '{{field}} must have {{min}}-{{max}} characters',
  account: 'Letters, digits and _ . - only, starting with a letter or digit, 2-32 characters',
  agentNo: 'The agent number has 2-10 digits',
  mobile: 'Enter a valid phone number (6-15 digits, optional +)',
  email: 'Enter a valid e-mail address',
  password: 'At least 8 characters with letters and digits',
  passwordMax: 'At most 128 characters',
  passwordMismatch: 'The two passwords differ',
  loginName: 'Fill in at least one of login account, agent number, mobile',
  extensionNumber: 'The extension number must be 3-8 digits',
  sipPassword: 'The SIP password has 8-64 visible characters with letters and digits',
  sipPasswordForNumber: 'Set a new SIP password when changing the extension number',
  callerId: 'The caller ID has 3-20 digits, optional +',
  integerRange: 'Enter a whole number from {{min}} to {{max}}',
} satisfies Messages['validation'];
