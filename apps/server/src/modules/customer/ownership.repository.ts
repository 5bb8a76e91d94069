import { and, count, eq, gte, inArray, isNotNull, sql } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { crmSettings, customers, poolClaims } from './customer.table.ts';

export type CrmSettingsRow = typeof crmSettings.$inferSelect;

export class OwnershipRepository {
  constructor(private readonly db: Db) {}

  async settings(tenantId: string, tx?: Tx): Promise<CrmSettingsRow> {
    const [row] = await (tx ?? this.db).select().from(crmSettings).where(eq(crmSettings.tenantId, tenantId));
    return row ?? { tenantId, publicPoolReturnDays: null, dailyClaimLimit: null };
  }

  async saveSettings(values: CrmSettingsRow, tx: Tx): Promise<void> {
    await tx
      .insert(crmSettings)
      .values(values)
      .onConflictDoUpdate({
        target: crmSettings.tenantId,
        set: { publicPoolReturnDays: values.publicPoolReturnDays, dailyClaimLimit: values.dailyClaimLimit },
      });
  }

  async tenantsWithReturnRule(): Promise<CrmSettingsRow[]> {
    return this.db.select().from(crmSettings).where(isNotNull(crmSettings.publicPoolReturnDays));
  }

  async claimsSince(tenantId: string, userId: string, since: Date, tx?: Tx): Promise<number> {
    const [row] = await (tx ?? this.db)
      .select({ n: count() })
      .from(poolClaims)
      .where(and(eq(poolClaims.tenantId, tenantId), eq(poolClaims.userId, userId), gte(poolClaims.claimedAt, since)));
    return row?.n ?? 0;
  }

  /** Takes pool customers for the user; returns the ids that were still in the pool. */
  async claim(tenantId: string, userId: string, ids: string[], now: Date, tx: Tx): Promise<string[]> {
    const rows = await tx
      .update(customers)
      .set({ ownerId: userId, publicPool: false, assignedAt: now, updatedAt: now })
      .where(and(eq(customers.tenantId, tenantId), inArray(customers.id, ids), eq(customers.publicPool, true)))
      .returning({ id: customers.id });
    if (rows.length) {
      await tx.insert(poolClaims).values(rows.map((r) => ({ tenantId, userId, customerId: r.id, claimedAt: now })));
    }
    return rows.map((r) => r.id);
  }

  /** Customers of `ownerIds` (or all owners) given to `toId` / unassigned / put in the pool. */
  async setOwner(
    tenantId: string,
    where: { ids?: string[]; ownerId?: string },
    to: { ownerId: string | null; publicPool: boolean },
    now: Date,
    tx: Tx,
  ): Promise<number> {
    const cond = [eq(customers.tenantId, tenantId)];
    if (where.ids) {
      if (where.ids.length === 0) return 0;
      cond.push(inArray(customers.id, where.ids));
    }
    if (where.ownerId) cond.push(eq(customers.ownerId, where.ownerId));
    const rows = await tx
      .update(customers)
      .set({ ...to, assignedAt: to.ownerId ? now : null, updatedAt: now })
      .where(and(...cond))
      .returning({ id: customers.id });
    return rows.length;
  }

  /** The return rule: owned customers not followed up (nor assigned) within `days` go back to the pool. */
  async returnStale(tenantId: string, days: number, now: Date, tx: Tx): Promise<number> {
    const cutoff = new Date(now.getTime() - days * 86_400_000);
    const rows = await tx
      .update(customers)
      .set({ ownerId: null, publicPool: true, assignedAt: null, updatedAt: now })
      .where(
        and(
          eq(customers.tenantId, tenantId),
          isNotNull(customers.ownerId),
          sql`coalesce(${customers.lastFollowUpAt}, ${customers.assignedAt}, ${customers.createdAt}) < ${cutoff.toISOString()}::timestamptz`,
        ),
      )
      .returning({ id: customers.id });
    return rows.length;
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }
}
