import type { Messages } from '../zh-CN/index.ts';

export const menu = {
  home: 'Home',
  organization: 'Organization & access',
  tenants: 'Enterprises',
  departments: 'Departments',
  users: 'Users & agents',
  roles: 'Roles & permissions',
  teams: 'Teams',
  userGroups: 'User groups',
  extensions: 'Extensions',
  callRecords: 'Call records',
  auditLogs: 'Operation log',
  profile: 'My profile',
} satisfies Messages['menu'];
