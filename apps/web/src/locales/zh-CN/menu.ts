export const menu = {
  home: '首页',
  organization: '组织与权限',
  tenants: '企业管理',
  departments: '部门管理',
  users: '用户/坐席管理',
  roles: '角色权限',
  teams: '班组管理',
  userGroups: '用户组管理',
  extensions: '分机管理',
  callRecords: '通话记录',
  auditLogs: '操作日志',
  profile: '个人信息',
};
