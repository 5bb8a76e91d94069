import type { AgentState } from '@hujiao/shared';
import { sql } from 'drizzle-orm';
import { index, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';
import { queues } from '../queue/queue.table.ts';
import { tenants } from '../tenant/tenant.table.ts';
import { users } from '../user/user.table.ts';

/**
 * 示忙示闲记录: one row per state an agent was in, written by the ACD runtime's state changes as they happen
 * (AgentStateLogWriter). The change that began it (from_state → to_state, the busy reason, the queue call), `at`
 * when it began; `ended_at` and `duration_sec` are filled when the agent's next change ends it (or at start-up,
 * for a state the previous process left open). The report reads a row as: agent, state, reason, start, end,
 * duration.
 */
export const agentStateLog = pgTable(
  'agent_state_log',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    agentId: uuid('agent_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    fromState: text('from_state').$type<AgentState>().notNull(),
    toState: text('to_state').$type<AgentState>().notNull(),
    /** The busy reason's code (busyReason dictionary); null unless to_state is busy. */
    reason: text('reason'),
    /** The switch's call id while ringing, talking, on hold or in wrap-up for a queue call. */
    callId: text('call_id'),
    queueId: uuid('queue_id').references(() => queues.id, { onDelete: 'set null' }),
    /** When to_state began. */
    at: timestamp('at', { withTimezone: true }).notNull(),
    /** When to_state ended; null while the agent is still in it. */
    endedAt: timestamp('ended_at', { withTimezone: true }),
    /** Whole seconds to_state lasted (ended_at − at); null while it lasts. */
    durationSec: integer('duration_sec'),
    /** The engine's agent record version after the change (orders changes of the same millisecond). */
    version: integer('version').notNull(),
  },
  (t) => [
    index('agent_state_log_tenant_time_idx').on(t.tenantId, t.at),
    index('agent_state_log_agent_time_idx').on(t.tenantId, t.agentId, t.at),
    // The open row of each agent (the one the next change ends).
    index('agent_state_log_open_idx').on(t.tenantId, t.agentId).where(sql`${t.endedAt} is null`),
  ],
);
