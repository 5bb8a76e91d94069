export const workbench = {
  inbound: '今日呼入(已接)',
  outbound: '今日呼出',
  missed: '今日未接',
  voicemail: '未听留言',
  missedCalls: '未接来电',
  lastCall: '上一通 {{number}} · {{talk}}',
  noMissed: '今天没有未接来电',
  number: '来电号码',
  at: '来电时间',
  callBack: '回拨',
  appointments: '到期预约',
  noAppointments: '没有到期的预约',
};
