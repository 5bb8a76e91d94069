import { LIST_COUNT_CAP } from '@hujiao/shared';
import { and, asc, desc, eq, inArray, type SQL, sql } from 'drizzle-orm';
import { v7 as uuidv7 } from 'uuid';
import type { Db, Tx } from '../../db/client.ts';
import { pgArray } from '../../db/pg-array.ts';
import { userRoles, users } from '../user/user.table.ts';
import { blacklist, customerContacts, customerPhones, customers } from './customer.table.ts';
import {
  type CustomerFilter,
  customerConditions,
  type Scope,
  SORT_COLUMNS,
  type SortField,
  uuidArray,
} from './customer-query.ts';

export type CustomerRow = typeof customers.$inferSelect;
export type CustomerInsert = typeof customers.$inferInsert;
export type PhoneInsert = typeof customerPhones.$inferInsert;
export type ContactInsert = typeof customerContacts.$inferInsert;
export type ContactRow = typeof customerContacts.$inferSelect;

export interface PhoneJson {
  id: string;
  raw: string;
  e164: string | null;
  label: string | null;
  region: string | null;
  carrier: string | null;
  blacklisted: boolean;
}
export interface CustomerListRow {
  customer: CustomerRow;
  ownerName: string | null;
  phones: PhoneJson[];
}

export interface BulkCustomer {
  id: string;
  name: string;
  company: string | null;
  gender: string | null;
  email: string | null;
  address: string | null;
  remark: string | null;
  source: string | null;
  tags: string[];
  followUpStatus: string | null;
  blacklisted: boolean;
  customFields: Record<string, unknown>;
}
/** Joins a customer's tags into one array element for bulk inserts (split again in SQL with chr(31)). */
const TAG_SEPARATOR = '\u001f';

export interface BulkPhone {
  customerId: string;
  raw: string;
  e164: string | null;
  region: string | null;
  carrier: string | null;
  sort: number;
  blacklisted: boolean;
}

/** Rows of a raw `execute` (node-postgres and PGlite both answer `{ rows }`). */
export function rowsOf<T>(result: unknown): T[] {
  return (result as { rows: T[] }).rows;
}

const listColumns = () => ({
  customer: customers,
  ownerName: users.name,
  phones: sql<PhoneJson[]>`coalesce((select json_agg(json_build_object('id', p.id, 'raw', p.raw, 'e164', p.e164,
    'label', p.label, 'region', p.region, 'carrier', p.carrier, 'blacklisted', p.blacklisted) order by p.sort)
    from customer_phones p where p.customer_id = "customers"."id"), '[]'::json)`,
});

export class CustomerRepository {
  private readonly columns = listColumns();
  constructor(private readonly db: Db) {}

  private base(db: Db | Tx = this.db) {
    return db.select(this.columns).from(customers).leftJoin(users, eq(users.id, customers.ownerId));
  }

  async list(
    tenantId: string,
    scope: Scope,
    f: CustomerFilter & { page: number; pageSize: number; sort: SortField; order: 'asc' | 'desc' },
  ): Promise<{ rows: CustomerListRow[]; total: number; totalCapped: boolean }> {
    const cond = customerConditions(tenantId, scope, f);
    const col = SORT_COLUMNS[f.sort];
    // NOT NULL columns sort without "nulls last", so the (…, created_at, id) indexes give the order.
    const nullable = f.sort === 'lastFollowUpAt' || f.sort === 'nextFollowUpAt';
    const order =
      f.order === 'asc'
        ? nullable
          ? sql`${col} asc nulls last`
          : sql`${col} asc`
        : nullable
          ? sql`${col} desc nulls last`
          : sql`${col} desc`;
    const [rows, total] = await Promise.all([
      this.base()
        .where(cond)
        .orderBy(order, f.order === 'asc' ? asc(customers.id) : desc(customers.id))
        .limit(f.pageSize)
        .offset((f.page - 1) * f.pageSize),
      // Counting stops past the cap: an exact count of 60,000 tagged customers took 150-200 ms at 1M rows.
      this.db.execute(
        sql`select count(*)::int as n from (select 1 from customers where ${cond} limit ${LIST_COUNT_CAP + 1}) s`,
      ),
    ]);
    const n = rowsOf<{ n: number }>(total)[0]?.n ?? 0;
    return { rows, total: Math.min(n, LIST_COUNT_CAP), totalCapped: n > LIST_COUNT_CAP };
  }

  /** Export pages in creation order (newest first), keyed on (createdAt, id) so deep pages stay cheap. */
  async exportPage(
    tenantId: string,
    scope: Scope,
    f: CustomerFilter,
    after: { createdAt: Date; id: string } | null,
    limit: number,
  ): Promise<CustomerListRow[]> {
    const where: Array<SQL | undefined> = [customerConditions(tenantId, scope, f)];
    if (after) {
      where.push(
        sql`(${customers.createdAt}, ${customers.id}) < (${after.createdAt.toISOString()}::timestamptz, ${after.id}::uuid)`,
      );
    }
    return this.base()
      .where(and(...where))
      .orderBy(desc(customers.createdAt), desc(customers.id))
      .limit(limit);
  }

  async findDetail(tenantId: string, scope: Scope, id: string, tx?: Tx) {
    const [row] = await this.base(tx).where(customerConditions(tenantId, scope, { ids: [id] }));
    if (!row) return undefined;
    const contacts = await (tx ?? this.db)
      .select()
      .from(customerContacts)
      .where(and(eq(customerContacts.tenantId, tenantId), eq(customerContacts.customerId, id)))
      .orderBy(asc(customerContacts.sort));
    return { ...row, contacts };
  }

  async findRows(tenantId: string, scope: Scope, f: CustomerFilter, tx?: Tx): Promise<CustomerListRow[]> {
    return this.base(tx)
      .where(customerConditions(tenantId, scope, f))
      .orderBy(asc(customers.createdAt), asc(customers.id));
  }

  /** Ids (in creation order) matching the filter within the scope. */
  async ids(tenantId: string, scope: Scope, f: CustomerFilter, tx?: Tx, limit = 1_000_000): Promise<string[]> {
    const rows = await (tx ?? this.db)
      .select({ id: customers.id })
      .from(customers)
      .where(customerConditions(tenantId, scope, f))
      .orderBy(asc(customers.createdAt), asc(customers.id))
      .limit(limit);
    return rows.map((r) => r.id);
  }

  async insert(values: CustomerInsert[], tx: Tx): Promise<CustomerRow[]> {
    if (values.length === 0) return [];
    return tx.insert(customers).values(values).returning();
  }

  /** Imports: one statement per batch over unnest()ed arrays; ids are made by the caller. */
  async bulkInsert(
    tenantId: string,
    common: { ownerId: string | null; publicPool: boolean; importBatch: string | null; createdBy: string | null },
    rows: BulkCustomer[],
    phones: BulkPhone[],
    tx: Tx,
  ): Promise<void> {
    if (rows.length === 0) return;
    const col = <K extends keyof BulkCustomer>(k: K) => pgArray(rows.map((r) => r[k] as string | boolean | null));
    const assignedAt = common.ownerId ? new Date().toISOString() : null;
    await tx.execute(sql`insert into customers (id, tenant_id, name, company, gender, email, address, remark, source,
        tags, owner_id, public_pool, assigned_at, import_batch, follow_up_status, blacklisted, custom_fields, created_by)
      select u.id, ${tenantId}::uuid, u.name, u.company, u.gender, u.email, u.address, u.remark, u.source,
        case when u.tags = '' then '{}'::text[] else string_to_array(u.tags, chr(31)) end,
        ${common.ownerId}::uuid, ${common.publicPool}, ${assignedAt}::timestamptz, ${common.importBatch},
        u.status, u.black, u.cf, ${common.createdBy}::uuid
      from unnest(${col('id')}::uuid[], ${col('name')}::text[], ${col('company')}::text[], ${col('gender')}::text[],
        ${col('email')}::text[], ${col('address')}::text[], ${col('remark')}::text[], ${col('source')}::text[],
        ${pgArray(rows.map((r) => r.tags.map((t) => t.replaceAll(TAG_SEPARATOR, '')).join(TAG_SEPARATOR)))}::text[], ${col('followUpStatus')}::text[],
        ${col('blacklisted')}::boolean[], ${pgArray(rows.map((r) => JSON.stringify(r.customFields)))}::jsonb[])
        as u(id, name, company, gender, email, address, remark, source, tags, status, black, cf)`);
    if (phones.length === 0) return;
    const p = <K extends keyof BulkPhone>(k: K) => pgArray(phones.map((r) => r[k] as string | number | boolean | null));
    // Time-ordered ids (UUIDv7) keep index inserts at the right edge of the B-trees: at a million rows random ids
    // touch pages all over the index and the import slows down with every checkpoint (ADR 0006).
    const ids = pgArray(phones.map(() => uuidv7()));
    await tx.execute(sql`insert into customer_phones (id, tenant_id, customer_id, raw, e164, region, carrier, sort, blacklisted)
      select u.id, ${tenantId}::uuid, u.customer_id, u.raw, u.e164, u.region, u.carrier, u.sort, u.blacklisted
      from unnest(${ids}::uuid[], ${p('customerId')}::uuid[], ${p('raw')}::text[], ${p('e164')}::text[],
        ${p('region')}::text[], ${p('carrier')}::text[], ${p('sort')}::int[], ${p('blacklisted')}::boolean[])
        as u(id, customer_id, raw, e164, region, carrier, sort, blacklisted)`);
  }

  async update(tenantId: string, ids: string[], values: Partial<CustomerInsert>, tx: Tx): Promise<number> {
    if (ids.length === 0) return 0;
    const rows = await tx
      .update(customers)
      .set({ ...values, updatedAt: new Date() })
      .where(and(eq(customers.tenantId, tenantId), inArray(customers.id, ids)))
      .returning({ id: customers.id });
    return rows.length;
  }

  /** Tag edits in SQL so concurrent edits of other fields are kept. */
  async editTags(tenantId: string, ids: string[], add: string[], remove: string[], tx: Tx): Promise<void> {
    if (ids.length === 0) return;
    const addArr = sql`array[${sql.join(
      add.map((t) => sql`${t}`),
      sql`, `,
    )}]::text[]`;
    const removeArr = sql`array[${sql.join(
      remove.map((t) => sql`${t}`),
      sql`, `,
    )}]::text[]`;
    await tx.execute(sql`update customers set updated_at = now(), tags = (
        select coalesce(array_agg(distinct t order by t), '{}'::text[]) from unnest(tags || ${addArr}) t
        where not (t = any(${removeArr})))
      where tenant_id = ${tenantId} and id = any(${uuidArray(ids)})`);
  }

  async delete(tenantId: string, ids: string[], tx: Tx): Promise<number> {
    if (ids.length === 0) return 0;
    const rows = await tx
      .delete(customers)
      .where(and(eq(customers.tenantId, tenantId), inArray(customers.id, ids)))
      .returning({ id: customers.id });
    return rows.length;
  }

  async replacePhones(tenantId: string, customerId: string, phones: PhoneInsert[], tx: Tx): Promise<void> {
    await tx
      .delete(customerPhones)
      .where(and(eq(customerPhones.tenantId, tenantId), eq(customerPhones.customerId, customerId)));
    await this.insertPhones(phones, tx);
  }

  async insertPhones(phones: PhoneInsert[], tx: Tx): Promise<void> {
    if (phones.length) await tx.insert(customerPhones).values(phones);
  }

  async replaceContacts(tenantId: string, customerId: string, contacts: ContactInsert[], tx: Tx): Promise<void> {
    await tx
      .delete(customerContacts)
      .where(and(eq(customerContacts.tenantId, tenantId), eq(customerContacts.customerId, customerId)));
    if (contacts.length) await tx.insert(customerContacts).values(contacts);
  }

  /** Customers having any of these phone keys: key → customers (oldest first). */
  async byPhoneKeys(
    tenantId: string,
    keys: string[],
    tx?: Tx,
  ): Promise<Map<string, Array<{ id: string; name: string }>>> {
    const map = new Map<string, Array<{ id: string; name: string }>>();
    if (keys.length === 0) return map;
    // One index probe per number. A plain `e164 = any(...)` lets the planner scan the whole tenant's numbers when
    // its statistics lag behind a bulk import (seen: 149,000 rows read per 1,000-row batch, so imports slowed
    // down as they grew); the LIMIT keeps the lateral look-up from being flattened into such a join.
    const result = await (tx ?? this.db).execute(sql`
      select k.e164, m.id, m.name from unnest(${pgArray(keys)}::text[]) as k(e164)
      cross join lateral (
        select c.id, c.name, c.created_at from customer_phones p join customers c on c.id = p.customer_id
        where p.tenant_id = ${tenantId} and p.e164 = k.e164 order by c.created_at limit 100) m
      order by m.created_at`);
    for (const r of rowsOf<{ e164: string; id: string; name: string }>(result))
      map.set(r.e164, [...(map.get(r.e164) ?? []), { id: r.id, name: r.name }]);
    return map;
  }

  async blacklistedKeys(tenantId: string, keys: string[], tx?: Tx): Promise<Set<string>> {
    if (keys.length === 0) return new Set();
    const rows = await (tx ?? this.db)
      .select({ e164: blacklist.e164 })
      .from(blacklist)
      .where(and(eq(blacklist.tenantId, tenantId), sql`${blacklist.e164} = any(${pgArray(keys)}::text[])`));
    return new Set(rows.map((r) => r.e164).filter((k): k is string => !!k));
  }

  /** Numbers shared by several visible customers. */
  async duplicates(tenantId: string, scope: Scope) {
    const visible = customerConditions(tenantId, scope, {});
    const result = await this.db.execute(sql`
      select p.e164, json_agg(json_build_object('id', c.id, 'name', c.name, 'ownerName', u.name,
        'createdAt', c.created_at) order by c.created_at) as customers
      from customer_phones p join customers on customers.id = p.customer_id
        join customers c on c.id = customers.id left join users u on u.id = c.owner_id
      where p.tenant_id = ${tenantId} and p.e164 is not null and ${visible}
      group by p.e164 having count(distinct c.id) > 1 order by p.e164 limit 500`);
    return rowsOf<{
      e164: string;
      customers: Array<{ id: string; name: string; ownerName: string | null; createdAt: string }>;
    }>(result);
  }

  /** Moves the dependent rows of `fromIds` to `toId` (merge). */
  async moveChildren(tenantId: string, fromIds: string[], toId: string, tx: Tx): Promise<void> {
    for (const table of [
      'customer_phones',
      'customer_contacts',
      'follow_ups',
      'appointments',
      'opportunities',
      'tickets',
      'order_verifications',
    ]) {
      await tx.execute(
        sql`update ${sql.identifier(table)} set customer_id = ${toId}
          where tenant_id = ${tenantId} and customer_id = any(${uuidArray(fromIds)})`,
      );
    }
  }

  /** Users whose customers the given user sees: self, plus the team(s) they lead. */
  async scopeOwnerIds(tenantId: string, userId: string): Promise<string[]> {
    const result = await this.db.execute(sql`
      select u.id from users u where u.tenant_id = ${tenantId} and (
        u.id = ${userId}
        or u.team_id in (select t.id from teams t where t.tenant_id = ${tenantId} and t.leader_id = ${userId})
        or (u.team_id is not null and u.team_id = (
          select m.team_id from users m where m.id = ${userId} and m.agent_type = 'teamLeader')))`);
    return rowsOf<{ id: string }>(result).map((r) => r.id);
  }

  async roleIdsOf(tenantId: string, userId: string): Promise<string[]> {
    const rows = await this.db
      .select({ roleId: userRoles.roleId })
      .from(userRoles)
      .where(and(eq(userRoles.tenantId, tenantId), eq(userRoles.userId, userId)));
    return rows.map((r) => r.roleId);
  }

  /** Which of `ids` are users of the tenant. */
  async existingUserIds(tenantId: string, ids: string[], tx?: Tx): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await (tx ?? this.db)
      .select({ id: users.id })
      .from(users)
      .where(and(eq(users.tenantId, tenantId), inArray(users.id, ids)));
    return rows.map((r) => r.id);
  }

  /** Recomputes customers.blacklisted from their phones. */
  async refreshBlacklistFlags(tenantId: string, tx: Tx): Promise<void> {
    await tx.execute(sql`update customer_phones p set blacklisted = exists (
        select 1 from blacklist b where b.tenant_id = p.tenant_id and b.e164 = p.e164)
      where p.tenant_id = ${tenantId}`);
    await tx.execute(sql`update customers c set blacklisted = exists (
        select 1 from customer_phones p where p.customer_id = c.id and p.blacklisted)
      where c.tenant_id = ${tenantId} and c.blacklisted <> exists (
        select 1 from customer_phones p where p.customer_id = c.id and p.blacklisted)`);
  }

  /** Bulk imports: this transaction's commit does not wait for the WAL flush. */
  async fastCommit(tx: Tx): Promise<void> {
    await tx.execute(sql`set local synchronous_commit to off`);
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }
}
