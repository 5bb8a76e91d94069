export { RoutingRepository } from './routing.repository.ts';
export { registerRoutingRoutes } from './routing.routes.ts';
export { type DestinationCheck, RoutingService } from './routing.service.ts';
export * from './routing.table.ts';
