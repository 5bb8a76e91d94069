import type { Messages } from '../zh-CN/index.ts';

export const userGroup = {
  title: 'User groups',
  create: 'New user group',
  edit: 'Edit user group',
  name: 'Group name',
  description: 'Description',
  members: 'Members',
  memberCount: 'Members',
} satisfies Messages['userGroup'];
