import { and, asc, eq, ne, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { mohClasses } from './voice-file.table.ts';

export type MohClassRow = typeof mohClasses.$inferSelect;
export type MohClassInsert = typeof mohClasses.$inferInsert;

export class MohClassRepository {
  constructor(private readonly db: Db) {}

  list(tenantId: string): Promise<MohClassRow[]> {
    return this.db
      .select()
      .from(mohClasses)
      .where(eq(mohClasses.tenantId, tenantId))
      .orderBy(asc(mohClasses.createdAt), asc(mohClasses.name));
  }

  async findById(tenantId: string, id: string): Promise<MohClassRow | undefined> {
    const [row] = await this.db
      .select()
      .from(mohClasses)
      .where(and(eq(mohClasses.tenantId, tenantId), eq(mohClasses.id, id)));
    return row;
  }

  /** The named class, or with no name the enterprise's default one. */
  async find(tenantId: string, name?: string): Promise<MohClassRow | undefined> {
    const [row] = await this.db
      .select()
      .from(mohClasses)
      .where(and(eq(mohClasses.tenantId, tenantId), name ? eq(mohClasses.name, name) : eq(mohClasses.isDefault, true)));
    return row;
  }

  /** Classes that play the voice file. */
  usingFile(tenantId: string, fileId: string): Promise<Array<{ name: string }>> {
    return this.db
      .select({ name: mohClasses.name })
      .from(mohClasses)
      .where(and(eq(mohClasses.tenantId, tenantId), sql`${mohClasses.fileIds} @> ${JSON.stringify([fileId])}::jsonb`));
  }

  /** Inserts or updates a class; when it becomes the default, the previous default stops being one (one transaction). */
  async save(tenantId: string, id: string | null, values: Partial<MohClassInsert>): Promise<MohClassRow | undefined> {
    return this.db.transaction(async (tx) => {
      if (values.isDefault) {
        const others = and(eq(mohClasses.tenantId, tenantId), eq(mohClasses.isDefault, true));
        await tx
          .update(mohClasses)
          .set({ isDefault: false, updatedAt: new Date() })
          .where(id ? and(others, ne(mohClasses.id, id)) : others);
      }
      if (!id) {
        const [row] = await tx
          .insert(mohClasses)
          .values({ name: '', ...values, tenantId })
          .returning();
        return row;
      }
      const [row] = await tx
        .update(mohClasses)
        .set({ ...values, updatedAt: new Date() })
        .where(and(eq(mohClasses.tenantId, tenantId), eq(mohClasses.id, id)))
        .returning();
      return row;
    });
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    const rows = await this.db
      .delete(mohClasses)
      .where(and(eq(mohClasses.tenantId, tenantId), eq(mohClasses.id, id)))
      .returning({ id: mohClasses.id });
    return rows.length > 0;
  }
}
