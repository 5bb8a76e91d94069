import { and, count, desc, eq, ilike, inArray, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { numberListEntries } from './number-list.table.ts';

export type NumberListRow = typeof numberListEntries.$inferSelect;
export type NumberListInsert = typeof numberListEntries.$inferInsert;

export interface NumberListFilter {
  list?: string;
  status?: string;
  direction?: string;
  keyword?: string;
}

/** Black and red list entries; every query is bound to one tenant. */
export class NumberListRepository {
  constructor(private readonly db: Db) {}

  private where(tenantId: string, f: NumberListFilter): SQL | undefined {
    const where: SQL[] = [eq(numberListEntries.tenantId, tenantId)];
    if (f.list) where.push(eq(numberListEntries.list, f.list));
    if (f.status) where.push(eq(numberListEntries.status, f.status));
    if (f.direction) where.push(eq(numberListEntries.direction, f.direction));
    if (f.keyword) where.push(ilike(numberListEntries.number, `%${f.keyword}%`));
    return and(...where);
  }

  async page(tenantId: string, f: NumberListFilter & { page: number; pageSize: number }) {
    const where = this.where(tenantId, f);
    const items = await this.db
      .select()
      .from(numberListEntries)
      .where(where)
      .orderBy(desc(numberListEntries.createdAt), desc(numberListEntries.id))
      .limit(f.pageSize)
      .offset((f.page - 1) * f.pageSize);
    const [total] = await this.db.select({ n: count() }).from(numberListEntries).where(where);
    return { items, total: total?.n ?? 0 };
  }

  /** Approved entries of one list whose number is one of `candidates` (the number and its prefixes). */
  approvedFor(tenantId: string, list: string, candidates: string[]): Promise<NumberListRow[]> {
    return this.db
      .select()
      .from(numberListEntries)
      .where(
        and(
          eq(numberListEntries.tenantId, tenantId),
          eq(numberListEntries.list, list),
          eq(numberListEntries.status, 'approved'),
          inArray(numberListEntries.number, candidates),
        ),
      );
  }

  /** Stored keys (list|direction|number|match) among the given ones, for the import's duplicate check. */
  async existingKeys(tenantId: string, numbers: string[]): Promise<Set<string>> {
    if (numbers.length === 0) return new Set();
    const rows = await this.db
      .select({
        list: numberListEntries.list,
        direction: numberListEntries.direction,
        number: numberListEntries.number,
        match: numberListEntries.match,
      })
      .from(numberListEntries)
      .where(and(eq(numberListEntries.tenantId, tenantId), inArray(numberListEntries.number, numbers)));
    return new Set(rows.map((r) => `${r.list}|${r.direction}|${r.number}|${r.match}`));
  }

  async findById(tenantId: string, id: string): Promise<NumberListRow | undefined> {
    const [row] = await this.db
      .select()
      .from(numberListEntries)
      .where(and(eq(numberListEntries.tenantId, tenantId), eq(numberListEntries.id, id)));
    return row;
  }

  async insert(values: NumberListInsert): Promise<NumberListRow> {
    const [row] = await this.db.insert(numberListEntries).values(values).returning();
    if (!row) throw new Error('number list insert returned nothing');
    return row;
  }

  /** All rows or none (the import's promise). */
  async insertAll(values: NumberListInsert[]): Promise<number> {
    return this.db.transaction(async (tx) => {
      let n = 0;
      for (let i = 0; i < values.length; i += 500) {
        const rows = await tx
          .insert(numberListEntries)
          .values(values.slice(i, i + 500))
          .returning({ id: numberListEntries.id });
        n += rows.length;
      }
      return n;
    });
  }

  async update(tenantId: string, id: string, values: Partial<NumberListInsert>) {
    const [row] = await this.db
      .update(numberListEntries)
      .set({ ...values, updatedAt: new Date() })
      .where(and(eq(numberListEntries.tenantId, tenantId), eq(numberListEntries.id, id)))
      .returning();
    return row;
  }

  /** Sets the review of a pending entry; undefined when it is not (or no longer) pending. */
  async review(tenantId: string, id: string, values: Partial<NumberListInsert>) {
    const [row] = await this.db
      .update(numberListEntries)
      .set({ ...values, updatedAt: new Date() })
      .where(
        and(
          eq(numberListEntries.tenantId, tenantId),
          eq(numberListEntries.id, id),
          eq(numberListEntries.status, 'pending'),
        ),
      )
      .returning();
    return row;
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    const rows = await this.db
      .delete(numberListEntries)
      .where(and(eq(numberListEntries.tenantId, tenantId), eq(numberListEntries.id, id)))
      .returning({ id: numberListEntries.id });
    return rows.length > 0;
  }
}
