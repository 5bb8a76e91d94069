import type {
  Destination,
  Holiday,
  MakeUpWorkday,
  OutboundDialPattern,
  OutboundScope,
  WeeklyWindow,
} from '@hujiao/shared';
import { boolean, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { extensions } from '../extension/extension.table.ts';
import { tenants } from '../tenant/tenant.table.ts';
import { trunkGroups } from '../trunk/trunk.table.ts';
import { mohClasses } from '../voice-file/voice-file.table.ts';

const tenantId = () =>
  uuid('tenant_id')
    .notNull()
    .references(() => tenants.id, { onDelete: 'cascade' });
const created = () => timestamp('created_at', { withTimezone: true }).notNull().defaultNow();
const updated = () => timestamp('updated_at', { withTimezone: true }).notNull().defaultNow();

/** 时间小组: weekly windows, holidays, make-up workdays (调休) and a manual override; nested parts as JSON. */
export const timeGroups = pgTable(
  'time_groups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantId(),
    name: text('name').notNull(),
    timezone: text('timezone').notNull(),
    weekly: jsonb('weekly').$type<WeeklyWindow[]>().notNull().default([]),
    holidays: jsonb('holidays').$type<Holiday[]>().notNull().default([]),
    workdays: jsonb('workdays').$type<MakeUpWorkday[]>().notNull().default([]),
    override: text('override').notNull().default('none'),
    overrideUntil: timestamp('override_until', { withTimezone: true }),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [unique('time_groups_name_unique').on(t.tenantId, t.name), index('time_groups_tenant_idx').on(t.tenantId)],
);

/** 呼入路由: DID (and caller) pattern → destination, by priority; a time group picks open or closed. */
export const inboundRoutes = pgTable(
  'inbound_routes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantId(),
    name: text('name').notNull(),
    priority: integer('priority').notNull(),
    didPattern: text('did_pattern').notNull(),
    callerPattern: text('caller_pattern').notNull().default(''),
    timeGroupId: uuid('time_group_id').references(() => timeGroups.id, { onDelete: 'restrict' }),
    destination: jsonb('destination').$type<Destination>().notNull(),
    closedDestination: jsonb('closed_destination').$type<Destination>(),
    /** 保持音乐 of the route's calls; a deleted class leaves the enterprise's default. */
    mohClassId: uuid('moh_class_id').references(() => mohClasses.id, { onDelete: 'set null' }),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [
    unique('inbound_routes_name_unique').on(t.tenantId, t.name),
    index('inbound_routes_tenant_idx').on(t.tenantId, t.priority),
  ],
);

/** 呼出路由: dial patterns (FreePBX prefix/prepend), scope, trunk order, caller-ID mode. */
export const outboundRoutes = pgTable(
  'outbound_routes',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: tenantId(),
    name: text('name').notNull(),
    priority: integer('priority').notNull(),
    dialPatterns: jsonb('dial_patterns').$type<OutboundDialPattern[]>().notNull(),
    scope: jsonb('scope').$type<OutboundScope>().notNull(),
    trunkIds: jsonb('trunk_ids').$type<string[]>().notNull(),
    trunkOrder: text('trunk_order').notNull(),
    trunkGroupId: uuid('trunk_group_id').references(() => trunkGroups.id, { onDelete: 'restrict' }),
    callerIdMode: text('caller_id_mode').notNull(),
    callerId: text('caller_id'),
    callerIdPool: jsonb('caller_id_pool').$type<string[]>().notNull().default([]),
    poolStrategy: text('pool_strategy').notNull(),
    timeGroupId: uuid('time_group_id').references(() => timeGroups.id, { onDelete: 'restrict' }),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: created(),
    updatedAt: updated(),
  },
  (t) => [
    unique('outbound_routes_name_unique').on(t.tenantId, t.name),
    index('outbound_routes_tenant_idx').on(t.tenantId, t.priority),
  ],
);

/** 呼叫权限: the call classes one extension may dial (absent row = DEFAULT_CALL_CLASSES). */
export const extensionCallClasses = pgTable('extension_call_classes', {
  extensionId: uuid('extension_id')
    .primaryKey()
    .references(() => extensions.id, { onDelete: 'cascade' }),
  tenantId: tenantId(),
  classes: jsonb('classes').$type<string[]>().notNull(),
  updatedAt: updated(),
});

/** Toll-fraud limits of one enterprise (absent row = the schema's defaults). */
export const tenantFraudLimits = pgTable('fraud_limits', {
  tenantId: uuid('tenant_id')
    .primaryKey()
    .references(() => tenants.id, { onDelete: 'cascade' }),
  internationalEnabled: boolean('international_enabled').notNull().default(false),
  premiumEnabled: boolean('premium_enabled').notNull().default(false),
  maxConcurrentCalls: integer('max_concurrent_calls'),
  dailyMinutesCap: integer('daily_minutes_cap'),
  updatedAt: updated(),
});
