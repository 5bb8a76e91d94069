import type { OrderVerification, Ticket, TicketDetail } from '@hujiao/shared';
import { DomainError, notFound } from '../../http/domain-error.ts';
import type { AuditService } from '../audit/index.ts';
import type { CustomerRepository, CustomerService, Viewer } from '../customer/index.ts';
import type { DictionaryService } from '../dictionary/index.ts';
import type { HistoryRow, OrderRow, TicketFilter, TicketRepository, TicketRow } from './ticket.repository.ts';

type TicketJoined = {
  t: TicketRow;
  customerName: string | null;
  assigneeName: string | null;
  createdByName: string | null;
};

const toTicket = (r: TicketJoined): Ticket => ({
  id: r.t.id,
  number: r.t.number,
  customerId: r.t.customerId,
  customerName: r.customerName,
  type: r.t.type,
  status: r.t.status,
  priority: r.t.priority,
  title: r.t.title,
  description: r.t.description,
  assigneeId: r.t.assigneeId,
  assigneeName: r.assigneeName,
  createdBy: r.t.createdBy,
  createdByName: r.createdByName,
  createdAt: r.t.createdAt.toISOString(),
  updatedAt: r.t.updatedAt.toISOString(),
});

const toHistory = (h: HistoryRow) => ({
  id: h.id,
  userId: h.userId,
  userName: h.userName,
  action: h.action,
  changes: h.changes,
  comment: h.comment,
  createdAt: h.createdAt.toISOString(),
});

const toOrder = (r: {
  o: OrderRow;
  customerName: string;
  requestedByName: string | null;
  verifierName: string | null;
}): OrderVerification => ({
  id: r.o.id,
  customerId: r.o.customerId,
  customerName: r.customerName,
  orderNo: r.o.orderNo,
  product: r.o.product,
  amount: r.o.amount,
  note: r.o.note,
  status: r.o.status,
  requestedBy: r.o.requestedBy,
  requestedByName: r.requestedByName,
  verifierId: r.o.verifierId,
  verifierName: r.verifierName,
  verifiedAt: r.o.verifiedAt?.toISOString() ?? null,
  verifyNote: r.o.verifyNote,
  createdAt: r.o.createdAt.toISOString(),
});

export interface TicketInput {
  customerId?: string | null;
  type: string;
  status?: string;
  priority: TicketRow['priority'];
  title: string;
  description: string;
  assigneeId?: string | null;
}

const TRACKED = ['type', 'status', 'priority', 'title', 'description', 'assigneeId'] as const;

/** 工单 (types and statuses from the dictionary, history of every change) and 核单 (pending → decided). */
export class TicketService {
  constructor(
    private readonly d: {
      repo: TicketRepository;
      customers: CustomerService;
      customerRepo: CustomerRepository;
      dictionaries: DictionaryService;
      audit: AuditService;
    },
  ) {}

  async list(viewer: Viewer, f: TicketFilter) {
    const { rows, total } = await this.d.repo.list(viewer.tenantId, viewer.userId, f);
    return { items: rows.map(toTicket), total };
  }

  async get(viewer: Viewer, id: string): Promise<TicketDetail> {
    const row = await this.d.repo.find(viewer.tenantId, id);
    if (!row) throw notFound();
    const history = await this.d.repo.history(viewer.tenantId, id);
    return { ...toTicket(row), history: history.map(toHistory) };
  }

  private async check(viewer: Viewer, input: Partial<TicketInput>) {
    const t = viewer.tenantId;
    if (input.type) await this.d.dictionaries.assertValue(t, 'ticketType', input.type, 'type');
    if (input.status) await this.d.dictionaries.assertValue(t, 'ticketStatus', input.status, 'status');
    if (input.customerId) await this.d.customers.visibleIds(viewer, [input.customerId]);
    if (input.assigneeId && (await this.d.customerRepo.existingUserIds(t, [input.assigneeId])).length !== 1) {
      throw notFound();
    }
  }

  async create(viewer: Viewer, input: TicketInput): Promise<TicketDetail> {
    await this.check(viewer, input);
    const status =
      input.status ?? [...(await this.d.dictionaries.choices(viewer.tenantId, 'ticketStatus')).keys()][0] ?? 'open';
    const id = await this.d.repo.transaction(async (tx) => {
      const row = await this.d.repo.insert(
        {
          tenantId: viewer.tenantId,
          customerId: input.customerId ?? null,
          type: input.type,
          status,
          priority: input.priority,
          title: input.title,
          description: input.description,
          assigneeId: input.assigneeId ?? null,
          createdBy: viewer.userId,
        },
        tx,
      );
      await this.d.repo.addHistory(
        {
          tenantId: viewer.tenantId,
          ticketId: row.id,
          userId: viewer.userId,
          userName: viewer.ctx.userName,
          action: 'create',
        },
        tx,
      );
      await this.d.audit.record(viewer.ctx, 'ticket', 'create', { id: row.id, detail: { number: row.number } }, tx);
      return row.id;
    });
    return this.get(viewer, id);
  }

  async update(viewer: Viewer, id: string, input: Partial<TicketInput>): Promise<TicketDetail> {
    const current = await this.d.repo.find(viewer.tenantId, id);
    if (!current) throw notFound();
    await this.check(viewer, { ...input, customerId: undefined });
    const changes: Record<string, { from: unknown; to: unknown }> = {};
    for (const k of TRACKED) {
      if (input[k] !== undefined && input[k] !== current.t[k]) changes[k] = { from: current.t[k], to: input[k] };
    }
    if (Object.keys(changes).length) {
      await this.d.repo.transaction(async (tx) => {
        const values = Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v.to]));
        await this.d.repo.update(viewer.tenantId, id, values, tx);
        await this.d.repo.addHistory(
          {
            tenantId: viewer.tenantId,
            ticketId: id,
            userId: viewer.userId,
            userName: viewer.ctx.userName,
            action: 'update',
            changes,
          },
          tx,
        );
        await this.d.audit.record(viewer.ctx, 'ticket', 'update', { id, detail: { fields: Object.keys(changes) } }, tx);
      });
    }
    return this.get(viewer, id);
  }

  async comment(viewer: Viewer, id: string, comment: string): Promise<TicketDetail> {
    if (!(await this.d.repo.find(viewer.tenantId, id))) throw notFound();
    await this.d.repo.transaction(async (tx) => {
      await this.d.repo.addHistory(
        {
          tenantId: viewer.tenantId,
          ticketId: id,
          userId: viewer.userId,
          userName: viewer.ctx.userName,
          action: 'comment',
          comment,
        },
        tx,
      );
      await this.d.repo.update(viewer.tenantId, id, {}, tx);
    });
    return this.get(viewer, id);
  }

  async delete(viewer: Viewer, id: string): Promise<void> {
    const row = await this.d.repo.find(viewer.tenantId, id);
    if (!row) throw notFound();
    await this.d.repo.transaction(async (tx) => {
      await this.d.repo.delete(viewer.tenantId, id, tx);
      await this.d.audit.record(viewer.ctx, 'ticket', 'delete', { id, detail: { number: row.t.number } }, tx);
    });
  }

  // ---- 核单 ----
  async listOrders(viewer: Viewer, q: { page: number; pageSize: number; status?: string; customerId?: string }) {
    // Verifiers and admins see every request; others their own.
    const all = viewer.permissions.has('orderVerify:verify') || viewer.permissions.has('customer:viewAll');
    const { rows, total } = await this.d.repo.listOrders(viewer.tenantId, {
      ...q,
      requestedBy: all ? undefined : viewer.userId,
    });
    return { items: rows.map(toOrder), total };
  }

  async getOrder(viewer: Viewer, id: string): Promise<OrderVerification> {
    const row = await this.d.repo.findOrder(viewer.tenantId, id);
    const all = viewer.permissions.has('orderVerify:verify') || viewer.permissions.has('customer:viewAll');
    if (!row || (!all && row.o.requestedBy !== viewer.userId)) throw notFound();
    return toOrder(row);
  }

  async createOrder(
    viewer: Viewer,
    input: {
      customerId: string;
      orderNo?: string | null;
      product?: string | null;
      amount?: number | null;
      note?: string | null;
    },
  ): Promise<OrderVerification> {
    await this.d.customers.visibleIds(viewer, [input.customerId]);
    const id = await this.d.repo.transaction(async (tx) => {
      const row = await this.d.repo.insertOrder(
        {
          tenantId: viewer.tenantId,
          customerId: input.customerId,
          orderNo: input.orderNo ?? null,
          product: input.product ?? null,
          amount: input.amount ?? null,
          note: input.note ?? null,
          requestedBy: viewer.userId,
        },
        tx,
      );
      await this.d.audit.record(
        viewer.ctx,
        'orderVerify',
        'create',
        { id: row.id, detail: { orderNo: input.orderNo } },
        tx,
      );
      return row.id;
    });
    return this.getOrder(viewer, id);
  }

  async decide(
    viewer: Viewer,
    id: string,
    input: { decision: 'approved' | 'rejected'; note?: string | null },
  ): Promise<OrderVerification> {
    await this.getOrder(viewer, id);
    await this.d.repo.transaction(async (tx) => {
      const ok = await this.d.repo.decideOrder(
        viewer.tenantId,
        id,
        { status: input.decision, verifierId: viewer.userId, verifiedAt: new Date(), verifyNote: input.note ?? null },
        tx,
      );
      if (!ok) throw new DomainError('ORDER_ALREADY_DECIDED');
      await this.d.audit.record(viewer.ctx, 'orderVerify', input.decision, { id }, tx);
    });
    return this.getOrder(viewer, id);
  }
}
