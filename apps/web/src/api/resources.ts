import type {
  AuditLog,
  createTenantBody,
  createUserBody,
  Department,
  departmentBody,
  Role,
  roleBody,
  Team,
  Tenant,
  teamBody,
  User,
  UserGroup,
  updateTenantBody,
  updateUserBody,
  userGroupBody,
} from '@hujiao/shared';
import { useQuery } from '@tanstack/react-query';
import { api, type QueryParams } from './client.ts';
import {
  type Input,
  useCreate,
  useFullList,
  useItemAction,
  useOptions,
  usePagedList,
  useRemove,
  useUpdate,
} from './crud.ts';

export type CreateTenantBody = Input<typeof createTenantBody>;
export type UpdateTenantBody = Input<typeof updateTenantBody>;
export type DepartmentBody = Input<typeof departmentBody>;
export type RoleBody = Input<typeof roleBody>;
export type CreateUserBody = Input<typeof createUserBody>;
export type UpdateUserBody = Input<typeof updateUserBody>;
export type TeamBody = Input<typeof teamBody>;
export type UserGroupBody = Input<typeof userGroupBody>;

// ---- enterprises ----
export const useTenants = (params: QueryParams) => usePagedList<Tenant>('tenants', params);
export const useCreateTenant = () => useCreate<CreateTenantBody, Tenant>('tenants');
export const useUpdateTenant = () => useUpdate<UpdateTenantBody, Tenant>('tenants');
export const useDeleteTenant = () => useRemove('tenants');
export const useResetAdminPassword = () => useItemAction<{ password: string }>('tenants', 'reset-admin-password');

// ---- departments ----
export const useDepartments = (enabled = true) => useFullList<Department>('departments', enabled);
export const useCreateDepartment = () => useCreate<DepartmentBody, Department>('departments');
export const useUpdateDepartment = () => useUpdate<Partial<DepartmentBody>, Department>('departments');
export const useDeleteDepartment = () => useRemove('departments');

// ---- roles ----
export const useRoles = (enabled = true) => useFullList<Role>('roles', enabled);
export const useCreateRole = () => useCreate<RoleBody, Role>('roles');
export const useUpdateRole = () => useUpdate<Partial<RoleBody>, Role>('roles', ['users']);
export const useDeleteRole = () => useRemove('roles');
export function usePermissionCatalogue(enabled = true) {
  return useQuery({
    queryKey: ['permissions'],
    queryFn: () => api.get<{ modules: Record<string, string[]> }>('/api/permissions'),
    enabled,
    staleTime: 300_000,
  });
}

// ---- users / agents ----
export const useUsers = (params: QueryParams) => usePagedList<User>('users', params);
export const useUserOptions = (enabled = true) => useOptions<User>('users', enabled);
export const useCreateUser = () => useCreate<CreateUserBody, User>('users', ['departments', 'teams', 'roles']);
export const useUpdateUser = () => useUpdate<UpdateUserBody, User>('users', ['departments', 'teams', 'roles']);
export const useDeleteUser = () => useRemove('users', ['departments', 'teams', 'roles']);
export const useResetUserPassword = () => useItemAction<{ password: string }>('users', 'reset-password');
export const useUnlockUser = () => useItemAction<Record<string, never>>('users', 'unlock');

// ---- teams ----
export const useTeams = (params: QueryParams) => usePagedList<Team>('teams', params);
export const useTeamOptions = (enabled = true) => useOptions<Team>('teams', enabled);
export const useCreateTeam = () => useCreate<TeamBody, Team>('teams', ['users']);
export const useUpdateTeam = () => useUpdate<Partial<TeamBody>, Team>('teams', ['users']);
export const useDeleteTeam = () => useRemove('teams', ['users']);

// ---- user groups ----
export const useUserGroups = (params: QueryParams) => usePagedList<UserGroup>('user-groups', params);
export const useCreateUserGroup = () => useCreate<UserGroupBody, UserGroup>('user-groups');
export const useUpdateUserGroup = () => useUpdate<Partial<UserGroupBody>, UserGroup>('user-groups');
export const useDeleteUserGroup = () => useRemove('user-groups');

// ---- audit log ----
export const useAuditLogs = (params: QueryParams) => usePagedList<AuditLog>('audit-logs', params);
