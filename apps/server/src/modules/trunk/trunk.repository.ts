import { and, asc, eq, ilike, inArray, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { trunkGroups, trunks } from './trunk.table.ts';

export type TrunkRow = typeof trunks.$inferSelect;
export type TrunkInsert = typeof trunks.$inferInsert;
export type TrunkGroupRow = typeof trunkGroups.$inferSelect;
export type TrunkGroupInsert = typeof trunkGroups.$inferInsert;

/** Trunks and trunk groups; every query but the switch's `all` is bound to one tenant. */
export class TrunkRepository {
  constructor(private readonly db: Db) {}

  list(tenantId: string, f: { keyword?: string; kind?: string } = {}): Promise<TrunkRow[]> {
    const where: SQL[] = [eq(trunks.tenantId, tenantId)];
    if (f.kind) where.push(eq(trunks.kind, f.kind));
    if (f.keyword) {
      const match = or(ilike(trunks.name, `%${f.keyword}%`), ilike(trunks.host, `%${f.keyword}%`));
      if (match) where.push(match);
    }
    return this.db
      .select()
      .from(trunks)
      .where(and(...where))
      .orderBy(asc(trunks.name));
  }

  /** Every trunk of every tenant: what the switch loads. */
  all(): Promise<TrunkRow[]> {
    return this.db.select().from(trunks).orderBy(asc(trunks.createdAt));
  }

  async findAnyById(id: string): Promise<TrunkRow | undefined> {
    const [row] = await this.db.select().from(trunks).where(eq(trunks.id, id));
    return row;
  }

  async findById(tenantId: string, id: string): Promise<TrunkRow | undefined> {
    const [row] = await this.db
      .select()
      .from(trunks)
      .where(and(eq(trunks.tenantId, tenantId), eq(trunks.id, id)));
    return row;
  }

  /** The ids among `ids` that are trunks of the tenant. */
  async existingIds(tenantId: string, ids: string[]): Promise<string[]> {
    if (ids.length === 0) return [];
    const rows = await this.db
      .select({ id: trunks.id })
      .from(trunks)
      .where(and(eq(trunks.tenantId, tenantId), inArray(trunks.id, ids)));
    return rows.map((r) => r.id);
  }

  async insert(values: TrunkInsert): Promise<TrunkRow> {
    const [row] = await this.db.insert(trunks).values(values).returning();
    if (!row) throw new Error('trunk insert returned nothing');
    return row;
  }

  async update(tenantId: string, id: string, values: Partial<TrunkInsert>): Promise<TrunkRow | undefined> {
    const [row] = await this.db
      .update(trunks)
      .set({ ...values, updatedAt: new Date() })
      .where(and(eq(trunks.tenantId, tenantId), eq(trunks.id, id)))
      .returning();
    return row;
  }

  async delete(tenantId: string, id: string): Promise<boolean> {
    const rows = await this.db
      .delete(trunks)
      .where(and(eq(trunks.tenantId, tenantId), eq(trunks.id, id)))
      .returning({ id: trunks.id });
    return rows.length > 0;
  }

  // ---- trunk groups ----
  listGroups(tenantId: string, keyword?: string): Promise<TrunkGroupRow[]> {
    const where: SQL[] = [eq(trunkGroups.tenantId, tenantId)];
    if (keyword) where.push(ilike(trunkGroups.name, `%${keyword}%`));
    return this.db
      .select()
      .from(trunkGroups)
      .where(and(...where))
      .orderBy(asc(trunkGroups.name));
  }

  async findGroupById(tenantId: string, id: string): Promise<TrunkGroupRow | undefined> {
    const [row] = await this.db
      .select()
      .from(trunkGroups)
      .where(and(eq(trunkGroups.tenantId, tenantId), eq(trunkGroups.id, id)));
    return row;
  }

  /** Names of the tenant's groups that hold the trunk. */
  async groupsUsing(tenantId: string, trunkId: string): Promise<string[]> {
    const rows = await this.db
      .select({ name: trunkGroups.name })
      .from(trunkGroups)
      .where(
        and(eq(trunkGroups.tenantId, tenantId), sql`${trunkGroups.trunkIds} @> ${JSON.stringify([trunkId])}::jsonb`),
      );
    return rows.map((r) => r.name);
  }

  async insertGroup(values: TrunkGroupInsert): Promise<TrunkGroupRow> {
    const [row] = await this.db.insert(trunkGroups).values(values).returning();
    if (!row) throw new Error('trunk group insert returned nothing');
    return row;
  }

  async updateGroup(
    tenantId: string,
    id: string,
    values: Partial<TrunkGroupInsert>,
  ): Promise<TrunkGroupRow | undefined> {
    const [row] = await this.db
      .update(trunkGroups)
      .set({ ...values, updatedAt: new Date() })
      .where(and(eq(trunkGroups.tenantId, tenantId), eq(trunkGroups.id, id)))
      .returning();
    return row;
  }

  async deleteGroup(tenantId: string, id: string): Promise<boolean> {
    const rows = await this.db
      .delete(trunkGroups)
      .where(and(eq(trunkGroups.tenantId, tenantId), eq(trunkGroups.id, id)))
      .returning({ id: trunkGroups.id });
    return rows.length > 0;
  }
}
