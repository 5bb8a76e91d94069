import type { Appointment, FollowUp, Opportunity } from '@hujiao/shared';
import { forbidden, notFound } from '../../http/domain-error.ts';
import type { AuditService } from '../audit/index.ts';
import type { CustomerService, Viewer } from '../customer/index.ts';
import type { DictionaryService } from '../dictionary/index.ts';
import type { AppointmentRow, FollowUpRepository, FollowUpRow, OpportunityRow } from './follow-up.repository.ts';

const iso = (d: Date | null) => d?.toISOString() ?? null;

const toFollowUp = (r: { f: FollowUpRow; customerName: string }): FollowUp => ({
  id: r.f.id,
  customerId: r.f.customerId,
  customerName: r.customerName,
  userId: r.f.userId,
  userName: r.f.userName,
  type: r.f.type,
  status: r.f.status,
  note: r.f.note,
  nextContactAt: iso(r.f.nextContactAt),
  createdAt: r.f.createdAt.toISOString(),
});

const toAppointment = (r: { a: AppointmentRow; customerName: string; userName: string | null }): Appointment => ({
  id: r.a.id,
  customerId: r.a.customerId,
  customerName: r.customerName,
  userId: r.a.userId,
  userName: r.userName,
  at: r.a.at.toISOString(),
  note: r.a.note,
  done: r.a.done,
  createdAt: r.a.createdAt.toISOString(),
});

const toOpportunity = (r: { o: OpportunityRow; customerName: string; ownerName: string | null }): Opportunity => ({
  id: r.o.id,
  customerId: r.o.customerId,
  customerName: r.customerName,
  name: r.o.name,
  amount: r.o.amount,
  stage: r.o.stage,
  expectedCloseDate: r.o.expectedCloseDate,
  ownerId: r.o.ownerId,
  ownerName: r.ownerName,
  remark: r.o.remark,
  createdAt: r.o.createdAt.toISOString(),
  updatedAt: r.o.updatedAt.toISOString(),
});

interface Deps {
  repo: FollowUpRepository;
  customers: CustomerService;
  dictionaries: DictionaryService;
  audit: AuditService;
  now?: () => Date;
}

/** 跟进记录 (updating the customer's last/next follow-up), 预约 reminders and 业务机会. */
export class FollowUpService {
  constructor(private readonly d: Deps) {}

  private now() {
    return this.d.now?.() ?? new Date();
  }

  async listFollowUps(viewer: Viewer, q: Parameters<FollowUpRepository['listFollowUps']>[2]) {
    const { rows, total } = await this.d.repo.listFollowUps(viewer.tenantId, viewer.scope, q);
    return { items: rows.map(toFollowUp), total };
  }

  async createFollowUp(
    viewer: Viewer,
    customerId: string,
    input: { type: string; status?: string | null; note: string; nextContactAt?: string | null; remind: boolean },
  ): Promise<FollowUp> {
    await this.d.customers.visibleIds(viewer, [customerId]);
    const { tenantId } = viewer;
    await this.d.dictionaries.assertValue(tenantId, 'followUpType', input.type, 'type');
    if (input.status) await this.d.dictionaries.assertValue(tenantId, 'followUpStatus', input.status, 'status');
    const now = this.now();
    const next = input.nextContactAt ? new Date(input.nextContactAt) : null;
    const id = await this.d.repo.transaction(async (tx) => {
      const row = await this.d.repo.insertFollowUp(
        {
          tenantId,
          customerId,
          userId: viewer.userId,
          userName: viewer.ctx.userName,
          type: input.type,
          status: input.status ?? null,
          note: input.note,
          nextContactAt: next,
          createdAt: now,
        },
        tx,
      );
      await this.d.repo.touchCustomer(
        tenantId,
        customerId,
        {
          lastFollowUpAt: now,
          ...(input.nextContactAt !== undefined ? { nextFollowUpAt: next } : {}),
          ...(input.status ? { followUpStatus: input.status } : {}),
        },
        tx,
      );
      if (input.remind && next) {
        await this.d.repo.insertAppointment(
          { tenantId, customerId, userId: viewer.userId, at: next, note: input.note.slice(0, 1000) },
          tx,
        );
      }
      await this.d.audit.record(viewer.ctx, 'followUp', 'create', { id: row.id, detail: { customerId } }, tx);
      return row.id;
    });
    const row = await this.d.repo.findFollowUp(tenantId, { all: true }, id);
    if (!row) throw notFound();
    return toFollowUp(row);
  }

  async deleteFollowUp(viewer: Viewer, id: string): Promise<void> {
    const row = await this.d.repo.findFollowUp(viewer.tenantId, viewer.scope, id);
    if (!row) throw notFound();
    await this.d.repo.transaction(async (tx) => {
      await this.d.repo.deleteFollowUp(viewer.tenantId, id, tx);
      await this.d.audit.record(viewer.ctx, 'followUp', 'delete', { id }, tx);
    });
  }

  // ---- appointments ----
  /** Someone else's appointments need customer:viewAll (admins) or customer:assign (leaders assign them). */
  private mayActFor(viewer: Viewer, userId: string) {
    return (
      userId === viewer.userId ||
      viewer.permissions.has('customer:viewAll') ||
      (viewer.permissions.has('customer:assign') && !viewer.scope.all && viewer.scope.ownerIds.includes(userId))
    );
  }

  async listAppointments(viewer: Viewer, q: Parameters<FollowUpRepository['listAppointments']>[1]) {
    const userId = q.userId ?? viewer.userId;
    if (!this.mayActFor(viewer, userId)) throw forbidden();
    const { rows, total } = await this.d.repo.listAppointments(viewer.tenantId, { ...q, userId });
    return { items: rows.map(toAppointment), total };
  }

  async due(viewer: Viewer, until?: string): Promise<Appointment[]> {
    const rows = await this.d.repo.dueAppointments(
      viewer.tenantId,
      viewer.userId,
      until ? new Date(until) : this.now(),
    );
    return rows.map(toAppointment);
  }

  async createAppointment(
    viewer: Viewer,
    input: { customerId: string; at: string; note: string; userId?: string },
  ): Promise<Appointment> {
    await this.d.customers.visibleIds(viewer, [input.customerId]);
    const userId = input.userId ?? viewer.userId;
    if (userId !== viewer.userId) await this.d.customers.checkOwner(viewer, userId);
    const id = await this.d.repo.transaction(async (tx) => {
      const row = await this.d.repo.insertAppointment(
        { tenantId: viewer.tenantId, customerId: input.customerId, userId, at: new Date(input.at), note: input.note },
        tx,
      );
      await this.d.audit.record(viewer.ctx, 'appointment', 'create', { id: row.id, detail: { at: input.at } }, tx);
      return row.id;
    });
    return this.appointment(viewer, id);
  }

  private async appointment(viewer: Viewer, id: string): Promise<Appointment> {
    const row = await this.d.repo.findAppointment(viewer.tenantId, id);
    if (!row || !this.mayActFor(viewer, row.a.userId)) throw notFound();
    return toAppointment(row);
  }

  async updateAppointment(
    viewer: Viewer,
    id: string,
    input: { at?: string; note?: string; done?: boolean },
  ): Promise<Appointment> {
    await this.appointment(viewer, id);
    await this.d.repo.transaction(async (tx) => {
      await this.d.repo.updateAppointment(
        viewer.tenantId,
        id,
        {
          ...(input.at ? { at: new Date(input.at) } : {}),
          ...(input.note !== undefined ? { note: input.note } : {}),
          ...(input.done !== undefined ? { done: input.done } : {}),
        },
        tx,
      );
      await this.d.audit.record(viewer.ctx, 'appointment', 'update', { id, detail: input }, tx);
    });
    return this.appointment(viewer, id);
  }

  async deleteAppointment(viewer: Viewer, id: string): Promise<void> {
    await this.appointment(viewer, id);
    await this.d.repo.transaction(async (tx) => {
      await this.d.repo.deleteAppointment(viewer.tenantId, id, tx);
      await this.d.audit.record(viewer.ctx, 'appointment', 'delete', { id }, tx);
    });
  }

  // ---- opportunities ----
  async listOpportunities(viewer: Viewer, q: Parameters<FollowUpRepository['listOpportunities']>[2]) {
    const { rows, total } = await this.d.repo.listOpportunities(viewer.tenantId, viewer.scope, q);
    return { items: rows.map(toOpportunity), total };
  }

  async createOpportunity(
    viewer: Viewer,
    input: {
      customerId: string;
      name: string;
      amount?: number | null;
      stage: string;
      expectedCloseDate?: string | null;
      remark?: string | null;
    },
  ): Promise<Opportunity> {
    await this.d.customers.visibleIds(viewer, [input.customerId]);
    await this.d.dictionaries.assertValue(viewer.tenantId, 'opportunityStage', input.stage, 'stage');
    const id = await this.d.repo.transaction(async (tx) => {
      const row = await this.d.repo.insertOpportunity(
        {
          tenantId: viewer.tenantId,
          customerId: input.customerId,
          name: input.name,
          amount: input.amount ?? null,
          stage: input.stage,
          expectedCloseDate: input.expectedCloseDate ?? null,
          remark: input.remark ?? null,
          ownerId: viewer.userId,
        },
        tx,
      );
      await this.d.audit.record(viewer.ctx, 'opportunity', 'create', { id: row.id, detail: { name: input.name } }, tx);
      return row.id;
    });
    return this.opportunity(viewer, id);
  }

  private async opportunity(viewer: Viewer, id: string): Promise<Opportunity> {
    const row = await this.d.repo.findOpportunity(viewer.tenantId, viewer.scope, id);
    if (!row) throw notFound();
    return toOpportunity(row);
  }

  async updateOpportunity(
    viewer: Viewer,
    id: string,
    input: Partial<{
      name: string;
      amount: number | null;
      stage: string;
      expectedCloseDate: string | null;
      remark: string | null;
    }>,
  ): Promise<Opportunity> {
    await this.opportunity(viewer, id);
    if (input.stage) await this.d.dictionaries.assertValue(viewer.tenantId, 'opportunityStage', input.stage, 'stage');
    await this.d.repo.transaction(async (tx) => {
      await this.d.repo.updateOpportunity(viewer.tenantId, id, input, tx);
      await this.d.audit.record(viewer.ctx, 'opportunity', 'update', { id, detail: input }, tx);
    });
    return this.opportunity(viewer, id);
  }

  async deleteOpportunity(viewer: Viewer, id: string): Promise<void> {
    await this.opportunity(viewer, id);
    await this.d.repo.transaction(async (tx) => {
      await this.d.repo.deleteOpportunity(viewer.tenantId, id, tx);
      await this.d.audit.record(viewer.ctx, 'opportunity', 'delete', { id }, tx);
    });
  }
}
