export { type RefusedCallEvent, RefusedCallLog } from './refused-call.log.ts';
export { refusedCalls } from './refused-call.table.ts';
export { RoutingRepository } from './routing.repository.ts';
export { registerRoutingRoutes } from './routing.routes.ts';
export { type DestinationCheck, RoutingService } from './routing.service.ts';
export * from './routing.table.ts';
