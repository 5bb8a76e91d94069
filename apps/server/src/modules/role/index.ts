export { RoleRepository, type RoleRow } from './role.repository.ts';
export { registerRoleRoutes } from './role.routes.ts';
export { isPlatformPermission, RoleService } from './role.service.ts';
export { roles } from './role.table.ts';
