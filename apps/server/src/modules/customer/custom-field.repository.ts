import { and, asc, eq } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { customFields } from './customer.table.ts';

export type CustomFieldRow = typeof customFields.$inferSelect;
export type CustomFieldInsert = typeof customFields.$inferInsert;

export class CustomFieldRepository {
  constructor(private readonly db: Db) {}

  list(tenantId: string, tx?: Tx): Promise<CustomFieldRow[]> {
    return (tx ?? this.db)
      .select()
      .from(customFields)
      .where(eq(customFields.tenantId, tenantId))
      .orderBy(asc(customFields.sort), asc(customFields.createdAt));
  }

  async findById(tenantId: string, id: string): Promise<CustomFieldRow | undefined> {
    const [row] = await this.db
      .select()
      .from(customFields)
      .where(and(eq(customFields.tenantId, tenantId), eq(customFields.id, id)));
    return row;
  }

  async insert(values: CustomFieldInsert, tx: Tx): Promise<CustomFieldRow> {
    const [row] = await tx.insert(customFields).values(values).returning();
    if (!row) throw new Error('custom field insert returned nothing');
    return row;
  }

  async update(tenantId: string, id: string, values: Partial<CustomFieldInsert>, tx: Tx) {
    const [row] = await tx
      .update(customFields)
      .set(values)
      .where(and(eq(customFields.tenantId, tenantId), eq(customFields.id, id)))
      .returning();
    return row;
  }

  async delete(tenantId: string, id: string, tx: Tx): Promise<void> {
    await tx.delete(customFields).where(and(eq(customFields.tenantId, tenantId), eq(customFields.id, id)));
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }
}
