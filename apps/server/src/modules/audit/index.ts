export { AuditRepository } from './audit.repository.ts';
export { registerAuditRoutes } from './audit.routes.ts';
export { AuditService } from './audit.service.ts';
