import { boolean, index, integer, pgTable, primaryKey, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { departments } from '../department/department.table.ts';
import { roles } from '../role/role.table.ts';
import { teams } from '../team/team.table.ts';
import { tenants } from '../tenant/tenant.table.ts';

/** 用户 / 坐席: every person who signs in; agent fields (工号, type, mobile for callback) are optional. */
export const users = pgTable(
  'users',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** Login account: globally unique, lower case (the enterprise admin's is the enterprise account). */
    username: text('username').unique('users_username_unique'),
    /** 工号: unique inside the tenant. */
    agentNo: text('agent_no'),
    name: text('name').notNull(),
    passwordHash: text('password_hash').notNull(),
    /** Bound mobile: callback number and a login name, so globally unique. */
    mobile: text('mobile').unique('users_mobile_unique'),
    email: text('email'),
    agentType: text('agent_type').$type<'agent' | 'teamLeader'>(),
    departmentId: uuid('department_id').references(() => departments.id, { onDelete: 'set null' }),
    teamId: uuid('team_id').references(() => teams.id, { onDelete: 'set null' }),
    enabled: boolean('enabled').notNull().default(true),
    mustChangePassword: boolean('must_change_password').notNull().default(false),
    failedLogins: integer('failed_logins').notNull().default(0),
    lockedUntil: timestamp('locked_until', { withTimezone: true }),
    lastLoginAt: timestamp('last_login_at', { withTimezone: true }),
    lastLoginIp: text('last_login_ip'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('users_agent_no_unique').on(t.tenantId, t.agentNo), index('users_tenant_idx').on(t.tenantId)],
);

export const userRoles = pgTable(
  'user_roles',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    roleId: uuid('role_id')
      .notNull()
      .references(() => roles.id),
  },
  (t) => [primaryKey({ columns: [t.userId, t.roleId] }), index('user_roles_role_idx').on(t.roleId)],
);
