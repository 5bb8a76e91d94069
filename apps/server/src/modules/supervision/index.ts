export { registerSupervisionRoutes } from './supervision.routes.ts';
export { Supervision, type SupervisionDeps } from './supervision.ts';
