import type { AcdQueueConfig, AcdStrategy, AgentNoAnnouncement } from '@hujiao/shared';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { tenants } from '../tenant/tenant.table.ts';
import { users } from '../user/user.table.ts';
import { mohClasses } from '../voice-file/voice-file.table.ts';

const tenantId = () =>
  uuid('tenant_id')
    .notNull()
    .references(() => tenants.id, { onDelete: 'cascade' });

/**
 * 技能组 / 接听组: the ACD engine's fields of one queue (packages/shared acd.ts), scalar ones as columns, nested ones
 * (overflow destinations, sticky agent, announcements) as JSON; plus what the switch plays around the engine.
 */
export const queues = pgTable(
  'queues',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantId(),
    name: text('name').notNull(),
    description: text('description').notNull().default(''),
    strategy: text('strategy').$type<AcdStrategy>().notNull(),
    ringTimeoutSec: integer('ring_timeout_sec').notNull(),
    maxWaitSec: integer('max_wait_sec').notNull(),
    maxLength: integer('max_length').notNull(),
    joinEmpty: boolean('join_empty').notNull(),
    leaveWhenEmpty: boolean('leave_when_empty').notNull(),
    overflow: jsonb('overflow').$type<AcdQueueConfig['overflow']>().notNull().default({}),
    autoBusyAfter: integer('auto_busy_after').notNull(),
    wrapUpSec: integer('wrap_up_sec').notNull(),
    serviceLevelSec: integer('service_level_sec').notNull(),
    sticky: jsonb('sticky').$type<AcdQueueConfig['sticky']>().notNull(),
    announcements: jsonb('announcements').$type<AcdQueueConfig['announcements']>().notNull(),
    /** 保持音乐 while waiting; null (or a deleted class) = the enterprise's default. */
    mohClassId: uuid('moh_class_id').references(() => mohClasses.id, { onDelete: 'set null' }),
    agentNoAnnouncement: text('agent_no_announcement').$type<AgentNoAnnouncement>().notNull().default('off'),
    agentNoPattern: text('agent_no_pattern').notNull().default('8??'),
    redListPriority: boolean('red_list_priority').notNull().default(false),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('queues_name_unique').on(t.tenantId, t.name), index('queues_tenant_idx').on(t.tenantId)],
);

/** 技能组成员: an agent (user) of the enterprise in a queue, with level (1 = first) and order. */
export const queueMembers = pgTable(
  'queue_members',
  {
    tenantId: tenantId(),
    queueId: uuid('queue_id')
      .notNull()
      .references(() => queues.id, { onDelete: 'cascade' }),
    userId: uuid('user_id')
      .notNull()
      .references(() => users.id, { onDelete: 'cascade' }),
    level: integer('level').notNull().default(1),
    order: integer('order').notNull().default(0),
  },
  (t) => [
    unique('queue_members_unique').on(t.queueId, t.userId),
    index('queue_members_user_idx').on(t.tenantId, t.userId),
  ],
);
