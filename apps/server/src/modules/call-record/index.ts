export { type CallRecordInsert, CallRecordRepository } from './call-record.repository.ts';
export { registerCallRecordRoutes } from './call-record.routes.ts';
export { CallRecordService } from './call-record.service.ts';
export { type CallLegData, callRecords } from './call-record.table.ts';
