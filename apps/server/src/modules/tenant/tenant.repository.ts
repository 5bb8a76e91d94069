import { and, count, desc, eq, ilike, or, type SQL, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { tenants } from './tenant.table.ts';

export type TenantRow = typeof tenants.$inferSelect;
export type TenantInsert = typeof tenants.$inferInsert;

export interface TenantFilter {
  page: number;
  pageSize: number;
  keyword?: string;
  enabled?: boolean;
}

/** Tenants are the one table not scoped by tenantId: only the platform operator reaches it. */
export class TenantRepository {
  constructor(private readonly db: Db) {}

  async list(f: TenantFilter) {
    const where: SQL[] = [];
    if (f.enabled !== undefined) where.push(eq(tenants.enabled, f.enabled));
    if (f.keyword) {
      const match = or(ilike(tenants.account, `%${f.keyword}%`), ilike(tenants.name, `%${f.keyword}%`));
      if (match) where.push(match);
    }
    const cond = where.length ? and(...where) : undefined;
    const userCount = sql<number>`(select count(*)::int from "users" u where u."tenant_id" = "tenants"."id")`;
    const [rows, [total]] = await Promise.all([
      this.db
        .select({ tenant: tenants, userCount })
        .from(tenants)
        .where(cond)
        .orderBy(desc(tenants.isPlatform), desc(tenants.createdAt))
        .limit(f.pageSize)
        .offset((f.page - 1) * f.pageSize),
      this.db.select({ n: count() }).from(tenants).where(cond),
    ]);
    return { rows, total: total?.n ?? 0 };
  }

  async findById(id: string, tx?: Tx) {
    const userCount = sql<number>`(select count(*)::int from "users" u where u."tenant_id" = "tenants"."id")`;
    const [row] = await (tx ?? this.db).select({ tenant: tenants, userCount }).from(tenants).where(eq(tenants.id, id));
    return row;
  }

  async findByAccount(account: string): Promise<TenantRow | undefined> {
    const [row] = await this.db.select().from(tenants).where(eq(tenants.account, account));
    return row;
  }

  async findPlatform(): Promise<TenantRow | undefined> {
    const [row] = await this.db.select().from(tenants).where(eq(tenants.isPlatform, true));
    return row;
  }

  async insert(values: TenantInsert, tx: Tx): Promise<TenantRow> {
    const [row] = await tx.insert(tenants).values(values).returning();
    if (!row) throw new Error('insert returned nothing');
    return row;
  }

  async update(id: string, values: Partial<TenantInsert>, tx?: Tx): Promise<TenantRow | undefined> {
    const [row] = await (tx ?? this.db)
      .update(tenants)
      .set({ ...values, updatedAt: new Date() })
      .where(eq(tenants.id, id))
      .returning();
    return row;
  }

  async delete(id: string, tx: Tx): Promise<void> {
    await tx.delete(tenants).where(eq(tenants.id, id));
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }
}
