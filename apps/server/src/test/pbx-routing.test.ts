import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnterprise, createTestApp, platformAdmin, type Session, type TestApp } from './harness.ts';
import { agentOf, detailsByPath, type ErrorBody } from './pbx-helpers.ts';

type Row = { id: string; name: string; priority: number };

describe('time groups, inbound and outbound routes, call classes, fraud limits', () => {
  let t: TestApp;
  let platform: Session;
  let a: Session;
  let b: Session;
  let trunkA: string;
  let trunkB: string;
  let timeGroupA: string;

  beforeAll(async () => {
    t = await createTestApp();
    platform = await platformAdmin(t);
    ({ admin: a } = await createEnterprise(t, platform, 'route-a'));
    ({ admin: b } = await createEnterprise(t, platform, 'route-b'));
    const ip = { kind: 'ip', host: '10.1.0.1', peers: ['10.1.0.0/24'] };
    trunkA = (await a.ok<{ id: string }>('POST', '/api/trunks', { name: 'A1', ...ip })).id;
    trunkB = (await b.ok<{ id: string }>('POST', '/api/trunks', { name: 'B1', ...ip })).id;
    await a.ok('POST', '/api/extensions', { number: '1001', password: 'SipPass#1001' });
    await a.ok('POST', '/api/extensions', { number: '1002', password: 'SipPass#1002' });
  });
  afterAll(() => t?.close());

  it('stores a time group with weekly windows, holidays, 调休 and an override, and validates them', async () => {
    const tg = await a.ok<{ id: string; timezone: string; weekly: unknown[]; override: string }>(
      'POST',
      '/api/time-groups',
      {
        name: '工作时间',
        weekly: [
          { days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' },
          { days: [6], start: '22:00', end: '02:00' },
        ],
        holidays: [{ name: '国庆', from: '2026-10-01', to: '2026-10-07' }],
        workdays: [{ name: '国庆调休', date: '2026-10-10', asDay: 5 }],
      },
    );
    timeGroupA = tg.id;
    expect(tg).toMatchObject({ timezone: 'Asia/Shanghai', override: 'none' });
    expect(tg.weekly).toHaveLength(2);
    const closed = await a.ok<{ override: string; overrideUntil: string }>('PATCH', `/api/time-groups/${tg.id}`, {
      override: 'closed',
      overrideUntil: '2026-12-03T00:00:00+08:00',
    });
    expect(closed).toMatchObject({ override: 'closed', overrideUntil: '2026-12-02T16:00:00.000Z' });
    const bad = await a.call<ErrorBody>('POST', '/api/time-groups', {
      name: '错',
      weekly: [{ days: [1], start: '9:00', end: '09:00' }],
      holidays: [{ name: 'x', from: '2026-10-07', to: '2026-10-01' }],
    });
    const by = detailsByPath(bad.body);
    expect(by['weekly.0.start']).toBe('时间格式为 HH:mm');
    expect(by['holidays.0.to']).toBe('结束日期不能早于开始日期');
  });

  it('routes inbound calls to destinations that exist in the enterprise, ordered by priority', async () => {
    const day = await a.ok<Row>('POST', '/api/inbound-routes', {
      name: '总机',
      priority: 20,
      didPattern: '02566668888',
      timeGroupId: timeGroupA,
      destination: { kind: 'ringGroup', numbers: ['1001', '1002'], strategy: 'order' },
      closedDestination: { kind: 'voicemail', box: '1001' },
    });
    const any = await a.ok<Row>('POST', '/api/inbound-routes', {
      name: '兜底',
      priority: 10,
      didPattern: '',
      destination: { kind: 'prompt', prompt: 'closed' },
    });
    const list = await a.ok<{ items: Row[] }>('GET', '/api/inbound-routes');
    expect(list.items.map((r) => r.name)).toEqual(['兜底', '总机']);
    await a.ok('POST', '/api/inbound-routes/reorder', { ids: [day.id, any.id] });
    const reordered = await a.ok<{ items: Row[] }>('GET', '/api/inbound-routes');
    expect(reordered.items.map((r) => [r.name, r.priority])).toEqual([
      ['总机', 10],
      ['兜底', 20],
    ]);

    const missing = await a.call<ErrorBody>('POST', '/api/inbound-routes', {
      name: '错分机',
      didPattern: '4001',
      destination: { kind: 'extension', number: '1999' },
    });
    expect(missing.body.error).toMatchObject({ code: 'DESTINATION_NOT_FOUND', message: '目的地不存在:1999' });
    const foreignTg = await b.call<ErrorBody>('POST', '/api/inbound-routes', {
      name: '借用',
      didPattern: '4002',
      timeGroupId: timeGroupA,
      destination: { kind: 'hangup' },
    });
    expect(foreignTg.body.error.code).toBe('TIME_GROUP_NOT_FOUND');
    const badPattern = await a.call<ErrorBody>('POST', '/api/inbound-routes', {
      name: '错规则',
      didPattern: '0256666abc',
      destination: { kind: 'hangup' },
    });
    expect(badPattern.status).toBe(400);
    expect(JSON.stringify(badPattern.body)).toContain('号码规则');
    const inUse = await a.call<ErrorBody>('DELETE', `/api/time-groups/${timeGroupA}`);
    expect(inUse.body.error).toMatchObject({ code: 'TIME_GROUP_IN_USE', message: expect.stringContaining('总机') });
    const disabled = await a.ok<{ enabled: boolean }>('PATCH', `/api/inbound-routes/${any.id}`, { enabled: false });
    expect(disabled.enabled).toBe(false);
  });

  it('checks outbound routes: trunks of the enterprise, verified caller IDs only', async () => {
    const base = { name: '市话', dialPatterns: [{ prefix: '9', match: 'NXXXXXXX' }], trunkIds: [trunkA] };
    const foreign = await a.call<ErrorBody>('POST', '/api/outbound-routes', { ...base, trunkIds: [trunkA, trunkB] });
    expect(foreign.body.error.code).toBe('TRUNK_NOT_FOUND');
    const scope = await a.call<ErrorBody>('POST', '/api/outbound-routes', {
      ...base,
      scope: { extensions: ['1001', '1999'] },
    });
    expect(scope.body.error).toMatchObject({
      code: 'SCOPE_EXTENSION_NOT_FOUND',
      message: '适用范围中的分机不存在:1999',
    });
    const caller = await a.ok<{ id: string }>('POST', '/api/caller-ids', { number: '02566668888' });
    const unverified = await a.call<ErrorBody>('POST', '/api/outbound-routes', {
      ...base,
      callerIdMode: 'fixed',
      callerId: '02566668888',
    });
    expect(unverified.body.error).toMatchObject({
      code: 'CALLER_ID_NOT_VERIFIED',
      message: '主叫号码 02566668888 未通过审核,不能使用',
    });
    const noPool = await a.call<ErrorBody>('POST', '/api/outbound-routes', { ...base, callerIdMode: 'pool' });
    expect(detailsByPath(noPool.body).callerIdPool).toBe('此项为必填项');
    await platform.ok('POST', `/api/caller-id-reviews/${caller.id}`, { status: 'verified' });
    const route = await a.ok<Row & { callerIdMode: string; trunkOrder: string }>('POST', '/api/outbound-routes', {
      ...base,
      callerIdMode: 'pool',
      callerIdPool: ['02566668888'],
      trunkOrder: 'roundRobin',
      timeGroupId: timeGroupA,
    });
    expect(route).toMatchObject({ callerIdMode: 'pool', trunkOrder: 'roundRobin', priority: 100 });
    // The pool's number stays: not deleted, not renumbered, while the route shows it.
    const del = await a.call<ErrorBody>('DELETE', `/api/caller-ids/${caller.id}`);
    expect(del.body.error).toMatchObject({ code: 'CALLER_ID_IN_USE', message: expect.stringContaining('市话') });
    const renumber = await a.call<ErrorBody>('PATCH', `/api/caller-ids/${caller.id}`, { number: '02566660000' });
    expect(renumber.status).toBe(409);
    expect((await a.ok<{ status: string }>('PATCH', `/api/caller-ids/${caller.id}`, { region: '025' })).status).toBe(
      'verified',
    );
    // A partial update is checked against the stored route: fixed without a number is refused.
    const partial = await a.call<ErrorBody>('PATCH', `/api/outbound-routes/${route.id}`, { callerIdMode: 'fixed' });
    expect(detailsByPath(partial.body).callerId).toBe('此项为必填项');
    const trunkInUse = await a.call<ErrorBody>('DELETE', `/api/trunks/${trunkA}`);
    expect(trunkInUse.body.error).toMatchObject({ code: 'TRUNK_IN_USE', message: expect.stringContaining('市话') });
    expect((await b.call('GET', `/api/outbound-routes/${route.id}`)).status).toBe(404);
    expect((await b.ok<{ items: Row[] }>('GET', '/api/outbound-routes')).items).toEqual([]);
  });

  it('lets an outbound route take a trunk group (智能中继) instead of trunks, and keeps a group in use', async () => {
    const group = await a.ok<{ id: string }>('POST', '/api/trunk-groups', {
      name: '智能线路',
      order: 'leastUsed',
      trunkIds: [trunkA],
    });
    const foreignGroup = await b.ok<{ id: string }>('POST', '/api/trunk-groups', {
      name: '乙线路',
      trunkIds: [trunkB],
    });
    const base = { name: '长途', dialPatterns: [{ prefix: '9', match: '0XXXXXXXXXX' }] };
    const none = await a.call<ErrorBody>('POST', '/api/outbound-routes', base);
    expect(detailsByPath(none.body).trunkIds).toBe('此项为必填项');
    const foreign = await a.call<ErrorBody>('POST', '/api/outbound-routes', { ...base, trunkGroupId: foreignGroup.id });
    expect(foreign.body.error).toMatchObject({
      code: 'TRUNK_GROUP_NOT_FOUND',
      message: '所选智能中继不存在或不属于本企业',
    });
    const route = await a.ok<{ id: string; trunkIds: string[]; trunkGroupId: string }>('POST', '/api/outbound-routes', {
      ...base,
      trunkGroupId: group.id,
    });
    expect(route).toMatchObject({ trunkIds: [], trunkGroupId: group.id });
    const inUse = await a.call<ErrorBody>('DELETE', `/api/trunk-groups/${group.id}`);
    expect(inUse.body.error).toMatchObject({ code: 'TRUNK_GROUP_IN_USE', message: expect.stringContaining('长途') });
    // Dropping the group without naming trunks leaves the route with nothing to carry calls: refused.
    const empty = await a.call<ErrorBody>('PATCH', `/api/outbound-routes/${route.id}`, { trunkGroupId: null });
    expect(detailsByPath(empty.body).trunkIds).toBe('此项为必填项');
    const direct = await a.ok<{ trunkIds: string[]; trunkGroupId: string | null }>(
      'PATCH',
      `/api/outbound-routes/${route.id}`,
      { trunkGroupId: null, trunkIds: [trunkA] },
    );
    expect(direct).toMatchObject({ trunkIds: [trunkA], trunkGroupId: null });
    await a.ok('DELETE', `/api/trunk-groups/${group.id}`);
    await a.ok('DELETE', `/api/outbound-routes/${route.id}`);
  });

  it('keeps call classes per extension (default until set) and the fraud limits per enterprise', async () => {
    const before = await a.ok<Array<{ extensionId: string; number: string; classes: string[]; isDefault: boolean }>>(
      'GET',
      '/api/call-classes',
    );
    expect(before.map((e) => [e.number, e.isDefault])).toEqual([
      ['1001', true],
      ['1002', true],
    ]);
    expect(before[0]?.classes).toEqual(['internal', 'local', 'national', 'mobile']);
    const id = before[0]?.extensionId as string;
    const set = await a.ok<{ classes: string[] }>('PUT', `/api/call-classes/${id}`, {
      classes: ['internal', 'international'],
    });
    expect(set.classes).toEqual(['internal', 'international']);
    const bad = await a.call<ErrorBody>('PUT', `/api/call-classes/${id}`, { classes: ['moon'] });
    expect(bad.status).toBe(400);
    expect((await b.call('PUT', `/api/call-classes/${id}`, { classes: [] })).status).toBe(404);

    expect(await a.ok('GET', '/api/fraud-limits')).toEqual({
      internationalEnabled: false,
      premiumEnabled: false,
      maxConcurrentCalls: 100,
      dailyMinutesCap: 10_000,
    });
    await a.ok('PATCH', '/api/fraud-limits', { internationalEnabled: true, dailyMinutesCap: null });
    expect(await a.ok('GET', '/api/fraud-limits')).toMatchObject({ internationalEnabled: true, dailyMinutesCap: null });
    expect(await b.ok('GET', '/api/fraud-limits')).toMatchObject({ internationalEnabled: false });
  });

  it('logs refused calls (拦截记录) per enterprise, newest first, with filters', async () => {
    const tenantOf = async (s: Session) => (await s.ok<{ tenantId: string }>('GET', '/api/auth/me')).tenantId;
    const ta = await tenantOf(a);
    const log = t.services.refusedCalls;
    await log.record({
      tenantId: ta,
      direction: 'outbound',
      from: '1001',
      to: '0044207946000',
      reason: 'international',
      at: '2026-12-01T10:00:00Z',
    });
    await log.record({
      tenantId: ta,
      direction: 'inbound',
      from: '13800138000',
      to: '02566668888',
      reason: 'blacklistedCaller',
      at: '2026-12-01T11:00:00Z',
    });
    await log.record({
      tenantId: await tenantOf(b),
      direction: 'outbound',
      from: '1001',
      to: '1900',
      reason: 'premium',
      at: '2026-12-01T12:00:00Z',
    });
    type Refused = { items: Array<{ reason: string; from: string; to: string; at: string }>; total: number };
    const all = await a.ok<Refused>('GET', '/api/refused-calls');
    expect(all.items.map((r) => r.reason)).toEqual(['blacklistedCaller', 'international']);
    const inbound = await a.ok<Refused>('GET', '/api/refused-calls?direction=inbound&keyword=13800');
    expect(inbound.items).toEqual([expect.objectContaining({ from: '13800138000', at: '2026-12-01T11:00:00.000Z' })]);
    const window = await a.ok<Refused>(
      'GET',
      `/api/refused-calls?from=${encodeURIComponent('2026-12-01T09:00:00Z')}&to=${encodeURIComponent('2026-12-01T10:30:00Z')}`,
    );
    expect(window.items.map((r) => r.reason)).toEqual(['international']);
    expect((await b.ok<Refused>('GET', '/api/refused-calls')).items.map((r) => r.reason)).toEqual(['premium']);
  });

  it('refuses routing to users without the routing permissions', async () => {
    const agent = await agentOf(t, a, 'route-a');
    for (const url of [
      '/api/time-groups',
      '/api/inbound-routes',
      '/api/outbound-routes',
      '/api/call-classes',
      '/api/refused-calls',
    ]) {
      expect((await agent.call('GET', url)).status, url).toBe(403);
    }
    expect((await agent.call('PATCH', '/api/fraud-limits', { premiumEnabled: true })).status).toBe(403);
  });
});
