import { and, asc, count, eq, ilike, or, type SQL } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { users } from '../user/user.table.ts';
import { extensions } from './extension.table.ts';

export type ExtensionRow = typeof extensions.$inferSelect;
export type ExtensionInsert = typeof extensions.$inferInsert;

export class ExtensionRepository {
  constructor(private readonly db: Db) {}

  /** All matching rows of the tenant with the bound user's name (registration filtering happens in memory). */
  async list(tenantId: string, keyword?: string) {
    const where: SQL[] = [eq(extensions.tenantId, tenantId)];
    if (keyword) {
      const match = or(ilike(extensions.number, `%${keyword}%`), ilike(extensions.displayName, `%${keyword}%`));
      if (match) where.push(match);
    }
    return this.db
      .select({ extension: extensions, userName: users.name })
      .from(extensions)
      .leftJoin(users, eq(users.id, extensions.userId))
      .where(and(...where))
      .orderBy(asc(extensions.number));
  }

  async findById(tenantId: string, id: string) {
    const [row] = await this.db
      .select({ extension: extensions, userName: users.name })
      .from(extensions)
      .leftJoin(users, eq(users.id, extensions.userId))
      .where(and(eq(extensions.tenantId, tenantId), eq(extensions.id, id)));
    return row;
  }

  /** The user's extension (the lowest enabled number bound to them): the device that reaches an agent. */
  async numberOfUser(tenantId: string, userId: string): Promise<string | null> {
    const [row] = await this.db
      .select({ number: extensions.number })
      .from(extensions)
      .where(and(eq(extensions.tenantId, tenantId), eq(extensions.userId, userId), eq(extensions.enabled, true)))
      .orderBy(asc(extensions.number))
      .limit(1);
    return row?.number ?? null;
  }

  async findByNumber(tenantId: string, number: string): Promise<ExtensionRow | undefined> {
    const [row] = await this.db
      .select()
      .from(extensions)
      .where(and(eq(extensions.tenantId, tenantId), eq(extensions.number, number)));
    return row;
  }

  async count(tenantId: string): Promise<number> {
    const [row] = await this.db.select({ n: count() }).from(extensions).where(eq(extensions.tenantId, tenantId));
    return row?.n ?? 0;
  }

  async insert(values: ExtensionInsert): Promise<ExtensionRow> {
    const [row] = await this.db.insert(extensions).values(values).returning();
    if (!row) throw new Error('extension insert returned nothing');
    return row;
  }

  async update(tenantId: string, id: string, values: Partial<ExtensionInsert>): Promise<ExtensionRow | undefined> {
    const [row] = await this.db
      .update(extensions)
      .set({ ...values, updatedAt: new Date() })
      .where(and(eq(extensions.tenantId, tenantId), eq(extensions.id, id)))
      .returning();
    return row;
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    const rows = await this.db
      .delete(extensions)
      .where(and(eq(extensions.tenantId, tenantId), eq(extensions.id, id)))
      .returning({ id: extensions.id });
    return rows.length > 0;
  }
}
