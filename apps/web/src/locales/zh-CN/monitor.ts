/** 坐席监控 and 班长强制操作. */
export const monitor = {
  help: '实时推送,无需刷新;监听、密语、强插使用您绑定的分机(话机或网页电话)',
  agentNo: '工号',
  name: '姓名',
  state: '状态',
  reason: '示忙原因',
  call: '当前通话',
  empty: '您管理的班组中还没有技能组坐席',
  actions: {
    listen: '监听',
    whisper: '密语',
    barge: '强插',
    hangup: '强拆',
    ready: '强制示闲',
    busy: '强制示忙',
    signOut: '强制签出',
  },
  hangupConfirm: '确定挂断 {{name}} 的当前通话?',
  forcedBusy: '班长示忙',
  done: {
    listen: '正在监听:您的话机已接通',
    whisper: '正在密语:只有坐席能听到您',
    barge: '已强插:三方通话',
    hangup: '已强拆该通话',
    state: '已更改坐席状态',
  },
};
