export const userGroup = {
  title: '用户组管理',
  create: '新增用户组',
  edit: '编辑用户组',
  name: '用户组名称',
  description: '描述',
  members: '成员',
  memberCount: '成员数',
};
