import { and, asc, eq, inArray } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { dictionaryItems, dictionaryTypes } from './dictionary.table.ts';

export type DictionaryTypeRow = typeof dictionaryTypes.$inferSelect;
export type DictionaryItemRow = typeof dictionaryItems.$inferSelect;
export type DictionaryItemInsert = typeof dictionaryItems.$inferInsert;

export class DictionaryRepository {
  constructor(private readonly db: Db) {}

  async listTypes(tenantId: string, tx?: Tx): Promise<DictionaryTypeRow[]> {
    return (tx ?? this.db)
      .select()
      .from(dictionaryTypes)
      .where(eq(dictionaryTypes.tenantId, tenantId))
      .orderBy(asc(dictionaryTypes.createdAt), asc(dictionaryTypes.code));
  }

  async listItems(tenantId: string, typeIds?: string[], tx?: Tx): Promise<DictionaryItemRow[]> {
    const where = [eq(dictionaryItems.tenantId, tenantId)];
    if (typeIds) {
      if (typeIds.length === 0) return [];
      where.push(inArray(dictionaryItems.typeId, typeIds));
    }
    return (tx ?? this.db)
      .select()
      .from(dictionaryItems)
      .where(and(...where))
      .orderBy(asc(dictionaryItems.sort), asc(dictionaryItems.value));
  }

  async findType(tenantId: string, by: { id: string } | { code: string }, tx?: Tx) {
    const cond = 'id' in by ? eq(dictionaryTypes.id, by.id) : eq(dictionaryTypes.code, by.code);
    const [row] = await (tx ?? this.db)
      .select()
      .from(dictionaryTypes)
      .where(and(eq(dictionaryTypes.tenantId, tenantId), cond));
    return row;
  }

  async findItem(tenantId: string, id: string, tx?: Tx) {
    const [row] = await (tx ?? this.db)
      .select()
      .from(dictionaryItems)
      .where(and(eq(dictionaryItems.tenantId, tenantId), eq(dictionaryItems.id, id)));
    return row;
  }

  /** Inserts types that do not exist yet; returns the ones inserted. */
  async insertTypesIfMissing(rows: Array<typeof dictionaryTypes.$inferInsert>, tx?: Tx) {
    if (rows.length === 0) return [];
    return (tx ?? this.db).insert(dictionaryTypes).values(rows).onConflictDoNothing().returning();
  }

  async insertType(values: typeof dictionaryTypes.$inferInsert, tx?: Tx) {
    const [row] = await (tx ?? this.db).insert(dictionaryTypes).values(values).returning();
    if (!row) throw new Error('dictionary type insert returned nothing');
    return row;
  }

  async updateType(tenantId: string, id: string, values: { name: string }) {
    const [row] = await this.db
      .update(dictionaryTypes)
      .set(values)
      .where(and(eq(dictionaryTypes.tenantId, tenantId), eq(dictionaryTypes.id, id)))
      .returning();
    return row;
  }

  async deleteType(tenantId: string, id: string, tx: Tx) {
    await tx.delete(dictionaryTypes).where(and(eq(dictionaryTypes.tenantId, tenantId), eq(dictionaryTypes.id, id)));
  }

  async insertItems(rows: DictionaryItemInsert[], tx?: Tx) {
    if (rows.length === 0) return [];
    return (tx ?? this.db).insert(dictionaryItems).values(rows).returning();
  }

  async updateItem(tenantId: string, id: string, values: Partial<DictionaryItemInsert>, tx?: Tx) {
    const [row] = await (tx ?? this.db)
      .update(dictionaryItems)
      .set(values)
      .where(and(eq(dictionaryItems.tenantId, tenantId), eq(dictionaryItems.id, id)))
      .returning();
    return row;
  }

  async deleteItem(tenantId: string, id: string, tx: Tx) {
    await tx.delete(dictionaryItems).where(and(eq(dictionaryItems.tenantId, tenantId), eq(dictionaryItems.id, id)));
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }
}
