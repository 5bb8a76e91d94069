import { index, integer, jsonb, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { customers } from '../customer/customer.table.ts';
import { tenants } from '../tenant/tenant.table.ts';

export interface CallLegData {
  legId: string;
  role: string;
  uri: string;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  status: string;
}

/** 通话记录 (CDR): one row per call, written by the switch when the call ends. */
export const callRecords = pgTable(
  'call_records',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    callId: text('call_id').notNull(),
    caller: text('caller').notNull(),
    callee: text('callee').notNull(),
    direction: text('direction').$type<'internal' | 'inbound' | 'outbound'>().notNull(),
    startedAt: timestamp('started_at', { withTimezone: true }).notNull(),
    answeredAt: timestamp('answered_at', { withTimezone: true }),
    endedAt: timestamp('ended_at', { withTimezone: true }).notNull(),
    durationSec: integer('duration_sec').notNull(),
    billedSec: integer('billed_sec').notNull(),
    hangupCause: text('hangup_cause').notNull(),
    hangupSide: text('hangup_side').notNull(),
    /** Path of the stereo WAV below the data directory's recordings folder; null when not recorded. */
    recordingPath: text('recording_path'),
    legs: jsonb('legs').$type<CallLegData[]>().notNull().default([]),
    /** The customer the call was with (screen pop looks the number up by customer_phones (tenant, e164)). */
    customerId: uuid('customer_id').references(() => customers.id, { onDelete: 'set null' }),
  },
  (t) => [
    index('call_records_tenant_time_idx').on(t.tenantId, t.startedAt),
    index('call_records_tenant_caller_idx').on(t.tenantId, t.caller),
    index('call_records_tenant_callee_idx').on(t.tenantId, t.callee),
    index('call_records_customer_idx').on(t.customerId),
  ],
);
