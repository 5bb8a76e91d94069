export { CallerIdRepository } from './caller-id.repository.ts';
export { registerCallerIdRoutes } from './caller-id.routes.ts';
export { CallerIdService, type VoiceCodeCaller } from './caller-id.service.ts';
export { callerIds } from './caller-id.table.ts';
