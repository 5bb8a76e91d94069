import { integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { extensions } from '../extension/extension.table.ts';
import { tenants } from '../tenant/tenant.table.ts';

/**
 * 转移设置 of an extension (one row at most, keyed by the extension): unconditional, busy and no-answer targets
 * (an extension number of the enterprise or an outside number; null = off) and the no-answer ring time.
 */
export const callForwardings = pgTable('call_forwardings', {
  extensionId: uuid('extension_id')
    .primaryKey()
    .references(() => extensions.id, { onDelete: 'cascade' }),
  tenantId: uuid('tenant_id')
    .notNull()
    .references(() => tenants.id, { onDelete: 'cascade' }),
  unconditionalTarget: text('unconditional_target'),
  busyTarget: text('busy_target'),
  noAnswerTarget: text('no_answer_target'),
  noAnswerSec: integer('no_answer_sec').notNull().default(20),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
