export const layout = {
  logout: '退出登录',
  loggedOut: '已退出登录',
  profile: '个人信息',
  platform: '平台',
  welcome: '欢迎使用呼叫中心平台',
  welcomeHint: '请从左侧菜单选择功能。',
  mustChangePassword: '为了账号安全,请先修改初始密码。',
  changePasswordFirst: '请先修改密码:修改后才能打开其他页面。',
  logo: '呼叫中心平台',
};
