import { sql } from 'drizzle-orm';
import {
  boolean,
  index,
  integer,
  jsonb,
  pgTable,
  primaryKey,
  text,
  timestamp,
  unique,
  uuid,
} from 'drizzle-orm/pg-core';
import { tenants } from '../tenant/tenant.table.ts';
import { users } from '../user/user.table.ts';

/** 客户: owned by an agent (ownerId), unassigned (null), or in the public pool (公海). */
export const customers = pgTable(
  'customers',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    company: text('company'),
    gender: text('gender').$type<'male' | 'female' | 'unknown'>(),
    email: text('email'),
    address: text('address'),
    remark: text('remark'),
    source: text('source'),
    tags: text('tags').array().notNull().default(sql`'{}'::text[]`),
    ownerId: uuid('owner_id').references(() => users.id, { onDelete: 'set null' }),
    publicPool: boolean('public_pool').notNull().default(false),
    /** When it was last given to its owner (assign, claim, transfer): the pool-return rule counts from here. */
    assignedAt: timestamp('assigned_at', { withTimezone: true }),
    importBatch: text('import_batch'),
    followUpStatus: text('follow_up_status'),
    lastFollowUpAt: timestamp('last_follow_up_at', { withTimezone: true }),
    nextFollowUpAt: timestamp('next_follow_up_at', { withTimezone: true }),
    blacklisted: boolean('blacklisted').notNull().default(false),
    customFields: jsonb('custom_fields').$type<Record<string, unknown>>().notNull().default({}),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    // (…, created_at, id) serve the default "newest first" page (ties broken by id) without sorting.
    index('customers_tenant_created_idx').on(t.tenantId, t.createdAt, t.id),
    index('customers_tenant_owner_idx').on(t.tenantId, t.ownerId, t.createdAt, t.id),
    index('customers_tenant_owner_status_idx').on(t.tenantId, t.ownerId, t.followUpStatus, t.createdAt, t.id),
    index('customers_tenant_batch_idx').on(t.tenantId, t.importBatch),
    // Partial: a GIN index keeps an entry even for an empty value, which costs every bulk insert; the list filters
    // repeat the predicate so the planner can use them (customer-query.ts).
    index('customers_tags_idx').using('gin', t.tags).where(sql`${t.tags} <> '{}'::text[]`),
    index('customers_custom_fields_idx').using('gin', t.customFields).where(sql`${t.customFields} <> '{}'::jsonb`),
  ],
);

/** Phones of a customer; (tenantId, e164) finds the customer of a calling number (screen pop). */
export const customerPhones = pgTable(
  'customer_phones',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    raw: text('raw').notNull(),
    e164: text('e164'),
    label: text('label'),
    region: text('region'),
    carrier: text('carrier'),
    blacklisted: boolean('blacklisted').notNull().default(false),
    sort: integer('sort').notNull().default(0),
  },
  (t) => [
    index('customer_phones_e164_idx').on(t.tenantId, t.e164),
    index('customer_phones_customer_idx').on(t.customerId),
  ],
);

export const customerContacts = pgTable(
  'customer_contacts',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    name: text('name').notNull(),
    title: text('title'),
    phone: text('phone'),
    email: text('email'),
    sort: integer('sort').notNull().default(0),
  },
  (t) => [index('customer_contacts_customer_idx').on(t.customerId)],
);

/** 自定义字段: definitions; values live in customers.custom_fields by key. */
export const customFields = pgTable(
  'custom_fields',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    key: text('key').notNull(),
    label: text('label').notNull(),
    type: text('type').$type<'text' | 'number' | 'date' | 'select' | 'multiselect' | 'phone'>().notNull(),
    dictionaryType: text('dictionary_type'),
    required: boolean('required').notNull().default(false),
    sort: integer('sort').notNull().default(0),
    readRoleIds: uuid('read_role_ids').array().notNull().default(sql`'{}'::uuid[]`),
    writeRoleIds: uuid('write_role_ids').array().notNull().default(sql`'{}'::uuid[]`),
    enabled: boolean('enabled').notNull().default(true),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('custom_fields_key_unique').on(t.tenantId, t.key)],
);

/** Per-tenant CRM settings (public-pool return rule, claim limit). */
export const crmSettings = pgTable('crm_settings', {
  tenantId: uuid('tenant_id')
    .primaryKey()
    .references(() => tenants.id, { onDelete: 'cascade' }),
  publicPoolReturnDays: integer('public_pool_return_days'),
  dailyClaimLimit: integer('daily_claim_limit'),
});

/** Claims from the public pool, for the per-day limit. */
export const poolClaims = pgTable(
  'pool_claims',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    userId: uuid('user_id').notNull(),
    customerId: uuid('customer_id').notNull(),
    claimedAt: timestamp('claimed_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('pool_claims_user_idx').on(t.tenantId, t.userId, t.claimedAt)],
);

/** 黑名单: numbers flagged on customers and on import (and later refused by the PBX). */
export const blacklist = pgTable(
  'blacklist',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    number: text('number').notNull(),
    e164: text('e164'),
    reason: text('reason'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [index('blacklist_e164_idx').on(t.tenantId, t.e164)],
);

/** 导入任务: a background import with its progress; per-row problems in import_errors. */
export const importJobs = pgTable(
  'import_jobs',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    fileName: text('file_name').notNull(),
    format: text('format').$type<'csv' | 'xlsx'>().notNull(),
    status: text('status').$type<'queued' | 'running' | 'succeeded' | 'failed'>().notNull().default('queued'),
    dedup: text('dedup').$type<'skip' | 'update' | 'keepBoth'>().notNull(),
    blacklist: text('blacklist').$type<'flag' | 'skip'>().notNull(),
    batch: text('batch').notNull(),
    ownerId: uuid('owner_id'),
    publicPool: boolean('public_pool').notNull().default(false),
    size: integer('size').notNull().default(0),
    bytesRead: integer('bytes_read').notNull().default(0),
    total: integer('total').notNull().default(0),
    processed: integer('processed').notNull().default(0),
    created: integer('created').notNull().default(0),
    updated: integer('updated').notNull().default(0),
    skipped: integer('skipped').notNull().default(0),
    failed: integer('failed').notNull().default(0),
    flagged: integer('flagged').notNull().default(0),
    error: text('error'),
    /** The file's header row, and the columns that matched no field (reported, dropped). */
    header: text('header').array(),
    ignoredColumns: text('ignored_columns').array(),
    createdBy: uuid('created_by'),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    finishedAt: timestamp('finished_at', { withTimezone: true }),
  },
  (t) => [index('import_jobs_tenant_idx').on(t.tenantId, t.createdAt)],
);

export const importErrors = pgTable(
  'import_errors',
  {
    jobId: uuid('job_id')
      .notNull()
      .references(() => importJobs.id, { onDelete: 'cascade' }),
    row: integer('row').notNull(),
    code: text('code').notNull(),
    params: jsonb('params').$type<Record<string, string | number>>().notNull().default({}),
    /** The row's cells as read from the file, for the error report. */
    cells: text('cells').array(),
  },
  (t) => [primaryKey({ columns: [t.jobId, t.row] })],
);

/**
 * Import batches that updated an existing customer (dedup policy 更新): the batch filter finds a customer by
 * `customers.import_batch` (the batch that created it) or by a row here.
 */
export const customerImportBatches = pgTable(
  'customer_import_batches',
  {
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    customerId: uuid('customer_id')
      .notNull()
      .references(() => customers.id, { onDelete: 'cascade' }),
    batch: text('batch').notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.customerId, t.batch] }),
    index('customer_import_batches_batch_idx').on(t.tenantId, t.batch),
  ],
);
