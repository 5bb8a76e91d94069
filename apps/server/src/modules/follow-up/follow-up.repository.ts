import { type AnyColumn, and, asc, count, desc, eq, gte, lte, type SQL } from 'drizzle-orm';
import type { Db, Tx } from '../../db/client.ts';
import { customers } from '../customer/customer.table.ts';
import { type Scope, scopeCondition } from '../customer/index.ts';
import { users } from '../user/user.table.ts';
import { appointments, followUps, opportunities } from './follow-up.table.ts';

export type FollowUpRow = typeof followUps.$inferSelect;
export type AppointmentRow = typeof appointments.$inferSelect;
export type OpportunityRow = typeof opportunities.$inferSelect;

const paged = <T>(rows: T[], total: { n: number } | undefined) => ({ rows, total: total?.n ?? 0 });

/** 跟进记录, 预约 and 业务机会; every read joins the customer so visibility applies. */
export class FollowUpRepository {
  constructor(private readonly db: Db) {}

  private visible(tenantId: string, scope: Scope, table: { tenantId: AnyColumn }): SQL[] {
    const where: SQL[] = [eq(table.tenantId, tenantId)];
    const s = scopeCondition(scope);
    if (s) where.push(s);
    return where;
  }

  async listFollowUps(
    tenantId: string,
    scope: Scope,
    f: {
      page: number;
      pageSize: number;
      customerId?: string;
      userId?: string;
      type?: string;
      from?: string;
      to?: string;
    },
  ) {
    const where = this.visible(tenantId, scope, followUps);
    if (f.customerId) where.push(eq(followUps.customerId, f.customerId));
    if (f.userId) where.push(eq(followUps.userId, f.userId));
    if (f.type) where.push(eq(followUps.type, f.type));
    if (f.from) where.push(gte(followUps.createdAt, new Date(f.from)));
    if (f.to) where.push(lte(followUps.createdAt, new Date(f.to)));
    const cond = and(...where);
    const [rows, [total]] = await Promise.all([
      this.db
        .select({ f: followUps, customerName: customers.name })
        .from(followUps)
        .innerJoin(customers, eq(customers.id, followUps.customerId))
        .where(cond)
        .orderBy(desc(followUps.createdAt))
        .limit(f.pageSize)
        .offset((f.page - 1) * f.pageSize),
      this.db
        .select({ n: count() })
        .from(followUps)
        .innerJoin(customers, eq(customers.id, followUps.customerId))
        .where(cond),
    ]);
    return paged(rows, total);
  }

  async findFollowUp(tenantId: string, scope: Scope, id: string) {
    const [row] = await this.db
      .select({ f: followUps, customerName: customers.name })
      .from(followUps)
      .innerJoin(customers, eq(customers.id, followUps.customerId))
      .where(and(...this.visible(tenantId, scope, followUps), eq(followUps.id, id)));
    return row;
  }

  async insertFollowUp(values: typeof followUps.$inferInsert, tx: Tx): Promise<FollowUpRow> {
    const [row] = await tx.insert(followUps).values(values).returning();
    if (!row) throw new Error('follow-up insert returned nothing');
    return row;
  }

  async deleteFollowUp(tenantId: string, id: string, tx: Tx) {
    await tx.delete(followUps).where(and(eq(followUps.tenantId, tenantId), eq(followUps.id, id)));
  }

  async touchCustomer(
    tenantId: string,
    customerId: string,
    values: { lastFollowUpAt: Date; nextFollowUpAt?: Date | null; followUpStatus?: string | null },
    tx: Tx,
  ) {
    await tx
      .update(customers)
      .set({ ...values, updatedAt: new Date() })
      .where(and(eq(customers.tenantId, tenantId), eq(customers.id, customerId)));
  }

  // ---- appointments ----
  private appointmentQuery(db: Db | Tx = this.db) {
    return db
      .select({ a: appointments, customerName: customers.name, userName: users.name })
      .from(appointments)
      .innerJoin(customers, eq(customers.id, appointments.customerId))
      .leftJoin(users, eq(users.id, appointments.userId));
  }

  async listAppointments(
    tenantId: string,
    f: {
      page: number;
      pageSize: number;
      userId?: string;
      customerId?: string;
      done?: boolean;
      from?: string;
      to?: string;
    },
  ) {
    const where: SQL[] = [eq(appointments.tenantId, tenantId)];
    if (f.userId) where.push(eq(appointments.userId, f.userId));
    if (f.customerId) where.push(eq(appointments.customerId, f.customerId));
    if (f.done !== undefined) where.push(eq(appointments.done, f.done));
    if (f.from) where.push(gte(appointments.at, new Date(f.from)));
    if (f.to) where.push(lte(appointments.at, new Date(f.to)));
    const cond = and(...where);
    const [rows, [total]] = await Promise.all([
      this.appointmentQuery()
        .where(cond)
        .orderBy(asc(appointments.at))
        .limit(f.pageSize)
        .offset((f.page - 1) * f.pageSize),
      this.db.select({ n: count() }).from(appointments).where(cond),
    ]);
    return paged(rows, total);
  }

  async dueAppointments(tenantId: string, userId: string, until: Date) {
    return this.appointmentQuery()
      .where(
        and(
          eq(appointments.tenantId, tenantId),
          eq(appointments.userId, userId),
          eq(appointments.done, false),
          lte(appointments.at, until),
        ),
      )
      .orderBy(asc(appointments.at))
      .limit(100);
  }

  async findAppointment(tenantId: string, id: string, tx?: Tx) {
    const [row] = await this.appointmentQuery(tx).where(
      and(eq(appointments.tenantId, tenantId), eq(appointments.id, id)),
    );
    return row;
  }

  async insertAppointment(values: typeof appointments.$inferInsert, tx: Tx): Promise<AppointmentRow> {
    const [row] = await tx.insert(appointments).values(values).returning();
    if (!row) throw new Error('appointment insert returned nothing');
    return row;
  }

  async updateAppointment(tenantId: string, id: string, values: Partial<typeof appointments.$inferInsert>, tx: Tx) {
    await tx
      .update(appointments)
      .set(values)
      .where(and(eq(appointments.tenantId, tenantId), eq(appointments.id, id)));
  }

  async deleteAppointment(tenantId: string, id: string, tx: Tx) {
    await tx.delete(appointments).where(and(eq(appointments.tenantId, tenantId), eq(appointments.id, id)));
  }

  // ---- opportunities ----
  private opportunityQuery(db: Db | Tx = this.db) {
    return db
      .select({ o: opportunities, customerName: customers.name, ownerName: users.name })
      .from(opportunities)
      .innerJoin(customers, eq(customers.id, opportunities.customerId))
      .leftJoin(users, eq(users.id, opportunities.ownerId));
  }

  async listOpportunities(
    tenantId: string,
    scope: Scope,
    f: { page: number; pageSize: number; customerId?: string; stage?: string; keyword?: string },
  ) {
    const where = this.visible(tenantId, scope, opportunities);
    if (f.customerId) where.push(eq(opportunities.customerId, f.customerId));
    if (f.stage) where.push(eq(opportunities.stage, f.stage));
    const cond = and(...where);
    const [rows, [total]] = await Promise.all([
      this.opportunityQuery()
        .where(cond)
        .orderBy(desc(opportunities.createdAt))
        .limit(f.pageSize)
        .offset((f.page - 1) * f.pageSize),
      this.db
        .select({ n: count() })
        .from(opportunities)
        .innerJoin(customers, eq(customers.id, opportunities.customerId))
        .where(cond),
    ]);
    return paged(rows, total);
  }

  async findOpportunity(tenantId: string, scope: Scope, id: string, tx?: Tx) {
    const [row] = await this.opportunityQuery(tx).where(
      and(...this.visible(tenantId, scope, opportunities), eq(opportunities.id, id)),
    );
    return row;
  }

  async insertOpportunity(values: typeof opportunities.$inferInsert, tx: Tx): Promise<OpportunityRow> {
    const [row] = await tx.insert(opportunities).values(values).returning();
    if (!row) throw new Error('opportunity insert returned nothing');
    return row;
  }

  async updateOpportunity(tenantId: string, id: string, values: Partial<typeof opportunities.$inferInsert>, tx: Tx) {
    await tx
      .update(opportunities)
      .set({ ...values, updatedAt: new Date() })
      .where(and(eq(opportunities.tenantId, tenantId), eq(opportunities.id, id)));
  }

  async deleteOpportunity(tenantId: string, id: string, tx: Tx) {
    await tx.delete(opportunities).where(and(eq(opportunities.tenantId, tenantId), eq(opportunities.id, id)));
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }
}
