export { TenantRepository, type TenantRow } from './tenant.repository.ts';
export { registerTenantRoutes } from './tenant.routes.ts';
export { TenantService } from './tenant.service.ts';
export { tenants } from './tenant.table.ts';
