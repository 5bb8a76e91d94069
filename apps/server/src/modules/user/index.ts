export { UserRepository, type UserRow } from './user.repository.ts';
export { registerUserRoutes } from './user.routes.ts';
export { toUser, type UserInput, UserService } from './user.service.ts';
export { userRoles, users } from './user.table.ts';
