export { AgentDayRepository } from './agent-day.repository.ts';
export { type CallRecordInsert, CallRecordRepository, type OpenCallRecordInsert } from './call-record.repository.ts';
export { registerCallRecordRoutes } from './call-record.routes.ts';
export { CallRecordService, type InterruptedCalls, type RecordingRepair } from './call-record.service.ts';
export { type CallLegData, CallRecordState, callRecords } from './call-record.table.ts';
export { CallRecordScope } from './call-record-scope.ts';
export { type QueueCallPatch, QueueCallRepository } from './queue-call.repository.ts';
export { queueCalls } from './queue-call.table.ts';
