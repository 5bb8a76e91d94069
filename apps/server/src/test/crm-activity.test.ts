import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type CrmTenant, type CustomerBody, crmTenant, type ErrorBody, type PageOf } from './crm-helpers.ts';
import { createTestApp, Session, type TestApp } from './harness.ts';

interface Appt {
  id: string;
  customerName: string;
  at: string;
  done: boolean;
  userId: string;
}

describe('CRM follow-ups, appointments, opportunities, tickets and order verification', () => {
  let t: TestApp;
  let c: CrmTenant;
  let mine: CustomerBody;
  let other: CustomerBody;

  beforeAll(async () => {
    t = await createTestApp();
    c = await crmTenant(t, 'crm-act');
    mine = await c.a1.ok<CustomerBody>('POST', '/api/customers', {
      name: '跟进客户',
      phones: [{ number: '13600000001' }],
    });
    other = await c.b1.ok<CustomerBody>('POST', '/api/customers', { name: '别人的客户' });
  });
  afterAll(() => t?.close());

  it('records a follow-up, updates the customer and books a reminder that falls due', async () => {
    const next = new Date(Date.now() + 3_600_000).toISOString();
    const fu = await c.a1.ok<{ id: string; type: string; status: string; userName: string }>(
      'POST',
      `/api/customers/${mine.id}/follow-ups`,
      { type: 'phone', status: 'interested', note: '有意向,明天回电', nextContactAt: next, remind: true },
    );
    expect(fu).toMatchObject({ type: 'phone', status: 'interested', userName: '坐席一' });
    const cust = await c.a1.ok<CustomerBody>('GET', `/api/customers/${mine.id}`);
    expect(cust.followUpStatus).toBe('interested');
    expect(cust.lastFollowUpAt).not.toBeNull();
    expect(cust.nextFollowUpAt).toBe(next);

    const bad = await c.a1.call<ErrorBody>('POST', `/api/customers/${mine.id}/follow-ups`, { type: 'telepathy' });
    expect(bad.body.error.code).toBe('DICTIONARY_VALUE_INVALID');
    expect((await c.a1.call('POST', `/api/customers/${other.id}/follow-ups`, { type: 'phone' })).status).toBe(404);

    const list = await c.a1.ok<PageOf<{ customerName: string }>>('GET', `/api/follow-ups?customerId=${mine.id}`);
    expect(list.items.map((x) => x.customerName)).toEqual(['跟进客户']);
    expect((await c.b1.ok<PageOf<unknown>>('GET', '/api/follow-ups')).total).toBe(0);
    expect((await c.leader.ok<PageOf<unknown>>('GET', '/api/follow-ups')).total).toBe(1);

    // Not due now, due in two hours; only for its agent.
    expect(await c.a1.ok<Appt[]>('GET', '/api/appointments/due')).toEqual([]);
    const later = encodeURIComponent(new Date(Date.now() + 7_200_000).toISOString());
    const due = await c.a1.ok<Appt[]>('GET', `/api/appointments/due?until=${later}`);
    expect(due.map((a) => a.customerName)).toEqual(['跟进客户']);
    expect(await c.a2.ok<Appt[]>('GET', `/api/appointments/due?until=${later}`)).toEqual([]);
    // Done: no longer reminded.
    const done = await c.a1.ok<Appt>('PATCH', `/api/appointments/${due[0]?.id}`, { done: true });
    expect(done.done).toBe(true);
    expect(await c.a1.ok<Appt[]>('GET', `/api/appointments/due?until=${later}`)).toEqual([]);
    expect((await c.a2.call('PATCH', `/api/appointments/${due[0]?.id}`, { done: false })).status).toBe(404);
  });

  it('books appointments directly, for oneself or (leaders) for a team member', async () => {
    const at = new Date(Date.now() - 60_000).toISOString();
    const own = await c.a1.ok<Appt>('POST', '/api/appointments', { customerId: mine.id, at, note: '回访' });
    expect(own.userId).toBe(c.ids.a1);
    expect((await c.a1.ok<Appt[]>('GET', '/api/appointments/due')).map((a) => a.id)).toEqual([own.id]);
    expect((await c.a1.call('POST', '/api/appointments', { customerId: mine.id, at, userId: c.ids.a2 })).status).toBe(
      403,
    );
    const forA2 = await c.leader.ok<Appt>('POST', '/api/appointments', { customerId: mine.id, at, userId: c.ids.a2 });
    expect(forA2.userId).toBe(c.ids.a2);
    expect((await c.a1.call('GET', `/api/appointments?userId=${c.ids.a2}`)).status).toBe(403);
    const mineList = await c.a1.ok<PageOf<Appt>>('GET', '/api/appointments');
    expect(mineList.total).toBe(2);
    await c.a1.ok('DELETE', `/api/appointments/${own.id}`);
    expect((await c.a1.ok<PageOf<Appt>>('GET', '/api/appointments')).total).toBe(1);
  });

  it('keeps opportunities on visible customers', async () => {
    const opp = await c.a1.ok<{ id: string; stage: string; amount: number }>('POST', '/api/opportunities', {
      customerId: mine.id,
      name: '年度合同',
      amount: 50000,
      stage: 'proposal',
      expectedCloseDate: '2026-12-31',
    });
    expect(opp).toMatchObject({ stage: 'proposal', amount: 50000 });
    const moved = await c.a1.ok<{ stage: string }>('PATCH', `/api/opportunities/${opp.id}`, { stage: 'won' });
    expect(moved.stage).toBe('won');
    expect((await c.a1.call('PATCH', `/api/opportunities/${opp.id}`, { stage: 'nope' })).status).toBe(400);
    expect((await c.b1.call('GET', `/api/opportunities?customerId=${mine.id}`)).status).toBe(200);
    expect((await c.b1.ok<PageOf<unknown>>('GET', '/api/opportunities')).total).toBe(0);
    expect((await c.b1.call('DELETE', `/api/opportunities/${opp.id}`)).status).toBe(404);
    expect((await c.a1.ok<PageOf<unknown>>('GET', '/api/opportunities')).total).toBe(1);
  });

  it('runs tickets with dictionary types, assignee and a history of changes and comments', async () => {
    const types = await c.admin.ok<Array<{ code: string; items: Array<{ value: string }> }>>(
      'GET',
      '/api/dictionaries',
    );
    expect(types.find((x) => x.code === 'ticketType')?.items.map((i) => i.value)).toContain('repair');
    const tk = await c.a1.ok<{ id: string; number: number; status: string; history: Array<{ action: string }> }>(
      'POST',
      '/api/tickets',
      { customerId: mine.id, type: 'repair', title: '空调不制冷', description: '客户来电报修', priority: 'high' },
    );
    expect(tk).toMatchObject({ number: 1, status: 'open' });
    expect(tk.history.map((h) => h.action)).toEqual(['create']);
    const tk2 = await c.a2.ok<{ number: number }>('POST', '/api/tickets', { type: 'complaint', title: '投诉' });
    expect(tk2.number).toBe(2);
    expect((await c.a1.call<ErrorBody>('POST', '/api/tickets', { type: 'x', title: 'y' })).body.error.code).toBe(
      'DICTIONARY_VALUE_INVALID',
    );

    const upd = await c.a1.ok<{
      status: string;
      assigneeId: string;
      history: Array<{
        action: string;
        changes: Record<string, { from: unknown; to: unknown }> | null;
        comment: string | null;
      }>;
    }>('PATCH', `/api/tickets/${tk.id}`, { status: 'processing', assigneeId: c.ids.a2 });
    expect(upd.assigneeId).toBe(c.ids.a2);
    expect(upd.history[1]?.changes).toEqual({
      status: { from: 'open', to: 'processing' },
      assigneeId: { from: null, to: c.ids.a2 },
    });
    const commented = await c.a2.ok<{ history: Array<{ action: string; comment: string | null }> }>(
      'POST',
      `/api/tickets/${tk.id}/comments`,
      { comment: '已派师傅上门' },
    );
    expect(commented.history.at(-1)).toMatchObject({ action: 'comment', comment: '已派师傅上门' });
    const assigned = await c.a2.ok<PageOf<{ id: string }>>('GET', '/api/tickets?assigneeId=me');
    expect(assigned.items.map((x) => x.id)).toEqual([tk.id]);
    const byType = await c.a1.ok<PageOf<{ id: string }>>('GET', '/api/tickets?type=complaint');
    expect(byType.total).toBe(1);
    await c.a1.ok('DELETE', `/api/tickets/${tk.id}`);
    expect((await c.a1.call('GET', `/api/tickets/${tk.id}`)).status).toBe(404);
  });

  it('verifies orders: pending, then approved or rejected once by a verifier, who is recorded', async () => {
    const verifierId = (
      await c.admin.ok<{ id: string }>('POST', '/api/users', {
        agentNo: '9001',
        name: '核单员',
        password: 'Agent#2026',
        roleIds: [
          (
            await c.admin.ok<Array<{ id: string; code: string | null }>>('GET', '/api/roles')
          ).find((r) => r.code === 'orderVerifier')?.id,
        ],
      })
    ).id;
    const verifier = new Session(t.app);
    expect((await verifier.login('agent', '9001@crm-act', 'Agent#2026')).status).toBe(200);

    const order = await c.a1.ok<{ id: string; status: string; customerName: string }>(
      'POST',
      '/api/order-verifications',
      {
        customerId: mine.id,
        orderNo: 'SO-001',
        product: '空调',
        amount: 3999,
      },
    );
    expect(order).toMatchObject({ status: 'pending', customerName: '跟进客户' });
    expect(
      (await c.a1.call('POST', `/api/order-verifications/${order.id}/decision`, { decision: 'approved' })).status,
    ).toBe(403);
    const queue = await verifier.ok<PageOf<{ id: string }>>('GET', '/api/order-verifications?status=pending');
    expect(queue.items.map((x) => x.id)).toEqual([order.id]);
    expect((await c.b1.ok<PageOf<unknown>>('GET', '/api/order-verifications')).total).toBe(0);
    const decided = await verifier.ok<{ status: string; verifierId: string; verifierName: string; verifiedAt: string }>(
      'POST',
      `/api/order-verifications/${order.id}/decision`,
      { decision: 'approved', note: '电话确认无误' },
    );
    expect(decided).toMatchObject({ status: 'approved', verifierId, verifierName: '核单员' });
    expect(decided.verifiedAt).toBeTruthy();
    const again = await verifier.call<ErrorBody>('POST', `/api/order-verifications/${order.id}/decision`, {
      decision: 'rejected',
    });
    expect(again.body.error.code).toBe('ORDER_ALREADY_DECIDED');
  });
});
