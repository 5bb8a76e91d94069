import { describe, expect, it } from 'vitest';
import { chooseCallerId } from './caller-id.ts';
import { FraudGuard } from './fraud.ts';
import { mulberry32 } from './random.ts';
import { MemoryPbxStore } from './store.ts';
import { orderTrunks, recordTrunkCall } from './trunk-order.ts';

const trunks = ['a', 'b', 'c'];
const ctx = (store = new MemoryPbxStore(), rng = mulberry32(1)) => ({
  store,
  rng,
  tenantId: 't1',
  routeId: 'r1',
  date: '2026-12-02',
});

describe('trunk order', () => {
  it('sequential keeps the configured order', async () => {
    expect(await orderTrunks(trunks, 'sequential', ctx())).toEqual(['a', 'b', 'c']);
  });

  it('round robin starts one further each call, remembered in the store (shared by engines)', async () => {
    const store = new MemoryPbxStore();
    const seen = [];
    for (let i = 0; i < 4; i++) seen.push(await orderTrunks(trunks, 'roundRobin', ctx(store)));
    expect(seen).toEqual([
      ['a', 'b', 'c'],
      ['b', 'c', 'a'],
      ['c', 'a', 'b'],
      ['a', 'b', 'c'],
    ]);
    // another route has its own cursor
    expect(await orderTrunks(trunks, 'roundRobin', { ...ctx(store), routeId: 'r2' })).toEqual(['a', 'b', 'c']);
  });

  it('random is a permutation from the injected rng: same seed, same order; all orders over many calls', async () => {
    const a = await orderTrunks(trunks, 'random', ctx(undefined, mulberry32(7)));
    const b = await orderTrunks(trunks, 'random', ctx(undefined, mulberry32(7)));
    expect(a).toEqual(b);
    expect([...a].sort()).toEqual(trunks);
    const rng = mulberry32(99);
    const orders = new Set<string>();
    for (let i = 0; i < 200; i++) orders.add((await orderTrunks(trunks, 'random', ctx(undefined, rng))).join(''));
    expect(orders.size).toBe(6);
  });

  it('least used puts the trunk with the fewest calls today first; ties keep the configured order', async () => {
    const store = new MemoryPbxStore();
    await recordTrunkCall(store, 't1', 'a', '2026-12-02');
    await recordTrunkCall(store, 't1', 'a', '2026-12-02');
    await recordTrunkCall(store, 't1', 'c', '2026-12-02');
    await recordTrunkCall(store, 't1', 'b', '2026-12-01'); // yesterday does not count
    expect(await orderTrunks(trunks, 'leastUsed', ctx(store))).toEqual(['b', 'c', 'a']);
  });
});

describe('caller ID choice', () => {
  const base = {
    id: 'r1',
    callerIdMode: 'pool' as const,
    callerIdPool: ['02011110000', '075522220000', '075533330000'],
  };
  const region = (n: string) => (n.startsWith('0755') ? '0755' : n.startsWith('020') ? '020' : undefined);
  const c = (store = new MemoryPbxStore()) => ({ store, rng: mulberry32(3), tenantId: 't1', regionOf: region });

  it('fixed and extension modes; an unusable (unverified) number is not shown', async () => {
    expect(
      await chooseCallerId({ ...base, callerIdMode: 'fixed', callerId: '4008001234', poolStrategy: 'rotate' }, c()),
    ).toEqual({
      callerId: '4008001234',
      source: 'fixed',
    });
    const ext = { ...base, callerIdMode: 'extension' as const, poolStrategy: 'rotate' as const };
    expect(await chooseCallerId(ext, { ...c(), extensionCallerId: '01088889999' })).toMatchObject({
      callerId: '01088889999',
    });
    expect(await chooseCallerId(ext, { ...c(), extensionCallerId: '01088889999', usable: () => false })).toMatchObject({
      callerId: undefined,
    });
  });

  it('rotate walks the pool through the store; random uses the rng', async () => {
    const store = new MemoryPbxStore();
    const got = [];
    for (let i = 0; i < 4; i++)
      got.push((await chooseCallerId({ ...base, poolStrategy: 'rotate' }, c(store))).callerId);
    expect(got).toEqual(['02011110000', '075522220000', '075533330000', '02011110000']);
    const r = await chooseCallerId({ ...base, poolStrategy: 'random' }, c());
    expect(base.callerIdPool).toContain(r.callerId);
  });

  it('same region rotates among the pool numbers in the callee’s region, else the whole pool', async () => {
    const store = new MemoryPbxStore();
    const same = { ...base, poolStrategy: 'sameRegion' as const };
    const a = await chooseCallerId(same, { ...c(store), calleeRegion: '0755' });
    const b = await chooseCallerId(same, { ...c(store), calleeRegion: '0755' });
    expect([a.callerId, b.callerId]).toEqual(['075522220000', '075533330000']);
    expect(a.source).toBe('poolRegion');
    expect(await chooseCallerId(same, { ...c(store), calleeRegion: '010' })).toMatchObject({ source: 'pool' });
  });
});

describe('fraud guard', () => {
  const limits = { internationalEnabled: false, premiumEnabled: true, maxConcurrentCalls: 2, dailyMinutesCap: 1 };
  it('international and premium switches, emergency always passes', () => {
    const g = new FraudGuard({ store: new MemoryPbxStore(), tenantId: 't1', limits });
    expect(g.checkClass({ international: true, premium: false, emergency: false })).toBe('international');
    expect(g.checkClass({ international: false, premium: true, emergency: false })).toBeNull();
    expect(g.checkClass({ international: true, premium: false, emergency: true })).toBeNull();
  });

  it('caps calls up at once; a release (once) frees the place', async () => {
    const g = new FraudGuard({ store: new MemoryPbxStore(), tenantId: 't1', limits });
    const one = await g.admit('2026-12-02');
    const two = await g.admit('2026-12-02');
    expect([one.ok, two.ok]).toEqual([true, true]);
    expect(await g.admit('2026-12-02')).toEqual({ ok: false, reason: 'concurrency' });
    if (one.ok) {
      await one.release();
      await one.release();
    }
    expect((await g.usage('2026-12-02')).activeCalls).toBe(1);
    expect((await g.admit('2026-12-02')).ok).toBe(true);
  });

  it('caps the day’s minutes; the next day starts again; no cap when null', async () => {
    const g = new FraudGuard({
      store: new MemoryPbxStore(),
      tenantId: 't1',
      limits: { ...limits, maxConcurrentCalls: null },
    });
    await g.addCallSeconds('2026-12-02', 59.2);
    expect((await g.admit('2026-12-02')).ok).toBe(false);
    expect(await g.admit('2026-12-02')).toEqual({ ok: false, reason: 'dailyMinutes' });
    expect((await g.admit('2026-12-03')).ok).toBe(true);
    const free = new FraudGuard({
      store: new MemoryPbxStore(),
      tenantId: 't1',
      limits: { ...limits, dailyMinutesCap: null },
    });
    await free.addCallSeconds('2026-12-02', 1e6);
    expect((await free.admit('2026-12-02')).ok).toBe(true);
  });

  it('per-trunk concurrency', async () => {
    const g = new FraudGuard({ store: new MemoryPbxStore(), tenantId: 't1', limits });
    expect((await g.admitTrunk('a', 1)).ok).toBe(true);
    expect(await g.admitTrunk('a', 1)).toEqual({ ok: false, reason: 'trunkConcurrency' });
    expect((await g.admitTrunk('b', 1)).ok).toBe(true);
  });
});
