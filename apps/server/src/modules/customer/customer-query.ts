import { and, eq, gte, isNull, lte, type SQL, sql } from 'drizzle-orm';
import { customers } from './customer.table.ts';
import { normalisePhone } from './phone.ts';

/** Who may see which customers: everyone's (customer:viewAll) or those owned by these users. */
export type Scope = { all: true } | { all: false; ownerIds: string[] };

export interface CustomerFilter {
  keyword?: string;
  ownerId?: string;
  tags?: string[];
  importBatch?: string;
  followUpStatus?: string;
  source?: string;
  publicPool?: boolean;
  createdFrom?: string;
  createdTo?: string;
  /** Custom-field equality, already checked against readable definitions; arrays mean "contains". */
  cf?: Record<string, unknown>;
  ids?: string[];
}

export const SORT_COLUMNS = {
  createdAt: customers.createdAt,
  updatedAt: customers.updatedAt,
  name: customers.name,
  lastFollowUpAt: customers.lastFollowUpAt,
  nextFollowUpAt: customers.nextFollowUpAt,
} as const;
export type SortField = keyof typeof SORT_COLUMNS;

const uuidArray = (ids: string[]) =>
  sql`array[${sql.join(
    ids.map((i) => sql`${i}`),
    sql`, `,
  )}]::uuid[]`;
const textArray = (values: string[]) =>
  sql`array[${sql.join(
    values.map((v) => sql`${v}`),
    sql`, `,
  )}]::text[]`;

export function scopeCondition(scope: Scope): SQL | undefined {
  if (scope.all) return undefined;
  if (scope.ownerIds.length === 0) return sql`false`;
  return sql`${customers.ownerId} = any(${uuidArray(scope.ownerIds)})`;
}

/** The where clause of lists, exports and "assign by filter": tenant, visibility, then the filters. */
export function customerConditions(tenantId: string, scope: Scope, f: CustomerFilter): SQL | undefined {
  const where: Array<SQL | undefined> = [eq(customers.tenantId, tenantId), scopeCondition(scope)];
  if (f.ids) where.push(f.ids.length ? sql`${customers.id} = any(${uuidArray(f.ids)})` : sql`false`);
  if (f.ownerId === 'none') where.push(isNull(customers.ownerId));
  else if (f.ownerId) where.push(eq(customers.ownerId, f.ownerId));
  // "<> '{}'" matches the partial GIN indexes' predicates (customer.table.ts).
  if (f.tags?.length) where.push(sql`${customers.tags} <> '{}'::text[] and ${customers.tags} @> ${textArray(f.tags)}`);
  // The batch that created the customer, or one that updated it (dedup policy 更新).
  if (f.importBatch) {
    where.push(
      sql`(${customers.importBatch} = ${f.importBatch} or exists (select 1 from customer_import_batches ib
        where ib.tenant_id = ${tenantId} and ib.batch = ${f.importBatch} and ib.customer_id = "customers"."id"))`,
    );
  }
  if (f.followUpStatus) where.push(eq(customers.followUpStatus, f.followUpStatus));
  if (f.source) where.push(eq(customers.source, f.source));
  if (f.publicPool !== undefined) where.push(eq(customers.publicPool, f.publicPool));
  if (f.createdFrom) where.push(gte(customers.createdAt, new Date(f.createdFrom)));
  if (f.createdTo) where.push(lte(customers.createdAt, new Date(f.createdTo)));
  if (f.cf && Object.keys(f.cf).length) {
    where.push(
      sql`${customers.customFields} <> '{}'::jsonb and ${customers.customFields} @> ${JSON.stringify(f.cf)}::jsonb`,
    );
  }
  const fullNumber = f.keyword ? normalisePhone(f.keyword).e164 : null;
  if (fullNumber?.startsWith('+')) {
    // A whole phone number: the (tenant, e164) index answers it, names cannot match it anyway.
    where.push(
      sql`exists (select 1 from customer_phones kp where kp.tenant_id = ${tenantId} and kp.e164 = ${fullNumber} and kp.customer_id = "customers"."id")`,
    );
  } else if (f.keyword) {
    const like = `%${f.keyword.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    const digits = f.keyword.replace(/\D/g, '');
    const phoneMatch =
      digits.length >= 3
        ? sql` or exists (select 1 from customer_phones kp where kp.customer_id = "customers"."id" and kp.e164 like ${`%${digits}%`})`
        : sql``;
    where.push(sql`(${customers.name} ilike ${like} or ${customers.company} ilike ${like}${phoneMatch})`);
  }
  return and(...where.filter((w): w is SQL => !!w));
}

export { textArray, uuidArray };
