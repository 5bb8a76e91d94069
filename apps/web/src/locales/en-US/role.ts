import type { Messages } from '../zh-CN/index.ts';

export const role = {
  title: 'Roles & permissions',
  create: 'New role',
  edit: 'Edit role',
  name: 'Role name',
  description: 'Description',
  type: 'Type',
  builtin: 'Built-in',
  custom: 'Custom',
  permissions: 'Permissions',
  userCount: 'Users',
  enabled: 'Enabled',
  builtinHint: 'A built-in role cannot be deleted or renamed, but its permissions can be changed.',
  builtinNames: {
    platformAdmin: 'Platform administrator',
    enterpriseAdmin: 'Enterprise administrator',
    teamLeader: 'Team leader',
    agent: 'Agent',
    qcInspector: 'QC inspector',
    orderVerifier: 'Order verifier',
  },
} satisfies Messages['role'];
