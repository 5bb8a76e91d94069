export * from './api.ts';
export * from './api-crm.ts';
export * from './api-telephony.ts';
export * from './call-commands.ts';
export * from './call-events.ts';
export * from './errors.ts';
export * from './flow.ts';
export * from './permissions.ts';
