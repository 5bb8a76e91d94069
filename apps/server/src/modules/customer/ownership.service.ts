import type { AssignBody, AssignResult, CrmSettings } from '@hujiao/shared';
import { DomainError, notFound } from '../../http/domain-error.ts';
import type { AuditService } from '../audit/index.ts';
import type { CustomerRepository } from './customer.repository.ts';
import type { CustomerService } from './customer.service.ts';
import type { OwnershipRepository } from './ownership.repository.ts';
import type { Viewer } from './viewer.ts';

const startOfDay = (now: Date) => new Date(now.getFullYear(), now.getMonth(), now.getDate());

/** 分配, 回收, 资料转移, 公海: who owns which customer, all audited. */
export class OwnershipService {
  constructor(
    private readonly d: {
      repo: OwnershipRepository;
      customers: CustomerRepository;
      customerService: CustomerService;
      audit: AuditService;
      now?: () => Date;
    },
  ) {}

  private now() {
    return this.d.now?.() ?? new Date();
  }

  /** Agents the viewer may hand customers to: users of the tenant, inside a team leader's team. */
  private async checkAgents(viewer: Viewer, ids: string[]) {
    const unique = [...new Set(ids)];
    const found = await this.d.customers.existingUserIds(viewer.tenantId, unique);
    if (found.length !== unique.length) throw notFound();
    if (!viewer.scope.all) {
      const scope = viewer.scope;
      if (unique.some((id) => !scope.ownerIds.includes(id))) throw notFound();
    }
  }

  /** Customers the viewer may (re)assign: visible ones and unassigned ones (incl. the pool). */
  private async assignable(viewer: Viewer, body: AssignBody): Promise<string[]> {
    if (body.customerIds) {
      const unique = [...new Set(body.customerIds)];
      const rows = await this.d.customers.findRows(viewer.tenantId, { all: true }, { ids: unique });
      const scope = viewer.scope;
      const ok = rows.filter(
        (r) => scope.all || r.customer.ownerId === null || scope.ownerIds.includes(r.customer.ownerId),
      );
      if (ok.length !== unique.length) throw notFound();
      return ok.map((r) => r.customer.id);
    }
    const filter = await this.d.customerService.filterOf(viewer, body.filter ?? {});
    return this.d.customers.ids(
      viewer.tenantId,
      { all: true },
      {
        ...filter,
        ownerId: 'none',
        publicPool: filter.publicPool ?? false,
      },
    );
  }

  async assign(viewer: Viewer, body: AssignBody): Promise<AssignResult> {
    const agents = body.mode === 'even' ? (body.agentIds ?? []) : (body.counts ?? []).map((c) => c.agentId);
    await this.checkAgents(viewer, agents);
    const ids = await this.assignable(viewer, body);
    const plan = new Map<string, string[]>();
    if (body.mode === 'even') {
      const list = [...new Set(agents)];
      ids.forEach((id, i) => {
        const agent = list[i % list.length] as string;
        plan.set(agent, [...(plan.get(agent) ?? []), id]);
      });
    } else {
      const counts = body.counts ?? [];
      const wanted = counts.reduce((s, c) => s + c.count, 0);
      if (wanted > ids.length) throw new DomainError('ASSIGN_INVALID', { wanted, available: ids.length });
      let at = 0;
      for (const c of counts) {
        plan.set(c.agentId, [...(plan.get(c.agentId) ?? []), ...ids.slice(at, at + c.count)]);
        at += c.count;
      }
    }
    const now = this.now();
    const perAgent = [...plan].map(([agentId, list]) => ({ agentId, count: list.length }));
    await this.d.repo.transaction(async (tx) => {
      for (const [agentId, list] of plan) {
        for (let i = 0; i < list.length; i += 5000) {
          await this.d.repo.setOwner(
            viewer.tenantId,
            { ids: list.slice(i, i + 5000) },
            { ownerId: agentId, publicPool: false },
            now,
            tx,
          );
        }
      }
      await this.d.audit.record(viewer.ctx, 'customer', 'assign', { detail: { mode: body.mode, perAgent } }, tx);
    });
    return { assigned: perAgent.reduce((s, p) => s + p.count, 0), perAgent };
  }

  /** 回收: take customers back from their owner, unassigned or into the pool. */
  async recycle(
    viewer: Viewer,
    body: { customerIds?: string[]; fromAgentId?: string; toPublicPool: boolean },
  ): Promise<number> {
    if (body.fromAgentId) await this.checkAgents(viewer, [body.fromAgentId]);
    const ids = body.customerIds?.length
      ? await this.d.customerService.visibleIds(viewer, body.customerIds)
      : undefined;
    return this.d.repo.transaction(async (tx) => {
      const n = await this.d.repo.setOwner(
        viewer.tenantId,
        { ids, ownerId: body.fromAgentId },
        { ownerId: null, publicPool: body.toPublicPool },
        this.now(),
        tx,
      );
      await this.d.audit.record(
        viewer.ctx,
        'customer',
        'recycle',
        { detail: { ...body, customerIds: ids?.length, n } },
        tx,
      );
      return n;
    });
  }

  /** 资料转移: all (or some) customers of agent A to agent B. */
  async transfer(viewer: Viewer, body: { fromAgentId: string; toAgentId: string; customerIds?: string[] }) {
    await this.checkAgents(viewer, [body.fromAgentId, body.toAgentId]);
    const ids = body.customerIds?.length
      ? await this.d.customerService.visibleIds(viewer, body.customerIds)
      : undefined;
    return this.d.repo.transaction(async (tx) => {
      const n = await this.d.repo.setOwner(
        viewer.tenantId,
        { ids, ownerId: body.fromAgentId },
        { ownerId: body.toAgentId, publicPool: false },
        this.now(),
        tx,
      );
      await this.d.audit.record(
        viewer.ctx,
        'customer',
        'transfer',
        { detail: { ...body, customerIds: ids?.length, n } },
        tx,
      );
      return n;
    });
  }

  /** An agent gives visible customers up to the public pool. */
  async release(viewer: Viewer, customerIds: string[]): Promise<number> {
    const ids = await this.d.customerService.visibleIds(viewer, customerIds);
    return this.d.repo.transaction(async (tx) => {
      const n = await this.d.repo.setOwner(
        viewer.tenantId,
        { ids },
        { ownerId: null, publicPool: true },
        this.now(),
        tx,
      );
      await this.d.audit.record(viewer.ctx, 'customer', 'release', { detail: { n } }, tx);
      return n;
    });
  }

  async claim(viewer: Viewer, customerIds: string[]): Promise<{ claimed: number; remainingToday: number | null }> {
    const ids = [...new Set(customerIds)];
    const now = this.now();
    const { dailyClaimLimit: limit } = await this.d.repo.settings(viewer.tenantId);
    return this.d.repo.transaction(async (tx) => {
      const used = limit ? await this.d.repo.claimsSince(viewer.tenantId, viewer.userId, startOfDay(now), tx) : 0;
      if (limit && used + ids.length > limit) throw new DomainError('CLAIM_LIMIT', { limit });
      const claimed = await this.d.repo.claim(viewer.tenantId, viewer.userId, ids, now, tx);
      if (claimed.length !== ids.length) throw new DomainError('NOT_IN_POOL');
      await this.d.audit.record(viewer.ctx, 'customer', 'claim', { detail: { ids: claimed.slice(0, 100) } }, tx);
      return { claimed: claimed.length, remainingToday: limit ? limit - used - claimed.length : null };
    });
  }

  async settings(tenantId: string): Promise<CrmSettings> {
    const s = await this.d.repo.settings(tenantId);
    return { publicPoolReturnDays: s.publicPoolReturnDays, dailyClaimLimit: s.dailyClaimLimit };
  }

  async updateSettings(viewer: Viewer, input: Partial<CrmSettings>): Promise<CrmSettings> {
    const current = await this.settings(viewer.tenantId);
    const next = { ...current, ...input };
    await this.d.repo.transaction(async (tx) => {
      await this.d.repo.saveSettings({ tenantId: viewer.tenantId, ...next }, tx);
      await this.d.audit.record(viewer.ctx, 'customer', 'settings', { detail: input }, tx);
    });
    return next;
  }

  /** Runs the return rule of every tenant (or one): customers not followed up within N days go to the pool. */
  async runPublicPoolReturn(now = this.now(), tenantId?: string): Promise<number> {
    const rules = (await this.d.repo.tenantsWithReturnRule()).filter((r) => !tenantId || r.tenantId === tenantId);
    let total = 0;
    for (const rule of rules) {
      const days = rule.publicPoolReturnDays;
      if (!days) continue;
      total += await this.d.repo.transaction(async (tx) => {
        const n = await this.d.repo.returnStale(rule.tenantId, days, now, tx);
        if (n > 0) {
          const ctx = { tenantId: rule.tenantId, userId: null, userName: '系统', ip: null };
          await this.d.audit.record(ctx, 'customer', 'poolReturn', { detail: { days, n } }, tx);
        }
        return n;
      });
    }
    return total;
  }
}
