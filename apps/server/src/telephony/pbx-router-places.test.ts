import { MemoryPbxStore } from '@hujiao/pbx';
import { fraudLimits, inboundRoute, outboundRoute } from '@hujiao/shared';
import type { Ingress, RouteDecision, TenantInfo, TrunkInfo } from '@hujiao/switch';
import { describe, expect, it } from 'vitest';
import type { ForwardingRule } from './forwarding-flow.ts';
import { type PbxConfigSource, PbxRouter, type RefusedCall } from './pbx-router.ts';

// The toll-fraud places of outside hops: held by the route decision that took them (given back once by its
// onEnd), or — for steps made before a call takes them (IVR keys, a queue's overflow, the voice code) — taken by
// the dial itself (`admit`), never at build time.
const T = '00000000-0000-4000-8000-000000000001';
const TRUNK = '00000000-0000-4000-8000-0000000000a1';
const created = '2026-12-01T00:00:00.000Z';
const tenant: TenantInfo = { tenantId: T, realm: 'acme' };
const fromTrunk = (did: string): Ingress => ({
  kind: 'trunk',
  tenant,
  trunk: { id: TRUNK } as unknown as TrunkInfo,
  number: did,
  caller: '13900139000',
  callerName: null,
});
const noForwarding = { unconditional: null, busy: null, noAnswer: null, noAnswerSec: 20 };

function setup() {
  const rules: Record<string, ForwardingRule> = { '1002': { ...noForwarding, unconditional: '913800138000' } };
  const source: PbxConfigSource = {
    load: async () => ({
      inboundRoutes: [
        inboundRoute.parse({
          id: '00000000-0000-4000-8000-0000000000e1',
          createdAt: created,
          name: 'to mobile',
          didPattern: '02588886666',
          destination: { kind: 'external', number: '913700137000' },
        }),
      ],
      outboundRoutes: [
        outboundRoute.parse({
          id: '00000000-0000-4000-8000-0000000000f1',
          createdAt: created,
          name: 'out',
          dialPatterns: [{ prefix: '9', match: 'X.' }],
          trunkIds: [TRUNK],
        }),
      ],
      timeGroups: [],
      numberList: [],
      callerIds: [],
      limits: fraudLimits.parse({ maxConcurrentCalls: 1 }),
    }),
    extensionProfile: async () => ({
      permissions: ['internal', 'local', 'national', 'mobile'],
      callerId: null,
      teamIds: [],
    }),
    isExtension: async (_t, number) => ['1001', '1002'].includes(number),
    forwarding: async (_t, number) => rules[number] ?? null,
  };
  const refused: RefusedCall[] = [];
  const router = new PbxRouter({ source, store: new MemoryPbxStore(), onRefused: (r) => refused.push(r) });
  const active = async () => (await router.usage(T)).activeCalls;
  return { router, active, refused };
}

const trunkOf = (steps: unknown): unknown => JSON.stringify(steps).match(/"trunk":(\{[^}]*\})/)?.[1];

describe('PbxRouter: fraud-guard places of outside hops', () => {
  it('IVR key to an outside number (outsideTarget): no place at build time, the target asks the dial to admit', async () => {
    const { router, active } = setup();
    for (let i = 0; i < 3; i++) {
      const trunk = await router.outsideTarget(T, '913800138000');
      expect(trunk).toEqual({ trunkIds: [TRUNK], number: '13800138000', admit: true });
    }
    expect(await active()).toBe(0);
  });

  it('IVR key to an extension forwarding outside: no place at build time, the hop admits at dial', async () => {
    const { router, active } = setup();
    for (let i = 0; i < 3; i++) {
      const steps = await router.forwardedExtensionSteps(T, '1002');
      expect(JSON.parse(trunkOf(steps) as string)).toMatchObject({ number: '13800138000', admit: true });
    }
    expect(await active()).toBe(0);
  });

  it('queue overflow to an extension forwarding outside (destinationSteps): no place held, the hop admits', async () => {
    const { router, active } = setup();
    for (let i = 0; i < 3; i++) {
      const steps = await router.destinationSteps(T, { kind: 'extension', number: '1002' });
      expect(JSON.parse(trunkOf(steps) as string)).toMatchObject({ number: '13800138000', admit: true });
    }
    const outside = await router.destinationSteps(T, { kind: 'external', number: '913700137000' });
    expect(JSON.parse(trunkOf(outside) as string)).toMatchObject({ number: '13700137000', admit: true });
    expect(await active()).toBe(0);
  });

  it('admitOutside: takes the place up to the cap, release gives it back exactly once', async () => {
    const { router, active, refused } = setup();
    const first = await router.admitOutside(T);
    expect(first.ok).toBe(true);
    expect(await active()).toBe(1);
    const dial = { number: '13800138000', caller: '13900139000' };
    expect(await router.admitOutside(T, dial)).toEqual({ ok: false, reason: 'concurrency' });
    // The refusal goes to the refused-call log (拦截记录) like a route's.
    expect(refused).toMatchObject([
      { tenantId: T, direction: 'outbound', from: '13900139000', to: '13800138000', reason: 'concurrency' },
    ]);
    if (!first.ok) throw new Error('not admitted');
    first.release();
    first.release();
    await new Promise((r) => setTimeout(r, 10));
    expect(await active()).toBe(0);
    const again = await router.admitOutside(T);
    expect(again.ok).toBe(true);
  });

  it('an inbound route to an outside number holds the place until its onEnd, which gives it back once', async () => {
    const { router, active } = setup();
    const d = (await router.resolve(fromTrunk('02588886666'))) as RouteDecision & { kind: 'flow' };
    expect(trunkOf(d.flow.steps)).not.toContain('admit');
    expect(await active()).toBe(1);
    d.onEnd?.({ talkSec: 0 });
    d.onEnd?.({ talkSec: 0 });
    await new Promise((r) => setTimeout(r, 10));
    expect(await active()).toBe(0);
    // The place is free again: the next call gets out.
    const next = (await router.resolve(fromTrunk('02588886666'))) as RouteDecision & { kind: 'flow' };
    expect(trunkOf(next.flow.steps)).toContain('13700137000');
  });
});
