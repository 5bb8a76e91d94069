import { index, integer, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { tenants } from '../tenant/tenant.table.ts';
import { users } from '../user/user.table.ts';

/**
 * 主叫号码: an enterprise's own numbers, usable as display numbers once verified (by the platform operator's
 * review, or later by a voice code).
 */
export const callerIds = pgTable(
  'caller_ids',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    number: text('number').notNull(),
    region: text('region'),
    status: text('status').notNull().default('unverified'),
    verifiedBy: text('verified_by'),
    reviewComment: text('review_comment'),
    reviewedBy: uuid('reviewed_by').references(() => users.id, { onDelete: 'set null' }),
    reviewedAt: timestamp('reviewed_at', { withTimezone: true }),
    /** Voice verification: SHA-256 of the six-digit code read out, until when it counts, wrong tries so far. */
    codeHash: text('code_hash'),
    codeExpiresAt: timestamp('code_expires_at', { withTimezone: true }),
    codeAttempts: integer('code_attempts').notNull().default(0),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    unique('caller_ids_number_unique').on(t.tenantId, t.number),
    index('caller_ids_status_idx').on(t.status, t.createdAt),
  ],
);
