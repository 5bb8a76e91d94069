export const department = {
  title: '部门管理',
  create: '新增部门',
  createChild: '新增子部门',
  edit: '编辑部门',
  name: '部门名称',
  parent: '上级部门',
  parentNone: '无(顶级部门)',
  sort: '排序',
  userCount: '用户数',
};
