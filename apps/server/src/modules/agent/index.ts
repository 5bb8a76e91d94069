export { AcdRuntime, type AcdRuntimeDeps } from './acd-runtime.ts';
export { registerAgentRoutes } from './agent.routes.ts';
export { startAgentLive } from './agent-live.ts';
