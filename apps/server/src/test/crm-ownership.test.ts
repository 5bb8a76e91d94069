import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CrmTenant, type CustomerBody, crmTenant, type ErrorBody, names, type PageOf } from './crm-helpers.ts';
import { createTestApp, type TestApp } from './harness.ts';

describe('CRM ownership: assign, recycle, transfer, public pool and its return rule', () => {
  let t: TestApp;
  let c: CrmTenant;
  const ids: string[] = [];

  beforeAll(async () => {
    t = await createTestApp();
    c = await crmTenant(t, 'crm-own');
    for (let i = 1; i <= 6; i++) {
      const cust = await c.admin.ok<{ id: string }>('POST', '/api/customers', {
        name: `待分配${i}`,
        ownerId: null,
        phones: [{ number: `1350000000${i}` }],
      });
      ids.push(cust.id);
    }
  });
  afterAll(() => t?.close());

  it('assigns unassigned customers evenly, then by count, and refuses more than there are', async () => {
    const even = await c.admin.ok<{ assigned: number; perAgent: Array<{ agentId: string; count: number }> }>(
      'POST',
      '/api/customers/assign',
      { mode: 'even', customerIds: ids.slice(0, 4), agentIds: [c.ids.a1, c.ids.a2] },
    );
    expect(even.assigned).toBe(4);
    expect(even.perAgent).toEqual([
      { agentId: c.ids.a1, count: 2 },
      { agentId: c.ids.a2, count: 2 },
    ]);
    expect(await names(c.a1)).toEqual(['待分配1', '待分配3']);
    expect(await names(c.a2)).toEqual(['待分配2', '待分配4']);

    const tooMany = await c.admin.call<ErrorBody>('POST', '/api/customers/assign', {
      mode: 'count',
      counts: [{ agentId: c.ids.b1, count: 3 }],
    });
    expect(tooMany.body.error.code).toBe('ASSIGN_INVALID');
    // By filter: the remaining unassigned customers (5 and 6), one to B1.
    const byCount = await c.admin.ok<{ assigned: number }>('POST', '/api/customers/assign', {
      mode: 'count',
      counts: [{ agentId: c.ids.b1, count: 1 }],
    });
    expect(byCount.assigned).toBe(1);
    expect(await names(c.b1)).toEqual(['待分配5']);

    // A team leader assigns inside the team only; agents cannot assign at all.
    const outside = await c.leader.call('POST', '/api/customers/assign', {
      mode: 'even',
      customerIds: [ids[5]],
      agentIds: [c.ids.b1],
    });
    expect(outside.status).toBe(404);
    const inside = await c.leader.ok<{ assigned: number }>('POST', '/api/customers/assign', {
      mode: 'even',
      customerIds: [ids[5]],
      agentIds: [c.ids.a1],
    });
    expect(inside.assigned).toBe(1);
    expect((await c.a1.call('POST', '/api/customers/assign', { mode: 'even', agentIds: [c.ids.a1] })).status).toBe(403);
  });

  it('transfers all customers of one agent to another, and recycles them', async () => {
    const moved = await c.admin.ok<{ count: number }>('POST', '/api/customers/transfer', {
      fromAgentId: c.ids.a2,
      toAgentId: c.ids.a1,
    });
    expect(moved.count).toBe(2);
    expect(await names(c.a2)).toEqual([]);
    expect((await names(c.a1)).length).toBe(5);

    const recycled = await c.admin.ok<{ count: number }>('POST', '/api/customers/recycle', {
      customerIds: [ids[0], ids[1]],
      toPublicPool: true,
    });
    expect(recycled.count).toBe(2);
    const pool = await c.a2.ok<PageOf<CustomerBody>>('GET', '/api/public-pool');
    expect(pool.items.map((x) => x.name).sort()).toEqual(['待分配1', '待分配2']);
    expect(pool.items.every((x) => x.publicPool && x.ownerId === null)).toBe(true);
  });

  it('lets agents claim from the pool within the daily limit and release back', async () => {
    await c.admin.ok('PUT', '/api/crm-settings', { dailyClaimLimit: 1 });
    const first = await c.a2.ok<{ claimed: number; remainingToday: number }>('POST', '/api/public-pool/claim', {
      ids: [ids[0]],
    });
    expect(first).toEqual({ claimed: 1, remainingToday: 0 });
    const second = await c.a2.call<ErrorBody>('POST', '/api/public-pool/claim', { ids: [ids[1]] });
    expect(second.body.error.code).toBe('CLAIM_LIMIT');
    await c.admin.ok('PUT', '/api/crm-settings', { dailyClaimLimit: null });
    const taken = await c.b1.call<ErrorBody>('POST', '/api/public-pool/claim', { ids: [ids[0]] });
    expect(taken.body.error.code).toBe('NOT_IN_POOL');
    expect(await names(c.a2)).toEqual(['待分配1']);
    await c.a2.ok('POST', '/api/customers/release', { ids: [ids[0]] });
    expect(await names(c.a2)).toEqual([]);
    // Releasing someone else's customer is a 404.
    expect((await c.a2.call('POST', '/api/customers/release', { ids: [ids[2]] })).status).toBe(404);
  });

  it('returns customers not followed up within N days to the pool', async () => {
    await c.admin.ok('PUT', '/api/crm-settings', { publicPoolReturnDays: 3 });
    const owned = (await c.admin.ok<PageOf<CustomerBody>>('GET', '/api/customers?pageSize=100')).items.filter(
      (x) => x.ownerId,
    );
    expect(owned.length).toBeGreaterThan(0);
    // Followed up recently: stays.
    const kept = owned[0] as CustomerBody;
    await t.services.customerRepo.transaction((tx) =>
      t.services.customerRepo.update(
        c.tenantId,
        [kept.id],
        { lastFollowUpAt: new Date(Date.now() + 3 * 86_400_000) },
        tx,
      ),
    );
    expect(await t.services.ownership.runPublicPoolReturn(new Date(Date.now() + 86_400_000))).toBe(0);
    const n = await t.services.ownership.runPublicPoolReturn(new Date(Date.now() + 4 * 86_400_000));
    expect(n).toBe(owned.length - 1);
    const after = await c.admin.ok<PageOf<CustomerBody>>('GET', '/api/customers?pageSize=100&publicPool=true');
    expect(after.items.some((x) => x.id === kept.id)).toBe(false);
    expect(after.total).toBeGreaterThanOrEqual(n);
    expect((await c.admin.ok<{ count: number }>('POST', '/api/public-pool/run-return')).count).toBe(0);
    const audit = await c.admin.ok<PageOf<{ action: string }>>('GET', '/api/audit-logs?module=customer&pageSize=100');
    const actions = new Set(audit.items.map((a) => a.action));
    for (const a of ['assign', 'transfer', 'recycle', 'claim', 'release', 'poolReturn'])
      expect(actions.has(a)).toBe(true);
  });
});
