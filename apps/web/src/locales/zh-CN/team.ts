export const team = {
  title: '班组管理',
  create: '新增班组',
  edit: '编辑班组',
  name: '班组名称',
  description: '描述',
  leader: '班长',
  members: '成员',
  memberCount: '成员数',
};
