import { MemoryPbxStore } from '@hujiao/pbx';
import { callerIdNumber, fraudLimits, numberListEntry, outboundRoute } from '@hujiao/shared';
import { describe, expect, it } from 'vitest';
import { type PbxConfigSource, PbxRouter, type PbxTenantConfig, type RefusedCall } from './pbx-router.ts';

const T = '00000000-0000-4000-8000-000000000001';
const TRUNK = '00000000-0000-4000-8000-0000000000a1';
const created = '2026-12-01T00:00:00.000Z';
const ID = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

function setup(maxConcurrentCalls: number | null = 10) {
  const config: PbxTenantConfig = {
    timeGroups: [],
    inboundRoutes: [],
    outboundRoutes: [
      outboundRoute.parse({
        id: ID(1),
        createdAt: created,
        name: 'dial 9',
        dialPatterns: [{ prefix: '9', match: 'X.' }],
        trunkIds: [TRUNK],
        callerIdMode: 'pool',
        callerIdPool: ['02566660001'],
      }),
    ],
    numberList: [
      numberListEntry.parse({
        id: ID(2),
        createdAt: created,
        list: 'black',
        number: '13900000000',
        status: 'approved',
        direction: 'both',
      }),
    ],
    callerIds: [callerIdNumber.parse({ id: ID(3), createdAt: created, number: '02566660001', status: 'verified' })],
    limits: fraudLimits.parse({ maxConcurrentCalls }),
  };
  const source: PbxConfigSource = {
    load: async () => config,
    extensionProfile: async () => ({
      permissions: ['internal', 'local', 'national', 'mobile'],
      callerId: null,
      teamIds: [],
    }),
    isExtension: async (_t, number) => ['1001', '1002'].includes(number),
  };
  const refused: RefusedCall[] = [];
  const router = new PbxRouter({
    source,
    store: new MemoryPbxStore(),
    rng: () => 0.5,
    now: () => Date.parse('2026-12-02T03:00:00Z'),
    onRefused: (r) => refused.push(r),
  });
  return { router, refused };
}

describe('PbxRouter.dialFor: click-to-call routed as if the extension dialled', () => {
  it('an extension number rings the extension (no fraud-guard place)', async () => {
    const { router } = setup();
    const r = await router.dialFor(T, '1001', '1002');
    expect(r).toMatchObject({ ok: true, external: false });
    if (!r.ok) throw new Error('refused');
    expect(r.flow.steps[0]).toMatchObject({ verb: 'dial', targets: [{ extension: '1002' }], bridge: true });
    expect(r.onEnd).toBeUndefined();
    expect((await router.usage(T)).activeCalls).toBe(0);
  });

  it('an outside number goes to the route trunks with its caller ID; the place is held until onEnd', async () => {
    const { router } = setup();
    const r = await router.dialFor(T, '1001', '913800138000');
    if (!r.ok) throw new Error(`refused: ${r.reason}`);
    expect(r.external).toBe(true);
    expect(r.flow.steps[0]).toMatchObject({
      verb: 'dial',
      targets: [{ trunk: { trunkIds: [TRUNK], number: '13800138000', callerId: '02566660001' } }],
    });
    expect(await router.usage(T)).toEqual({ activeCalls: 1, seconds: 0 });
    r.onEnd?.({ talkSec: 7 });
    await new Promise((done) => setTimeout(done, 10));
    expect(await router.usage(T)).toEqual({ activeCalls: 0, seconds: 7 });
  });

  it("refuses with the routes' own reason (logged as the extension's): black list, no route, concurrency", async () => {
    const { router, refused } = setup(1);
    expect(await router.dialFor(T, '1001', '913900000000')).toEqual({ ok: false, reason: 'blacklisted' });
    expect(refused.at(-1)).toMatchObject({ direction: 'outbound', from: '1001', to: '913900000000' });
    expect(await router.dialFor(T, '1001', '8123')).toEqual({ ok: false, reason: 'noRoute' });
    expect(await router.dialFor(T, '1001', '*43')).toEqual({ ok: false, reason: 'noRoute' });
    const first = await router.dialFor(T, '1001', '913800138000');
    expect(first.ok).toBe(true);
    expect(await router.dialFor(T, '1002', '913800138001')).toEqual({ ok: false, reason: 'concurrency' });
    if (first.ok) first.onEnd?.({ talkSec: 0 });
    await new Promise((done) => setTimeout(done, 10));
    expect((await router.dialFor(T, '1002', '913800138001')).ok).toBe(true);
    expect((await router.usage(T)).activeCalls).toBe(1);
  });
});
