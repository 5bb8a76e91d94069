import type { Messages } from '../zh-CN/index.ts';

export const permission = {
  module: {
    tenant: 'Enterprises',
    department: 'Departments',
    user: 'Users & agents',
    role: 'Roles',
    team: 'Teams',
    userGroup: 'User groups',
    audit: 'Operation log',
    apiToken: 'API tokens',
    extension: 'Extensions',
    callRecord: 'Call records',
    auth: 'Sign-in',
  },
  action: {
    view: 'View',
    create: 'Create',
    update: 'Update',
    delete: 'Delete',
    manage: 'Manage',
    listen: 'Listen',
    download: 'Download',
  },
  matrixModule: 'Module',
  selectAll: 'All',
  noneAvailable: 'No permissions to grant',
} satisfies Messages['permission'];
