import type { IvrMenuNode } from '@hujiao/shared';
import { index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { tenants } from '../tenant/tenant.table.ts';
import { users } from '../user/user.table.ts';

/** IVR管理: a menu (name, description) whose tree lives in versions; `version` is the current one. */
export const ivrMenus = pgTable(
  'ivr_menus',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    version: integer('version').notNull().default(1),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('ivr_menus_name_unique').on(t.tenantId, t.name), index('ivr_menus_tenant_idx').on(t.tenantId)],
);

/** Every saved tree of a menu, kept: the history, and what a roll-back copies into a new version. */
export const ivrMenuVersions = pgTable(
  'ivr_menu_versions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    menuId: uuid('menu_id')
      .notNull()
      .references(() => ivrMenus.id, { onDelete: 'cascade' }),
    version: integer('version').notNull(),
    tree: jsonb('tree').$type<IvrMenuNode>().notNull(),
    note: text('note').notNull().default(''),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('ivr_menu_versions_unique').on(t.menuId, t.version)],
);
