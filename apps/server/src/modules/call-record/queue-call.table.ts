import type { AcdCallOutcome, AcdOverflowReason, QueueLostStage } from '@hujiao/shared';
import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { queues } from '../queue/queue.table.ts';
import { tenants } from '../tenant/tenant.table.ts';
import { users } from '../user/user.table.ts';

/**
 * 排队记录: one row per visit of a call to a queue (a call that overflows to a second queue has two), written by the
 * ACD runtime as it happens — inserted when the caller joins (so a crash cannot lose it), completed when the caller
 * leaves the queue (answered, abandoned, overflowed), when the agent's call ends and when their wrap-up ends. The
 * call record shows its visits; reports (step 6) count from here.
 */
export const queueCalls = pgTable(
  'queue_calls',
  {
    id: uuid('id').primaryKey(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    /** The switch's call id (call_records.call_id). */
    callId: text('call_id').notNull(),
    /** Null once the queue is deleted (the visit stays for the reports). */
    queueId: uuid('queue_id').references(() => queues.id, { onDelete: 'set null' }),
    caller: text('caller').notNull(),
    enteredAt: timestamp('entered_at', { withTimezone: true }).notNull(),
    /** How the caller left the queue; null while waiting. */
    outcome: text('outcome').$type<AcdCallOutcome>(),
    overflowReason: text('overflow_reason').$type<AcdOverflowReason>(),
    /** 呼损: where an unanswered caller was lost (waiting, or while an agent's phone rang). */
    lostStage: text('lost_stage').$type<QueueLostStage>(),
    leftAt: timestamp('left_at', { withTimezone: true }),
    /** The agent who answered. */
    agentId: uuid('agent_id').references(() => users.id, { onDelete: 'set null' }),
    /** Offers made (a ring-all offer counts once). */
    offers: integer('offers').notNull().default(0),
    waitSec: integer('wait_sec').notNull().default(0),
    /** Time agents' phones rang for this caller, summed over the offers. */
    ringSec: integer('ring_sec').notNull().default(0),
    talkSec: integer('talk_sec').notNull().default(0),
    wrapUpSec: integer('wrap_up_sec').notNull().default(0),
    /** When the answered call ended. */
    endedAt: timestamp('ended_at', { withTimezone: true }),
  },
  (t) => [
    index('queue_calls_call_idx').on(t.tenantId, t.callId),
    index('queue_calls_tenant_time_idx').on(t.tenantId, t.enteredAt),
    index('queue_calls_queue_time_idx').on(t.tenantId, t.queueId, t.enteredAt),
    index('queue_calls_agent_time_idx').on(t.tenantId, t.agentId, t.enteredAt),
    // What start-up closes after a crash: callers still waiting, answered calls not ended.
    index('queue_calls_open_idx')
      .on(t.enteredAt)
      .where(sql`${t.outcome} is null or (${t.outcome} = 'answered' and ${t.endedAt} is null)`),
  ],
);
