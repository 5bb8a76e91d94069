export { CallForwardingRepository } from './call-forwarding.repository.ts';
export { registerCallForwardingRoutes } from './call-forwarding.routes.ts';
export { CallForwardingService, type ForwardingRuleRow } from './call-forwarding.service.ts';
export { callForwardings } from './call-forwarding.table.ts';
