export const permission = {
  module: {
    tenant: '企业管理',
    department: '部门管理',
    user: '用户/坐席',
    role: '角色权限',
    team: '班组管理',
    userGroup: '用户组管理',
    audit: '操作日志',
    apiToken: 'API 令牌',
    auth: '登录认证',
  },
  action: {
    view: '查看',
    create: '新增',
    update: '修改',
    delete: '删除',
    manage: '管理',
  },
  matrixModule: '模块',
  selectAll: '全选',
  noneAvailable: '暂无可分配的权限',
};
