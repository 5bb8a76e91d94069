import { boolean, index, integer, jsonb, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { tenants } from '../tenant/tenant.table.ts';

/**
 * 中继: a SIP trunk to a carrier, per enterprise. A register trunk's password is kept sealed (AES-256-GCM with the
 * server's key file, ADR 0011): the switch needs it in clear to answer the carrier's digest challenge.
 */
export const trunks = pgTable(
  'trunks',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    kind: text('kind').notNull(),
    host: text('host').notNull(),
    port: integer('port').notNull(),
    transport: text('transport').notNull(),
    username: text('username').notNull().default(''),
    authUsername: text('auth_username').notNull().default(''),
    /** `v1.<iv>.<tag>.<ciphertext>` or null when none is stored. */
    passwordSealed: text('password_sealed'),
    realm: text('realm').notNull().default(''),
    registerExpiresSec: integer('register_expires_sec').notNull(),
    peers: jsonb('peers').$type<string[]>().notNull().default([]),
    codecs: jsonb('codecs').$type<string[]>().notNull().default([]),
    dtmfMode: text('dtmf_mode').notNull(),
    callerIdFormat: text('caller_id_format').notNull(),
    countryCode: text('country_code').notNull().default('86'),
    assertIdentity: boolean('assert_identity').notNull().default(false),
    privacy: text('privacy').notNull().default('none'),
    maxCalls: integer('max_calls').notNull().default(0),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('trunks_name_unique').on(t.tenantId, t.name), index('trunks_tenant_idx').on(t.tenantId)],
);

/** 智能中继: trunks tried in an order (sequential, round robin with memory, random, least used). */
export const trunkGroups = pgTable(
  'trunk_groups',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    order: text('order').notNull(),
    trunkIds: jsonb('trunk_ids').$type<string[]>().notNull().default([]),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('trunk_groups_name_unique').on(t.tenantId, t.name), index('trunk_groups_tenant_idx').on(t.tenantId)],
);
