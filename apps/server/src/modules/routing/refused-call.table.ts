import { index, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { tenants } from '../tenant/tenant.table.ts';

/**
 * 拦截记录: every call the routing refused (blacklisted caller or callee, no route, call class, international or
 * premium disabled, caps, closed hours), with the reason, for toll-fraud review.
 */
export const refusedCalls = pgTable(
  'refused_calls',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    direction: text('direction').notNull(),
    fromNumber: text('from_number').notNull(),
    toNumber: text('to_number').notNull(),
    reason: text('reason').notNull(),
    routeId: uuid('route_id'),
    at: timestamp('at', { withTimezone: true }).notNull(),
  },
  (t) => [index('refused_calls_tenant_at_idx').on(t.tenantId, t.at)],
);
