export { DepartmentRepository } from './department.repository.ts';
export { registerDepartmentRoutes } from './department.routes.ts';
export { DepartmentService } from './department.service.ts';
export { departments } from './department.table.ts';
