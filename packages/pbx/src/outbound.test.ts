import type { CallClass } from '@hujiao/shared';
import { describe, expect, it } from 'vitest';
import { FraudGuard } from './fraud.ts';
import { NumberListIndex } from './number-list.ts';
import { OutboundEngine, type OutboundEngineOptions, type OutboundRouteConfig } from './outbound.ts';
import { mulberry32 } from './random.ts';
import { MemoryPbxStore } from './store.ts';

let seq = 0;
const route = (over: Partial<OutboundRouteConfig> = {}): OutboundRouteConfig => {
  seq++;
  return {
    id: `o${String(seq).padStart(4, '0')}`,
    name: `out ${seq}`,
    priority: 100,
    dialPatterns: [{ prepend: '', prefix: '9', match: 'X.' }],
    scope: { all: true },
    trunkIds: ['t-a', 't-b'],
    trunkOrder: 'sequential',
    callerIdMode: 'extension',
    callerIdPool: [],
    poolStrategy: 'rotate',
    enabled: true,
    createdAt: `2026-01-01T00:00:${String(seq % 60).padStart(2, '0')}Z`,
    ...over,
  };
};
const all: CallClass[] = ['internal', 'local', 'national', 'mobile', 'international', 'premium'];
const domestic: CallClass[] = ['internal', 'local', 'national', 'mobile'];
const wedNoon = Date.parse('2026-12-02T04:00:00Z');
const satNoon = Date.parse('2026-12-05T04:00:00Z');
const engine = (routes: OutboundRouteConfig[], over: Partial<OutboundEngineOptions<OutboundRouteConfig>> = {}) =>
  new OutboundEngine({ tenantId: 't1', routes, store: new MemoryPbxStore(), rng: mulberry32(5), ...over });
const req = { extension: '1001', permissions: domestic, at: wedNoon };

describe('outbound routes', () => {
  it('strips the prefix, adds the prepend, tries the trunks in order, shows the extension’s number', async () => {
    const r = route({ dialPatterns: [{ prepend: '', prefix: '9', match: '1[3-9]XXXXXXXXX' }] });
    const d = await engine([r]).decide({ ...req, dialled: '913800138000', extensionCallerId: '075526881234' });
    expect(d).toMatchObject({
      ok: true,
      route: r,
      number: '13800138000',
      trunkIds: ['t-a', 't-b'],
      callerId: '075526881234',
      classification: { callClass: 'mobile' },
    });
    const p = route({ dialPatterns: [{ prepend: '0755', prefix: '', match: 'NXXXXXXX' }] });
    expect(await engine([p]).decide({ ...req, dialled: '26881234', callerRegion: '0755' })).toMatchObject({
      number: '075526881234',
      classification: { callClass: 'local' },
    });
  });

  it('no route: nothing matches, or only routes scoped to other extensions or teams', async () => {
    const scoped = route({ scope: { extensions: ['2001'], teamIds: ['team-a'] } });
    const e = engine([scoped]);
    expect(await e.decide({ ...req, dialled: '5' })).toEqual({ ok: false, reason: 'noRoute' });
    expect(await e.decide({ ...req, dialled: '913800138000' })).toEqual({ ok: false, reason: 'noRoute' });
    expect(await e.decide({ ...req, extension: '2001', dialled: '913800138000' })).toMatchObject({ ok: true });
    expect(await e.decide({ ...req, teamIds: ['team-a'], dialled: '913800138000' })).toMatchObject({ ok: true });
  });

  it('takes the route with the lowest priority, then the older one; disabled routes are skipped', async () => {
    const late = route({ priority: 5, trunkIds: ['late'] });
    const early = route({ priority: 5, trunkIds: ['early'], createdAt: '2025-01-01T00:00:00Z' });
    const first = route({ priority: 1, trunkIds: ['first'], enabled: false });
    expect(await engine([late, first, early]).decide({ ...req, dialled: '913800138000' })).toMatchObject({
      trunkIds: ['early'],
    });
  });

  it('a caller pattern on a dial pattern limits it to matching extensions', async () => {
    const sales = route({
      dialPatterns: [{ prepend: '', prefix: '9', match: 'X.', callerPattern: '10XX' }],
      trunkIds: ['s'],
    });
    const other = route({ priority: 200, trunkIds: ['o'] });
    const e = engine([sales, other]);
    expect(await e.decide({ ...req, dialled: '913800138000' })).toMatchObject({ trunkIds: ['s'] });
    expect(await e.decide({ ...req, extension: '2001', dialled: '913800138000' })).toMatchObject({ trunkIds: ['o'] });
  });

  it('a closed route is passed over for the next; only closed ones: refused closed', async () => {
    const timeGroups = [{ id: 'tg', weekly: [{ days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' }] }];
    const office = route({ priority: 1, timeGroupId: 'tg', trunkIds: ['office'] });
    const night = route({ priority: 2, trunkIds: ['night'] });
    expect(
      await engine([office, night], { timeGroups }).decide({ ...req, dialled: '913800138000', at: wedNoon }),
    ).toMatchObject({
      trunkIds: ['office'],
    });
    expect(
      await engine([office, night], { timeGroups }).decide({ ...req, dialled: '913800138000', at: satNoon }),
    ).toMatchObject({
      trunkIds: ['night'],
    });
    expect(
      await engine([office], { timeGroups }).decide({ ...req, dialled: '913800138000', at: satNoon }),
    ).toMatchObject({
      ok: false,
      reason: 'closed',
      route: office,
    });
  });

  it('permission classes per extension; international and premium need the enterprise switch too', async () => {
    const e = engine([route()]);
    expect(await e.decide({ ...req, dialled: '900442079460000', permissions: all })).toMatchObject({
      ok: false,
      reason: 'international',
    });
    expect(await e.decide({ ...req, dialled: '916812345', permissions: all })).toMatchObject({ reason: 'premium' });
    const open = engine([route()], { limits: { internationalEnabled: true, premiumEnabled: true } });
    expect(await open.decide({ ...req, dialled: '900442079460000' })).toMatchObject({ reason: 'classDenied' });
    expect(await open.decide({ ...req, dialled: '900442079460000', permissions: all })).toMatchObject({ ok: true });
    expect(await open.decide({ ...req, dialled: '913800138000', permissions: ['internal', 'local'] })).toMatchObject({
      reason: 'classDenied',
      classification: { callClass: 'mobile' },
    });
    // a foreign premium number needs both 'premium' and 'international'
    expect(await open.decide({ ...req, dialled: '900449098790000', permissions: ['premium'] })).toMatchObject({
      reason: 'classDenied',
    });
    // emergency numbers pass whatever the permissions
    expect(await e.decide({ ...req, dialled: '9110', permissions: [] })).toMatchObject({ ok: true, number: '110' });
  });

  it('refuses a blacklisted number, as dialled or after the prefix is stripped', async () => {
    const lists = new NumberListIndex([
      {
        list: 'black',
        direction: 'outbound',
        number: '13800000000',
        match: 'exact',
        status: 'approved',
        reason: 'complaint',
      },
      { list: 'black', direction: 'inbound', number: '13900000000', match: 'exact', status: 'approved' },
    ]);
    const e = engine([route(), route({ dialPatterns: [{ prepend: '', prefix: '', match: '1XXXXXXXXXX' }] })], {
      lists,
    });
    expect(await e.decide({ ...req, dialled: '913800000000' })).toMatchObject({
      ok: false,
      reason: 'blacklisted',
      listEntry: { reason: 'complaint' },
    });
    expect(await e.decide({ ...req, dialled: '13800000000' })).toMatchObject({ reason: 'blacklisted' });
    expect(await e.decide({ ...req, dialled: '913900000000' })).toMatchObject({ ok: true });
  });

  it('round robin with memory across engines sharing one store (several nodes)', async () => {
    const store = new MemoryPbxStore();
    const r = route({ trunkOrder: 'roundRobin', trunkIds: ['a', 'b', 'c'] });
    const nodeA = engine([r], { store });
    const nodeB = engine([r], { store });
    const got = [];
    for (const e of [nodeA, nodeB, nodeA]) {
      const d = await e.decide({ ...req, dialled: '913800138000' });
      if (d.ok) got.push(d.trunkIds[0]);
    }
    expect(got).toEqual(['a', 'b', 'c']);
  });

  it('caller ID from the pool: only verified numbers, same region as the callee', async () => {
    const r = route({
      callerIdMode: 'pool',
      poolStrategy: 'sameRegion',
      callerIdPool: ['02011110000', '075522220000', '075533330000'],
    });
    const callerIds = [
      { number: '02011110000', status: 'verified' as const },
      { number: '075522220000', status: 'unverified' as const },
      { number: '075533330000', status: 'verified' as const, region: 'shenzhen' },
    ];
    const regionOf = (n: string) => (n.startsWith('1') ? 'shenzhen' : undefined);
    const e = engine([r], { callerIds, regionOf });
    expect(await e.decide({ ...req, dialled: '913800138000' })).toMatchObject({
      callerId: '075533330000',
      callerIdSource: 'poolRegion',
    });
    // a fixed line's area code is its region when the port does not know it: 020 → the 020 number
    const byArea = engine([r], { callerIds });
    expect(await byArea.decide({ ...req, dialled: '90201234567' })).toMatchObject({
      callerId: '02011110000',
      callerIdSource: 'poolRegion',
    });
  });

  it('with a fraud guard: takes a place per call and refuses at the cap', async () => {
    const store = new MemoryPbxStore();
    const fraud = new FraudGuard({
      store,
      tenantId: 't1',
      limits: { internationalEnabled: false, premiumEnabled: false, maxConcurrentCalls: 1, dailyMinutesCap: null },
    });
    const e = engine([route()], { store, fraud });
    const first = await e.decide({ ...req, dialled: '913800138000' });
    expect(first.ok && typeof first.release).toBe('function');
    expect(await e.decide({ ...req, dialled: '913800138000' })).toMatchObject({ ok: false, reason: 'concurrency' });
    // an emergency call is never held back by the caps
    expect(await e.decide({ ...req, dialled: '9120' })).toMatchObject({ ok: true, number: '120' });
    if (first.ok) await first.release?.();
    expect(await e.decide({ ...req, dialled: '913800138000' })).toMatchObject({ ok: true });
  });

  it('reports dial patterns that do not compile and keeps the route’s other patterns', async () => {
    const r = route({
      dialPatterns: [
        { prepend: '', prefix: '', match: '1.2' },
        { prepend: '', prefix: '9', match: 'X.' },
      ],
    });
    const e = engine([r]);
    expect(e.errors).toEqual([{ routeId: r.id, patternIndex: 0, key: 'dialPattern.wildcard' }]);
    expect(await e.decide({ ...req, dialled: '913800138000' })).toMatchObject({ ok: true });
  });
});
