import type { Messages } from '../zh-CN/index.ts';

export const tenant = {
  title: 'Enterprises',
  create: 'New enterprise',
  edit: 'Edit enterprise',
  account: 'Enterprise account',
  accountHint: 'The enterprise account is also the login account of its administrator',
  name: 'Enterprise name',
  contactName: 'Contact person',
  contactPhone: 'Contact phone',
  maxAgents: 'Max agents',
  userCount: 'Users',
  remark: 'Remark',
  adminPassword: 'Admin password',
  platform: 'Platform',
  resetAdminPassword: 'Reset admin password',
  newPassword: 'New password',
  passwordReset: 'The admin password has been reset',
  enabledFilter: 'Status',
  deleteHint: 'Disable the enterprise before deleting it.',
} satisfies Messages['tenant'];
