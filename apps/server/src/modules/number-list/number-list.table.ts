import { index, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { tenants } from '../tenant/tenant.table.ts';
import { users } from '../user/user.table.ts';

/**
 * 黑名单/红名单: numbers or prefixes refused (black) or put first (red), inbound, outbound or both. A new or edited
 * entry waits for review (待审核); only approved, unexpired entries take effect.
 */
export const numberListEntries = pgTable(
  'number_list_entries',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    list: text('list').notNull(),
    direction: text('direction').notNull(),
    number: text('number').notNull(),
    match: text('match').notNull(),
    reason: text('reason').notNull().default(''),
    expiresAt: timestamp('expires_at', { withTimezone: true }),
    /** What a blacklisted inbound caller gets (null = the enterprise default: busy). */
    action: text('action'),
    status: text('status').notNull().default('pending'),
    reviewComment: text('review_comment'),
    reviewedBy: uuid('reviewed_by').references(() => users.id, { onDelete: 'set null' }),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    createdBy: uuid('created_by').references(() => users.id, { onDelete: 'set null' }),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('number_list_entries_unique').on(t.tenantId, t.list, t.direction, t.number, t.match),
    index('number_list_entries_tenant_idx').on(t.tenantId, t.list, t.status),
  ],
);
