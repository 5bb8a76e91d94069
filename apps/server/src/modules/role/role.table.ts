import { boolean, index, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { tenants } from '../tenant/tenant.table.ts';

/** 角色: a named permission set inside one tenant; built-in roles carry a code. */
export const roles = pgTable(
  'roles',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    code: text('code'),
    description: text('description'),
    permissions: jsonb('permissions').$type<string[]>().notNull().default([]),
    /**
     * Built-in roles: every permission that existed when the role was last brought up to date with its built-in
     * definition. A later release's new permissions are those not in here (null: created before this column).
     */
    knownPermissions: jsonb('known_permissions').$type<string[]>(),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('roles_name_unique').on(t.tenantId, t.name),
    unique('roles_code_unique').on(t.tenantId, t.code),
    index('roles_tenant_idx').on(t.tenantId),
  ],
);
