import type { CallSegment } from '@hujiao/shared';
import { sql } from 'drizzle-orm';
import {
  check,
  index,
  integer,
  jsonb,
  pgTable,
  smallint,
  text,
  timestamp,
  uniqueIndex,
  uuid,
} from 'drizzle-orm/pg-core';
import { customers } from '../customer/customer.table.ts';
import { tenants } from '../tenant/tenant.table.ts';

export interface CallLegData {
  legId: string;
  role: string;
  /** Extension number of this side (absent in records written before segments were kept). */
  extension?: string | null;
  uri: string;
  startedAt: string;
  answeredAt: string | null;
  endedAt: string | null;
  status: string;
}

export const CallRecordState = { Open: 'open', Ended: 'ended' } as const;
export type CallRecordState = (typeof CallRecordState)[keyof typeof CallRecordState];

/**
 * 通话记录 (CDR): one row per call, inserted `open` when the call starts (so a crash cannot lose it) and completed
 * (`ended`) when it ends; rows still open at the next start are closed as ended by the system.
 */
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
    state: text('state').$type<CallRecordState>().notNull().default('ended'),
    /** Null while the call is up. */
    endedAt: timestamp('ended_at', { withTimezone: true }),
    durationSec: integer('duration_sec').notNull().default(0),
    billedSec: integer('billed_sec').notNull().default(0),
    /** Null while the call is up. */
    hangupCause: text('hangup_cause'),
    hangupSide: text('hangup_side'),
    /** Path of the stereo WAV below the data directory's recordings folder; null when not recorded. */
    recordingPath: text('recording_path'),
    legs: jsonb('legs').$type<CallLegData[]>().notNull().default([]),
    /** The call's path: bridges, conferences, holds, flows and transfers in order, with their legs and times. */
    segments: jsonb('segments').$type<CallSegment[]>().notNull().default([]),
    /** The customer the call was with (screen pop looks the number up by customer_phones (tenant, e164)). */
    customerId: uuid('customer_id').references(() => customers.id, { onDelete: 'set null' }),
    /** 满意度: the customer's key in the satisfaction survey (1-5); null when not surveyed or no key counted. */
    satisfaction: smallint('satisfaction'),
  },
  (t) => [
    index('call_records_tenant_time_idx').on(t.tenantId, t.startedAt),
    index('call_records_tenant_caller_idx').on(t.tenantId, t.caller),
    index('call_records_tenant_callee_idx').on(t.tenantId, t.callee),
    index('call_records_customer_idx').on(t.customerId),
    // The switch's call id: the open row and the final record are one row (insert ... on conflict).
    uniqueIndex('call_records_tenant_call_uq').on(t.tenantId, t.callId),
    // What start-up closes after a crash.
    index('call_records_open_idx').on(t.startedAt).where(sql`${t.state} = 'open'`),
    check('call_records_satisfaction_ck', sql`${t.satisfaction} between 1 and 5`),
  ],
);
