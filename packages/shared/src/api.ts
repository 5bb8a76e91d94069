/**
 * HTTP API contract shared by the server (validation, OpenAPI) and the web console (types).
 * Field rules here are the single source for both sides.
 */
import { z } from 'zod';
import { ALL_PERMISSIONS } from './permissions.ts';

const id = z.uuid();
const trimmed = (max: number) => z.string().trim().min(1).max(max);
const optionalText = (max: number) => z.string().trim().max(max).optional();
/** Letters, digits and `_.-`, starting with a letter or digit: login accounts and enterprise accounts. */
export const accountName = z
  .string()
  .trim()
  .min(2)
  .max(32)
  .regex(/^[A-Za-z0-9][A-Za-z0-9_.-]*$/, { message: 'account' });
export const agentNo = z
  .string()
  .trim()
  .regex(/^\d{2,10}$/, { message: 'agentNo' });
/** Mainland mobile or an international number with a leading +. */
export const mobile = z
  .string()
  .trim()
  .regex(/^(\+?\d{6,15})$/, { message: 'mobile' });
export const password = z.string().min(8).max(128);
export const permission = z.enum(ALL_PERMISSIONS as [string, ...string[]]);

export const pageQuery = z.object({
  page: z.coerce.number().int().min(1).default(1),
  pageSize: z.coerce.number().int().min(1).max(100).default(20),
  keyword: z.string().trim().max(64).optional(),
});
export const page = <T extends z.ZodType>(item: T) => z.object({ items: z.array(item), total: z.number().int() });
/**
 * A page of a list that may be huge (customers): `total` is exact up to LIST_COUNT_CAP; beyond it counting would
 * cost more than the page itself, so `total` is the cap and `totalCapped` is true (shown as "10,000+").
 */
export const LIST_COUNT_CAP = 10_000;
export const cappedPage = <T extends z.ZodType>(item: T) =>
  z.object({ items: z.array(item), total: z.number().int(), totalCapped: z.boolean() });
export const idParams = z.object({ id });
export const okResponse = z.object({ ok: z.literal(true) });
const boolQuery = z.enum(['true', 'false']).transform((v) => v === 'true');
const timestamp = z.string();

// ---- auth ----
export const loginModes = ['account', 'agent', 'mobile'] as const;
export const loginBody = z.object({
  mode: z.enum(loginModes),
  /** account: enterprise/user account; agent: `agentNo@enterpriseAccount`; mobile: bound phone number. */
  account: trimmed(80),
  password: z.string().min(1).max(128),
});
export const meResponse = z.object({
  id,
  tenantId: id,
  tenantName: z.string(),
  tenantAccount: z.string(),
  isPlatform: z.boolean(),
  username: z.string().nullable(),
  agentNo: z.string().nullable(),
  name: z.string(),
  mobile: z.string().nullable(),
  email: z.string().nullable(),
  agentType: z.string().nullable(),
  departmentName: z.string().nullable(),
  teamName: z.string().nullable(),
  roles: z.array(z.string()),
  /** Parallel to `roles`: the built-in role's code (the console shows its translated name), null for custom roles. */
  roleCodes: z.array(z.string().nullable()),
  permissions: z.array(z.string()),
  mustChangePassword: z.boolean(),
  lastLoginAt: timestamp.nullable(),
  csrfToken: z.string(),
});
/** GET /api/auth/session: the signed-in user or null, always 200 (the console's start-up probe logs no 401). */
export const sessionResponse = z.object({ me: meResponse.nullable() });
export const changePasswordBody = z.object({ oldPassword: z.string().min(1).max(128), newPassword: password });
/** 示忙锁屏: the signed-in user's own password unlocks the workstation. */
export const unlockBody = z.object({ password: z.string().min(1).max(128) });
export const profileBody = z.object({
  name: trimmed(40),
  email: z.email().max(120).nullable().optional(),
  mobile: mobile.nullable().optional(),
});
export const apiTokenBody = z.object({
  name: trimmed(40),
  expiresInDays: z.number().int().min(1).max(3650).optional(),
});
export const apiToken = z.object({
  id,
  name: z.string(),
  prefix: z.string(),
  createdAt: timestamp,
  lastUsedAt: timestamp.nullable(),
  expiresAt: timestamp.nullable(),
});
export const apiTokenCreated = apiToken.extend({ token: z.string() });

// ---- tenants (platform operator) ----
export const tenant = z.object({
  id,
  account: z.string(),
  name: z.string(),
  contactName: z.string().nullable(),
  contactPhone: z.string().nullable(),
  maxAgents: z.number().int(),
  remark: z.string().nullable(),
  enabled: z.boolean(),
  isPlatform: z.boolean(),
  userCount: z.number().int(),
  createdAt: timestamp,
});
export const tenantQuery = pageQuery.extend({ enabled: boolQuery.optional() });
export const createTenantBody = z.object({
  account: accountName,
  name: trimmed(60),
  contactName: optionalText(40),
  contactPhone: mobile.optional().or(z.literal('')),
  maxAgents: z.number().int().min(1).max(100000).default(50),
  remark: optionalText(200),
  adminPassword: password,
  /** The enterprise admin's mobile (login mode 手机号) and 工号 (login mode 工号@企业账号), both optional. */
  adminMobile: mobile.optional().or(z.literal('')),
  adminAgentNo: agentNo.optional().or(z.literal('')),
});
export const updateTenantBody = z.object({
  name: trimmed(60).optional(),
  contactName: optionalText(40),
  contactPhone: mobile.optional().or(z.literal('')),
  maxAgents: z.number().int().min(1).max(100000).optional(),
  remark: optionalText(200),
  enabled: z.boolean().optional(),
});
export const resetPasswordBody = z.object({ password });

// ---- departments ----
export const department = z.object({
  id,
  parentId: id.nullable(),
  name: z.string(),
  sort: z.number().int(),
  userCount: z.number().int(),
  createdAt: timestamp,
});
export const departmentBody = z.object({
  name: trimmed(40),
  parentId: id.nullable().optional(),
  sort: z.number().int().min(0).max(9999).default(0),
});
// Update bodies re-declare defaulted fields without defaults: zod's .partial() keeps creation defaults, which
// would overwrite stored values (roles, members, enabled…) on every PATCH that leaves them out.
export const updateDepartmentBody = departmentBody.extend({ sort: z.number().int().min(0).max(9999) }).partial();

// ---- roles ----
export const role = z.object({
  id,
  name: z.string(),
  code: z.string().nullable(),
  builtin: z.boolean(),
  description: z.string().nullable(),
  permissions: z.array(z.string()),
  enabled: z.boolean(),
  userCount: z.number().int(),
  createdAt: timestamp,
});
export const roleBody = z.object({
  name: trimmed(40),
  description: optionalText(200),
  permissions: z.array(permission).max(200).default([]),
  enabled: z.boolean().default(true),
});
export const updateRoleBody = roleBody
  .extend({ permissions: z.array(permission).max(200), enabled: z.boolean() })
  .partial();
export const permissionCatalogue = z.object({ modules: z.record(z.string(), z.array(z.string())) });

// ---- users / agents ----
export const agentTypes = ['agent', 'teamLeader'] as const;
export const user = z.object({
  id,
  username: z.string().nullable(),
  agentNo: z.string().nullable(),
  name: z.string(),
  mobile: z.string().nullable(),
  email: z.string().nullable(),
  agentType: z.enum(agentTypes).nullable(),
  departmentId: id.nullable(),
  departmentName: z.string().nullable(),
  teamId: id.nullable(),
  teamName: z.string().nullable(),
  roleIds: z.array(id),
  roleNames: z.array(z.string()),
  /** Parallel to `roleNames`: the built-in role's code (the console shows its translated name), null for custom roles. */
  roleCodes: z.array(z.string().nullable()),
  enabled: z.boolean(),
  locked: z.boolean(),
  lastLoginAt: timestamp.nullable(),
  createdAt: timestamp,
});
export const userQuery = pageQuery.extend({
  departmentId: id.optional(),
  teamId: id.optional(),
  roleId: id.optional(),
  agentType: z.enum(agentTypes).optional(),
  enabled: boolQuery.optional(),
});
const userFields = {
  username: accountName.nullable().optional(),
  agentNo: agentNo.nullable().optional(),
  name: trimmed(40),
  mobile: mobile.nullable().optional(),
  email: z.email().max(120).nullable().optional(),
  agentType: z.enum(agentTypes).nullable().optional(),
  departmentId: id.nullable().optional(),
  teamId: id.nullable().optional(),
  roleIds: z.array(id).max(20).default([]),
  enabled: z.boolean().default(true),
};
export const createUserBody = z
  .object({ ...userFields, password })
  .refine((u) => u.username || u.agentNo || u.mobile, { message: 'loginName', path: ['username'] });
export const updateUserBody = z.object({ ...userFields, roleIds: z.array(id).max(20), enabled: z.boolean() }).partial();

// ---- teams (班组) and user groups ----
export const team = z.object({
  id,
  name: z.string(),
  description: z.string().nullable(),
  leaderId: id.nullable(),
  leaderName: z.string().nullable(),
  memberIds: z.array(id),
  createdAt: timestamp,
});
export const teamBody = z.object({
  name: trimmed(40),
  description: optionalText(200),
  leaderId: id.nullable().optional(),
  memberIds: z.array(id).max(1000).default([]),
});
export const updateTeamBody = teamBody.extend({ memberIds: z.array(id).max(1000) }).partial();
export const userGroup = z.object({
  id,
  name: z.string(),
  description: z.string().nullable(),
  memberIds: z.array(id),
  createdAt: timestamp,
});
export const userGroupBody = z.object({
  name: trimmed(40),
  description: optionalText(200),
  memberIds: z.array(id).max(1000).default([]),
});
export const updateUserGroupBody = userGroupBody.extend({ memberIds: z.array(id).max(1000) }).partial();

// ---- audit log ----
export const auditLog = z.object({
  id,
  /** The entry as a sentence with names, in the reader's language ("张三 修改了用户 李四：角色 坐席 → 班长"). */
  summary: z.string(),
  userId: id.nullable(),
  userName: z.string().nullable(),
  action: z.string(),
  module: z.string(),
  targetId: z.string().nullable(),
  detail: z.record(z.string(), z.unknown()).nullable(),
  ip: z.string().nullable(),
  createdAt: timestamp,
});
export const auditQuery = pageQuery.extend({
  module: z.string().max(40).optional(),
  action: z.string().max(40).optional(),
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
});

export type LoginBody = z.infer<typeof loginBody>;
export type Me = z.infer<typeof meResponse>;
export type Tenant = z.infer<typeof tenant>;
export type Department = z.infer<typeof department>;
export type Role = z.infer<typeof role>;
export type User = z.infer<typeof user>;
export type Team = z.infer<typeof team>;
export type UserGroup = z.infer<typeof userGroup>;
export type AuditLog = z.infer<typeof auditLog>;
export type ApiToken = z.infer<typeof apiToken>;
export type Page<T> = { items: T[]; total: number; totalCapped?: boolean };
