import { and, count, desc, eq, ilike, inArray, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { tenants } from '../tenant/tenant.table.ts';
import { callerIds } from './caller-id.table.ts';

export type CallerIdRow = typeof callerIds.$inferSelect;
export type CallerIdInsert = typeof callerIds.$inferInsert;

export interface CallerIdFilter {
  status?: string;
  keyword?: string;
  page: number;
  pageSize: number;
}

/** Caller IDs: the tenant's queries take its id; the platform review's `reviewPage` spans tenants by design. */
export class CallerIdRepository {
  constructor(private readonly db: Db) {}

  private conditions(f: CallerIdFilter, tenantId?: string): SQL | undefined {
    const where: SQL[] = [];
    if (tenantId) where.push(eq(callerIds.tenantId, tenantId));
    if (f.status) where.push(eq(callerIds.status, f.status));
    if (f.keyword) where.push(ilike(callerIds.number, `%${f.keyword}%`));
    return and(...where);
  }

  async page(tenantId: string, f: CallerIdFilter) {
    const where = this.conditions(f, tenantId);
    const items = await this.db
      .select()
      .from(callerIds)
      .where(where)
      .orderBy(desc(callerIds.createdAt), desc(callerIds.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize);
    const [total] = await this.db.select({ n: count() }).from(callerIds).where(where);
    return { items, total: total?.n ?? 0 };
  }

  /** Every enterprise's caller IDs with the enterprise's name (the platform operator's review list). */
  async reviewPage(f: CallerIdFilter & { tenantId?: string }) {
    const where = this.conditions(f, f.tenantId);
    const items = await this.db
      .select({ callerId: callerIds, tenantName: tenants.name })
      .from(callerIds)
      .innerJoin(tenants, eq(tenants.id, callerIds.tenantId))
      .where(where)
      .orderBy(desc(callerIds.createdAt), desc(callerIds.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize);
    const [total] = await this.db.select({ n: count() }).from(callerIds).where(where);
    return { items, total: total?.n ?? 0 };
  }

  async findById(tenantId: string, id: string): Promise<CallerIdRow | undefined> {
    const [row] = await this.db
      .select()
      .from(callerIds)
      .where(and(eq(callerIds.tenantId, tenantId), eq(callerIds.id, id)));
    return row;
  }

  /** For the platform review only: any tenant's caller ID. */
  async findAnyById(id: string): Promise<CallerIdRow | undefined> {
    const [row] = await this.db.select().from(callerIds).where(eq(callerIds.id, id));
    return row;
  }

  /** The verified numbers of the tenant among `numbers`. */
  async verifiedNumbers(tenantId: string, numbers: string[]): Promise<Set<string>> {
    if (numbers.length === 0) return new Set();
    const rows = await this.db
      .select({ number: callerIds.number })
      .from(callerIds)
      .where(
        and(eq(callerIds.tenantId, tenantId), eq(callerIds.status, 'verified'), inArray(callerIds.number, numbers)),
      );
    return new Set(rows.map((r) => r.number));
  }

  async insert(values: CallerIdInsert): Promise<CallerIdRow> {
    const [row] = await this.db.insert(callerIds).values(values).returning();
    if (!row) throw new Error('caller id insert returned nothing');
    return row;
  }

  async update(tenantId: string, id: string, values: Partial<CallerIdInsert>) {
    const [row] = await this.db
      .update(callerIds)
      .set({ ...values, updatedAt: new Date() })
      .where(and(eq(callerIds.tenantId, tenantId), eq(callerIds.id, id)))
      .returning();
    return row;
  }

  /** Sets the review of an unreviewed caller ID; undefined when already verified or rejected. */
  async review(id: string, values: Partial<CallerIdInsert>) {
    const [row] = await this.db
      .update(callerIds)
      .set({ ...values, updatedAt: new Date() })
      .where(and(eq(callerIds.id, id), inArray(callerIds.status, ['unverified', 'verifying'])))
      .returning();
    return row;
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    const rows = await this.db
      .delete(callerIds)
      .where(and(eq(callerIds.tenantId, tenantId), eq(callerIds.id, id)))
      .returning({ id: callerIds.id });
    return rows.length > 0;
  }
}
