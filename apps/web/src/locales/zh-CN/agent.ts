export const agent = {
  states: {
    'logged-out': '未签入',
    ready: '空闲',
    busy: '置忙',
    ringing: '振铃',
    talking: '通话中',
    hold: '保持',
    'wrap-up': '话后',
  },
  stateSince: '当前状态及持续时间',
  signIn: '签入',
  ready: '置闲',
  busy: '置忙',
  logout: '签出',
};
