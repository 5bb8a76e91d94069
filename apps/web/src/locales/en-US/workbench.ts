import type { Messages } from '../zh-CN/index.ts';

export const workbench: Messages['workbench'] = {
  inbound: 'Answered today',
  outbound: 'Outbound today',
  missed: 'Missed today',
  voicemail: 'New voicemail',
  missedCalls: 'Missed calls',
  lastCall: 'Last call {{number}} · {{talk}}',
  noMissed: 'No missed calls today',
  number: 'Caller',
  at: 'Time',
  callBack: 'Call back',
  appointments: 'Due appointments',
  noAppointments: 'No appointments due',
};
