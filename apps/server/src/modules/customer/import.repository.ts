import { and, asc, count, desc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { customerImportBatches, customerPhones, customers, importErrors, importJobs } from './customer.table.ts';

export type ImportJobRow = typeof importJobs.$inferSelect;
export type ImportJobInsert = typeof importJobs.$inferInsert;
export type ImportErrorInsert = typeof importErrors.$inferInsert;

export class ImportRepository {
  constructor(private readonly db: Db) {}

  async insert(values: ImportJobInsert): Promise<ImportJobRow> {
    const [row] = await this.db.insert(importJobs).values(values).returning();
    if (!row) throw new Error('import job insert returned nothing');
    return row;
  }

  async update(id: string, values: Partial<ImportJobInsert>): Promise<void> {
    await this.db.update(importJobs).set(values).where(eq(importJobs.id, id));
  }

  async find(tenantId: string, id: string): Promise<ImportJobRow | undefined> {
    const [row] = await this.db
      .select()
      .from(importJobs)
      .where(and(eq(importJobs.tenantId, tenantId), eq(importJobs.id, id)));
    return row;
  }

  async list(tenantId: string, q: { page: number; pageSize: number }) {
    const cond = eq(importJobs.tenantId, tenantId);
    const [rows, [total]] = await Promise.all([
      this.db
        .select()
        .from(importJobs)
        .where(cond)
        .orderBy(desc(importJobs.createdAt))
        .limit(q.pageSize)
        .offset((q.page - 1) * q.pageSize),
      this.db.select({ n: count() }).from(importJobs).where(cond),
    ]);
    return { rows, total: total?.n ?? 0 };
  }

  async insertErrors(rows: ImportErrorInsert[]): Promise<void> {
    if (rows.length) await this.db.insert(importErrors).values(rows).onConflictDoNothing();
  }

  async errors(jobId: string, limit: number, offset = 0) {
    return this.db
      .select()
      .from(importErrors)
      .where(eq(importErrors.jobId, jobId))
      .orderBy(asc(importErrors.row))
      .limit(limit)
      .offset(offset);
  }

  async errorCount(jobId: string): Promise<number> {
    const [row] = await this.db.select({ n: count() }).from(importErrors).where(eq(importErrors.jobId, jobId));
    return row?.n ?? 0;
  }

  /** Jobs a stopped server left running: they are failed, with their batch named. */
  async failInterrupted(reason: string): Promise<number> {
    const rows = await this.db
      .update(importJobs)
      .set({ status: 'failed', error: reason, finishedAt: new Date() })
      .where(inArray(importJobs.status, ['queued', 'running']))
      .returning({ id: importJobs.id });
    return rows.length;
  }

  /** The batch an import updated these customers in, so its batch filter finds them (customer_import_batches). */
  async recordBatch(tenantId: string, customerIds: string[], batch: string, tx: Tx): Promise<void> {
    const ids = [...new Set(customerIds)];
    if (ids.length === 0) return;
    await tx
      .insert(customerImportBatches)
      .values(ids.map((customerId) => ({ tenantId, customerId, batch })))
      .onConflictDoNothing();
  }

  /** Import update policy: fills the given fields, merges custom fields and tags, adds new numbers. */
  async mergeInto(
    tenantId: string,
    id: string,
    values: Partial<typeof customers.$inferInsert>,
    customFields: Record<string, unknown>,
    tags: string[],
    phones: Array<typeof customerPhones.$inferInsert>,
    tx: Tx,
  ): Promise<void> {
    const tagArr = sql`array[${sql.join(
      tags.map((t) => sql`${t}`),
      sql`, `,
    )}]::text[]`;
    await tx
      .update(customers)
      .set({
        ...values,
        customFields: sql`${customers.customFields} || ${JSON.stringify(customFields)}::jsonb`,
        tags: tags.length
          ? sql`(select coalesce(array_agg(distinct t order by t), '{}'::text[]) from unnest(${customers.tags} || ${tagArr}) t)`
          : undefined,
        updatedAt: new Date(),
      })
      .where(and(eq(customers.tenantId, tenantId), eq(customers.id, id)));
    if (phones.length === 0) return;
    const existing = await tx
      .select({ e164: customerPhones.e164 })
      .from(customerPhones)
      .where(eq(customerPhones.customerId, id));
    const have = new Set(existing.map((p) => p.e164));
    const add = phones.filter((p) => !have.has(p.e164 ?? null)).map((p, i) => ({ ...p, sort: existing.length + i }));
    if (add.length) await tx.insert(customerPhones).values(add);
  }
}
