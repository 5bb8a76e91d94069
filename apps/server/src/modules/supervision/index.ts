export { type MonitorAgentsDeps, startMonitorAgents } from './monitor-agents.ts';
export { type MonitorQueuesDeps, startMonitorQueues } from './monitor-queues.ts';
export { registerSupervisionRoutes } from './supervision.routes.ts';
export { Supervision, type SupervisionDeps } from './supervision.ts';
