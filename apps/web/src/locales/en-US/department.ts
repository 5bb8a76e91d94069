import type { Messages } from '../zh-CN/index.ts';

export const department = {
  title: 'Departments',
  create: 'New department',
  createChild: 'New sub-department',
  edit: 'Edit department',
  name: 'Department name',
  parent: 'Parent department',
  parentNone: 'None (top level)',
  sort: 'Sort order',
  userCount: 'Users',
} satisfies Messages['department'];
