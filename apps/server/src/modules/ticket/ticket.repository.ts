import { and, asc, count, desc, eq, ilike, isNull, or, type SQL, sql } from 'drizzle-orm';
import { alias } from 'drizzle-orm/pg-core';
import type { Db, Tx } from '../../db/client.ts';
import { customers } from '../customer/customer.table.ts';
import { users } from '../user/user.table.ts';
import { orderVerifications, ticketHistory, tickets } from './ticket.table.ts';

export type TicketRow = typeof tickets.$inferSelect;
export type TicketInsert = typeof tickets.$inferInsert;
export type HistoryRow = typeof ticketHistory.$inferSelect;
export type OrderRow = typeof orderVerifications.$inferSelect;

export interface TicketFilter {
  page: number;
  pageSize: number;
  keyword?: string;
  customerId?: string;
  type?: string;
  status?: string;
  priority?: string;
  assigneeId?: string;
}

/** 工单 with their history, and 核单 requests. */
export class TicketRepository {
  private readonly assignee = alias(users, 'assignee');
  private readonly creator = alias(users, 'creator');
  private readonly verifier = alias(users, 'verifier');
  constructor(private readonly db: Db) {}

  private ticketQuery(db: Db | Tx = this.db) {
    return db
      .select({
        t: tickets,
        customerName: customers.name,
        assigneeName: this.assignee.name,
        createdByName: this.creator.name,
      })
      .from(tickets)
      .leftJoin(customers, eq(customers.id, tickets.customerId))
      .leftJoin(this.assignee, eq(this.assignee.id, tickets.assigneeId))
      .leftJoin(this.creator, eq(this.creator.id, tickets.createdBy));
  }

  async list(tenantId: string, userId: string, f: TicketFilter) {
    const where: SQL[] = [eq(tickets.tenantId, tenantId)];
    if (f.customerId) where.push(eq(tickets.customerId, f.customerId));
    if (f.type) where.push(eq(tickets.type, f.type));
    if (f.status) where.push(eq(tickets.status, f.status));
    if (f.priority) where.push(eq(tickets.priority, f.priority as TicketRow['priority']));
    if (f.assigneeId === 'none') where.push(isNull(tickets.assigneeId));
    else if (f.assigneeId === 'me') where.push(eq(tickets.assigneeId, userId));
    else if (f.assigneeId) where.push(eq(tickets.assigneeId, f.assigneeId));
    if (f.keyword) {
      const m = or(ilike(tickets.title, `%${f.keyword}%`), ilike(tickets.description, `%${f.keyword}%`));
      if (m) where.push(m);
    }
    const cond = and(...where);
    const [rows, [total]] = await Promise.all([
      this.ticketQuery()
        .where(cond)
        .orderBy(desc(tickets.createdAt))
        .limit(f.pageSize)
        .offset((f.page - 1) * f.pageSize),
      this.db.select({ n: count() }).from(tickets).where(cond),
    ]);
    return { rows, total: total?.n ?? 0 };
  }

  async find(tenantId: string, id: string, tx?: Tx) {
    const [row] = await this.ticketQuery(tx).where(and(eq(tickets.tenantId, tenantId), eq(tickets.id, id)));
    return row;
  }

  async history(tenantId: string, ticketId: string, tx?: Tx): Promise<HistoryRow[]> {
    return (tx ?? this.db)
      .select()
      .from(ticketHistory)
      .where(and(eq(ticketHistory.tenantId, tenantId), eq(ticketHistory.ticketId, ticketId)))
      .orderBy(asc(ticketHistory.createdAt));
  }

  async insert(values: Omit<TicketInsert, 'number'>, tx: Tx): Promise<TicketRow> {
    const [row] = await tx
      .insert(tickets)
      .values({
        ...values,
        number: sql`(select coalesce(max(t.number), 0) + 1 from tickets t where t.tenant_id = ${values.tenantId})`,
      })
      .returning();
    if (!row) throw new Error('ticket insert returned nothing');
    return row;
  }

  async update(tenantId: string, id: string, values: Partial<TicketInsert>, tx: Tx) {
    await tx
      .update(tickets)
      .set({ ...values, updatedAt: new Date() })
      .where(and(eq(tickets.tenantId, tenantId), eq(tickets.id, id)));
  }

  async delete(tenantId: string, id: string, tx: Tx) {
    await tx.delete(tickets).where(and(eq(tickets.tenantId, tenantId), eq(tickets.id, id)));
  }

  async addHistory(values: typeof ticketHistory.$inferInsert, tx: Tx) {
    await tx.insert(ticketHistory).values(values);
  }

  // ---- order verification ----
  private orderQuery(db: Db | Tx = this.db) {
    return db
      .select({
        o: orderVerifications,
        customerName: customers.name,
        requestedByName: this.creator.name,
        verifierName: this.verifier.name,
      })
      .from(orderVerifications)
      .innerJoin(customers, eq(customers.id, orderVerifications.customerId))
      .leftJoin(this.creator, eq(this.creator.id, orderVerifications.requestedBy))
      .leftJoin(this.verifier, eq(this.verifier.id, orderVerifications.verifierId));
  }

  async listOrders(
    tenantId: string,
    f: { page: number; pageSize: number; status?: string; customerId?: string; requestedBy?: string },
  ) {
    const where: SQL[] = [eq(orderVerifications.tenantId, tenantId)];
    if (f.status) where.push(eq(orderVerifications.status, f.status as OrderRow['status']));
    if (f.customerId) where.push(eq(orderVerifications.customerId, f.customerId));
    if (f.requestedBy) where.push(eq(orderVerifications.requestedBy, f.requestedBy));
    const cond = and(...where);
    const [rows, [total]] = await Promise.all([
      this.orderQuery()
        .where(cond)
        .orderBy(desc(orderVerifications.createdAt))
        .limit(f.pageSize)
        .offset((f.page - 1) * f.pageSize),
      this.db.select({ n: count() }).from(orderVerifications).where(cond),
    ]);
    return { rows, total: total?.n ?? 0 };
  }

  async findOrder(tenantId: string, id: string, tx?: Tx) {
    const [row] = await this.orderQuery(tx).where(
      and(eq(orderVerifications.tenantId, tenantId), eq(orderVerifications.id, id)),
    );
    return row;
  }

  async insertOrder(values: typeof orderVerifications.$inferInsert, tx: Tx): Promise<OrderRow> {
    const [row] = await tx.insert(orderVerifications).values(values).returning();
    if (!row) throw new Error('order insert returned nothing');
    return row;
  }

  /** Decides a pending order; returns false when it was no longer pending. */
  async decideOrder(
    tenantId: string,
    id: string,
    values: { status: 'approved' | 'rejected'; verifierId: string; verifiedAt: Date; verifyNote: string | null },
    tx: Tx,
  ): Promise<boolean> {
    const rows = await tx
      .update(orderVerifications)
      .set(values)
      .where(
        and(
          eq(orderVerifications.tenantId, tenantId),
          eq(orderVerifications.id, id),
          eq(orderVerifications.status, 'pending'),
        ),
      )
      .returning({ id: orderVerifications.id });
    return rows.length === 1;
  }

  transaction<T>(fn: (tx: Tx) => Promise<T>): Promise<T> {
    return this.db.transaction(fn);
  }
}
