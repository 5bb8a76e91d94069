import { and, asc, eq, ilike, or, type SQL, sql } from 'drizzle-orm';
import type { Db } from '../../db/client.ts';
import { extensions } from '../extension/extension.table.ts';
import { extensionCallClasses, inboundRoutes, outboundRoutes, tenantFraudLimits, timeGroups } from './routing.table.ts';

export type TimeGroupRow = typeof timeGroups.$inferSelect;
export type TimeGroupInsert = typeof timeGroups.$inferInsert;
export type InboundRouteRow = typeof inboundRoutes.$inferSelect;
export type InboundRouteInsert = typeof inboundRoutes.$inferInsert;
export type OutboundRouteRow = typeof outboundRoutes.$inferSelect;
export type OutboundRouteInsert = typeof outboundRoutes.$inferInsert;
export type FraudLimitsRow = typeof tenantFraudLimits.$inferSelect;

const one = <T>(rows: T[], what: string): T => {
  const [row] = rows;
  if (!row) throw new Error(`${what} returned nothing`);
  return row;
};

/** Time groups, routes, call classes and fraud limits; every query is bound to one tenant. */
export class RoutingRepository {
  constructor(private readonly db: Db) {}

  // ---- time groups ----
  listTimeGroups(tenantId: string, keyword?: string): Promise<TimeGroupRow[]> {
    const where: SQL[] = [eq(timeGroups.tenantId, tenantId)];
    if (keyword) where.push(ilike(timeGroups.name, `%${keyword}%`));
    return this.db
      .select()
      .from(timeGroups)
      .where(and(...where))
      .orderBy(asc(timeGroups.name));
  }
  async findTimeGroup(tenantId: string, id: string): Promise<TimeGroupRow | undefined> {
    const [row] = await this.db
      .select()
      .from(timeGroups)
      .where(and(eq(timeGroups.tenantId, tenantId), eq(timeGroups.id, id)));
    return row;
  }
  async insertTimeGroup(values: TimeGroupInsert): Promise<TimeGroupRow> {
    return one(await this.db.insert(timeGroups).values(values).returning(), 'time group insert');
  }
  async updateTimeGroup(tenantId: string, id: string, values: Partial<TimeGroupInsert>) {
    const [row] = await this.db
      .update(timeGroups)
      .set({ ...values, updatedAt: new Date() })
      .where(and(eq(timeGroups.tenantId, tenantId), eq(timeGroups.id, id)))
      .returning();
    return row;
  }
  async deleteTimeGroup(tenantId: string, id: string): Promise<boolean> {
    const rows = await this.db
      .delete(timeGroups)
      .where(and(eq(timeGroups.tenantId, tenantId), eq(timeGroups.id, id)))
      .returning({ id: timeGroups.id });
    return rows.length > 0;
  }
  /** Names of the routes (in and out) that use the time group. */
  async routesUsingTimeGroup(tenantId: string, timeGroupId: string): Promise<string[]> {
    const inbound = await this.db
      .select({ name: inboundRoutes.name })
      .from(inboundRoutes)
      .where(and(eq(inboundRoutes.tenantId, tenantId), eq(inboundRoutes.timeGroupId, timeGroupId)));
    const outbound = await this.db
      .select({ name: outboundRoutes.name })
      .from(outboundRoutes)
      .where(and(eq(outboundRoutes.tenantId, tenantId), eq(outboundRoutes.timeGroupId, timeGroupId)));
    return [...inbound, ...outbound].map((r) => r.name);
  }

  // ---- inbound routes ----
  listInbound(tenantId: string, keyword?: string): Promise<InboundRouteRow[]> {
    const where: SQL[] = [eq(inboundRoutes.tenantId, tenantId)];
    if (keyword) {
      const match = or(ilike(inboundRoutes.name, `%${keyword}%`), ilike(inboundRoutes.didPattern, `%${keyword}%`));
      if (match) where.push(match);
    }
    return this.db
      .select()
      .from(inboundRoutes)
      .where(and(...where))
      .orderBy(asc(inboundRoutes.priority), asc(inboundRoutes.createdAt));
  }
  async findInbound(tenantId: string, id: string): Promise<InboundRouteRow | undefined> {
    const [row] = await this.db
      .select()
      .from(inboundRoutes)
      .where(and(eq(inboundRoutes.tenantId, tenantId), eq(inboundRoutes.id, id)));
    return row;
  }
  async insertInbound(values: InboundRouteInsert): Promise<InboundRouteRow> {
    return one(await this.db.insert(inboundRoutes).values(values).returning(), 'inbound route insert');
  }
  async updateInbound(tenantId: string, id: string, values: Partial<InboundRouteInsert>) {
    const [row] = await this.db
      .update(inboundRoutes)
      .set({ ...values, updatedAt: new Date() })
      .where(and(eq(inboundRoutes.tenantId, tenantId), eq(inboundRoutes.id, id)))
      .returning();
    return row;
  }
  async deleteInbound(tenantId: string, id: string): Promise<boolean> {
    const rows = await this.db
      .delete(inboundRoutes)
      .where(and(eq(inboundRoutes.tenantId, tenantId), eq(inboundRoutes.id, id)))
      .returning({ id: inboundRoutes.id });
    return rows.length > 0;
  }

  // ---- outbound routes ----
  listOutbound(tenantId: string, keyword?: string): Promise<OutboundRouteRow[]> {
    const where: SQL[] = [eq(outboundRoutes.tenantId, tenantId)];
    if (keyword) where.push(ilike(outboundRoutes.name, `%${keyword}%`));
    return this.db
      .select()
      .from(outboundRoutes)
      .where(and(...where))
      .orderBy(asc(outboundRoutes.priority), asc(outboundRoutes.createdAt));
  }
  async findOutbound(tenantId: string, id: string): Promise<OutboundRouteRow | undefined> {
    const [row] = await this.db
      .select()
      .from(outboundRoutes)
      .where(and(eq(outboundRoutes.tenantId, tenantId), eq(outboundRoutes.id, id)));
    return row;
  }
  async insertOutbound(values: OutboundRouteInsert): Promise<OutboundRouteRow> {
    return one(await this.db.insert(outboundRoutes).values(values).returning(), 'outbound route insert');
  }
  async updateOutbound(tenantId: string, id: string, values: Partial<OutboundRouteInsert>) {
    const [row] = await this.db
      .update(outboundRoutes)
      .set({ ...values, updatedAt: new Date() })
      .where(and(eq(outboundRoutes.tenantId, tenantId), eq(outboundRoutes.id, id)))
      .returning();
    return row;
  }
  async deleteOutbound(tenantId: string, id: string): Promise<boolean> {
    const rows = await this.db
      .delete(outboundRoutes)
      .where(and(eq(outboundRoutes.tenantId, tenantId), eq(outboundRoutes.id, id)))
      .returning({ id: outboundRoutes.id });
    return rows.length > 0;
  }
  /** Names of the tenant's inbound routes that lead to the IVR menu (open or closed hours). */
  async inboundUsingIvr(tenantId: string, ivrId: string): Promise<string[]> {
    const dest = JSON.stringify({ kind: 'ivr', ivrId });
    const rows = await this.db
      .select({ name: inboundRoutes.name })
      .from(inboundRoutes)
      .where(
        and(
          eq(inboundRoutes.tenantId, tenantId),
          or(
            sql`${inboundRoutes.destination} @> ${dest}::jsonb`,
            sql`${inboundRoutes.closedDestination} @> ${dest}::jsonb`,
          ),
        ),
      );
    return rows.map((r) => r.name);
  }

  /** Names of the tenant's outbound routes that use the trunk or the trunk group (ids are UUIDs: never both). */
  async outboundUsingTrunk(tenantId: string, trunkId: string): Promise<string[]> {
    const rows = await this.db
      .select({ name: outboundRoutes.name })
      .from(outboundRoutes)
      .where(
        and(
          eq(outboundRoutes.tenantId, tenantId),
          or(
            sql`${outboundRoutes.trunkIds} @> ${JSON.stringify([trunkId])}::jsonb`,
            eq(outboundRoutes.trunkGroupId, trunkId),
          ),
        ),
      );
    return rows.map((r) => r.name);
  }

  /** Names of the tenant's outbound routes that show the number (fixed caller ID or pool member). */
  async outboundUsingCallerId(tenantId: string, number: string): Promise<string[]> {
    const rows = await this.db
      .select({ name: outboundRoutes.name })
      .from(outboundRoutes)
      .where(
        and(
          eq(outboundRoutes.tenantId, tenantId),
          or(
            eq(outboundRoutes.callerId, number),
            sql`${outboundRoutes.callerIdPool} @> ${JSON.stringify([number])}::jsonb`,
          ),
        ),
      );
    return rows.map((r) => r.name);
  }

  // ---- call classes (呼叫权限) ----
  /** Every extension of the tenant with its stored classes (null = none stored: the default applies). */
  listCallClasses(tenantId: string) {
    return this.db
      .select({ extensionId: extensions.id, number: extensions.number, classes: extensionCallClasses.classes })
      .from(extensions)
      .leftJoin(extensionCallClasses, eq(extensionCallClasses.extensionId, extensions.id))
      .where(eq(extensions.tenantId, tenantId))
      .orderBy(asc(extensions.number));
  }
  async findExtension(tenantId: string, extensionId: string) {
    const [row] = await this.db
      .select({ id: extensions.id, number: extensions.number })
      .from(extensions)
      .where(and(eq(extensions.tenantId, tenantId), eq(extensions.id, extensionId)));
    return row;
  }
  async extensionNumbers(tenantId: string): Promise<Set<string>> {
    const rows = await this.db
      .select({ number: extensions.number })
      .from(extensions)
      .where(eq(extensions.tenantId, tenantId));
    return new Set(rows.map((r) => r.number));
  }
  async setCallClasses(tenantId: string, extensionId: string, classes: string[]): Promise<void> {
    await this.db
      .insert(extensionCallClasses)
      .values({ tenantId, extensionId, classes })
      .onConflictDoUpdate({ target: extensionCallClasses.extensionId, set: { classes, updatedAt: new Date() } });
  }

  // ---- fraud limits ----
  async findFraudLimits(tenantId: string): Promise<FraudLimitsRow | undefined> {
    const [row] = await this.db.select().from(tenantFraudLimits).where(eq(tenantFraudLimits.tenantId, tenantId));
    return row;
  }
  async saveFraudLimits(values: Omit<FraudLimitsRow, 'updatedAt'>): Promise<FraudLimitsRow> {
    const { tenantId, ...set } = values;
    return one(
      await this.db
        .insert(tenantFraudLimits)
        .values(values)
        .onConflictDoUpdate({ target: tenantFraudLimits.tenantId, set: { ...set, updatedAt: new Date() } })
        .returning(),
      `fraud limits of ${tenantId}`,
    );
  }
}
