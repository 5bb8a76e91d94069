import type { Messages } from '../zh-CN/index.ts';

export const team = {
  title: 'Teams',
  create: 'New team',
  edit: 'Edit team',
  name: 'Team name',
  description: 'Description',
  leader: 'Team leader',
  members: 'Members',
  memberCount: 'Members',
} satisfies Messages['team'];
