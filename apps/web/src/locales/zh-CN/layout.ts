export const layout = {
  logout: '退出登录',
  loggedOut: '已退出登录',
  profile: '个人信息',
  platform: '平台',
  welcome: '欢迎使用呼叫中心平台',
  welcomeHint: '请从左侧菜单选择功能。',
  mustChangePassword: '为了账号安全,请先修改初始密码。',
};
