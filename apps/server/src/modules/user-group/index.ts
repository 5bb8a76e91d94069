export { UserGroupRepository } from './user-group.repository.ts';
export { registerUserGroupRoutes } from './user-group.routes.ts';
export { UserGroupService } from './user-group.service.ts';
export { userGroupMembers, userGroups } from './user-group.table.ts';
