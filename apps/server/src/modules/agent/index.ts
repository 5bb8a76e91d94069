export { AcdRuntime, type AcdRuntimeDeps } from './acd-runtime.ts';
export { registerAgentRoutes } from './agent.routes.ts';
export { AgentCalls } from './agent-calls.ts';
export { registerAgentDayRoutes } from './agent-day.routes.ts';
export { startAgentLive } from './agent-live.ts';
export { AgentRedirect } from './agent-redirect.ts';
export { AgentStateLogRepository } from './state-log.repository.ts';
export { registerAgentStateLogRoutes } from './state-log.routes.ts';
export { AgentStateLogWriter } from './state-log.writer.ts';
