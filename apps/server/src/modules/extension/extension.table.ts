import { boolean, index, pgTable, text, timestamp, unique, uuid } from 'drizzle-orm/pg-core';
import { tenants } from '../tenant/tenant.table.ts';
import { users } from '../user/user.table.ts';

/**
 * 分机: a SIP account for a softphone, desk phone or gateway. The password itself is never stored: only the
 * digest HA1 values (RFC 7616) for realm = the enterprise account, MD5 and SHA-256.
 */
export const extensions = pgTable(
  'extensions',
  {
    id: uuid('id').primaryKey().defaultRandom(),
    tenantId: uuid('tenant_id')
      .notNull()
      .references(() => tenants.id, { onDelete: 'cascade' }),
    number: text('number').notNull(),
    displayName: text('display_name'),
    callerId: text('caller_id'),
    userId: uuid('user_id').references(() => users.id, { onDelete: 'set null' }),
    enabled: boolean('enabled').notNull().default(true),
    ha1Md5: text('ha1_md5').notNull(),
    ha1Sha256: text('ha1_sha256').notNull(),
    /** For phones that use the server's address as domain: H("number@account":serverRealm:password). */
    qualifiedHa1Md5: text('qualified_ha1_md5').notNull(),
    qualifiedHa1Sha256: text('qualified_ha1_sha256').notNull(),
    createdAt: timestamp('created_at', { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp('updated_at', { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [unique('extensions_number_unique').on(t.tenantId, t.number), index('extensions_tenant_idx').on(t.tenantId)],
);
