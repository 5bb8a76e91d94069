import { and, asc, eq, inArray, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { roles } from './role.table.ts';

export type RoleRow = typeof roles.$inferSelect;
export type RoleInsert = typeof roles.$inferInsert;

export class RoleRepository {
  constructor(private readonly db: Db) {}

  list(tenantId: string) {
    const userCount = sql<number>`(select count(*)::int from "user_roles" ur where ur."role_id" = "roles"."id")`;
    return this.db
      .select({ role: roles, userCount })
      .from(roles)
      .where(eq(roles.tenantId, tenantId))
      .orderBy(asc(roles.createdAt), asc(roles.name));
  }

  async findById(tenantId: string, id: string) {
    const userCount = sql<number>`(select count(*)::int from "user_roles" ur where ur."role_id" = "roles"."id")`;
    const [row] = await this.db
      .select({ role: roles, userCount })
      .from(roles)
      .where(and(eq(roles.tenantId, tenantId), eq(roles.id, id)));
    return row;
  }

  async findByCode(tenantId: string, code: string, tx?: Tx): Promise<RoleRow | undefined> {
    const [row] = await (tx ?? this.db)
      .select()
      .from(roles)
      .where(and(eq(roles.tenantId, tenantId), eq(roles.code, code)));
    return row;
  }

  /** Ids among `ids` that exist in the tenant (used to reject foreign or unknown role ids). */
  async existingIds(tenantId: string, ids: string[], tx?: Tx): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await (tx ?? this.db)
      .select({ id: roles.id })
      .from(roles)
      .where(and(eq(roles.tenantId, tenantId), inArray(roles.id, ids)));
    return rows.map((r) => r.id);
  }

  /** Built-in roles of every tenant whose known permissions differ from `catalog` (start-up upgrade). */
  async builtinsBehind(catalog: readonly string[]): Promise<RoleRow[]> {
    return this.db
      .select()
      .from(roles)
      .where(
        sql`${roles.code} is not null and (${roles.knownPermissions} is null or not (${roles.knownPermissions} @> ${JSON.stringify(catalog)}::jsonb))`,
      );
  }

  async setPermissions(id: string, permissions: string[], knownPermissions: string[]): Promise<void> {
    await this.db.update(roles).set({ permissions, knownPermissions }).where(eq(roles.id, id));
  }

  async insertMany(values: RoleInsert[], tx: Tx): Promise<RoleRow[]> {
    return tx.insert(roles).values(values).returning();
  }

  async update(tenantId: string, id: string, values: Partial<RoleInsert>, tx: Tx): Promise<RoleRow | undefined> {
    const [row] = await tx
      .update(roles)
      .set(values)
      .where(and(eq(roles.tenantId, tenantId), eq(roles.id, id)))
      .returning();
    return row;
  }

  async delete(tenantId: string, id: string, tx: Tx): Promise<void> {
    await tx.delete(roles).where(and(eq(roles.tenantId, tenantId), eq(roles.id, id)));
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }
}
