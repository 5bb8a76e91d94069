import { boolean, integer, pgTable, text, timestamp, uuid } from 'drizzle-orm/pg-core';

/** 企业: one row per enterprise; the platform operator's own row has isPlatform = true. */
export const tenants = pgTable('tenants', {
  id: uuid('id').primaryKey().defaultRandom(),
  /** 企业账号: globally unique, lower case; agents log in as `agentNo@account`. */
  account: text('account').notNull().unique('tenants_account_unique'),
  name: text('name').notNull(),
  contactName: text('contact_name'),
  contactPhone: text('contact_phone'),
  maxAgents: integer('max_agents').notNull().default(50),
  remark: text('remark'),
  enabled: boolean('enabled').notNull().default(true),
  isPlatform: boolean('is_platform').notNull().default(false),
  createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
  updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
});
