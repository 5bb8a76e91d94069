export { registerCallControlRoutes } from './call-control.routes.ts';
export { CallControlService, type CallEngine } from './call-control.service.ts';
