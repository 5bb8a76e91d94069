import { MemoryPbxStore } from '@hujiao/pbx';
import { type Flow, fraudLimits, inboundRoute, outboundRoute } from '@hujiao/shared';
import type { ExtensionInfo, Ingress, RouteDecision, TenantInfo, TrunkInfo } from '@hujiao/switch';
import { describe, expect, it } from 'vitest';
import type { ForwardingRule } from './forwarding-flow.ts';
import { type PbxConfigSource, PbxRouter, type RefusedCall } from './pbx-router.ts';

const T = '00000000-0000-4000-8000-000000000001';
const TRUNK = '00000000-0000-4000-8000-0000000000a1';
const created = '2026-12-01T00:00:00.000Z';
const tenant: TenantInfo = { tenantId: T, realm: 'acme' };
const ext = (number: string) => ({ number, displayName: null, enabled: true }) as unknown as ExtensionInfo;
const call = (to: string, from = '1001'): Ingress => ({ kind: 'extension', tenant, extension: ext(from), number: to });

function setup(rules: Record<string, ForwardingRule>, maxConcurrentCalls = 100) {
  const source: PbxConfigSource = {
    load: async () => ({
      inboundRoutes: [
        inboundRoute.parse({
          id: '00000000-0000-4000-8000-0000000000e1',
          createdAt: created,
          name: 'sales',
          didPattern: '02588886666',
          destination: { kind: 'extension', number: '1002' },
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
      limits: fraudLimits.parse({ maxConcurrentCalls }),
    }),
    // 1009 may call only inside and locally; the others national and mobile too.
    extensionProfile: async (_t, number) =>
      number === '1009'
        ? { permissions: ['internal', 'local'], callerId: null, teamIds: [], areaCode: '025' }
        : { permissions: ['internal', 'local', 'national', 'mobile'], callerId: null, teamIds: [] },
    isExtension: async (_t, number) => ['1001', '1002', '1003', '1009'].includes(number),
    forwarding: async (_t, number) => rules[number] ?? null,
  };
  const refused: RefusedCall[] = [];
  const router = new PbxRouter({ source, store: new MemoryPbxStore(), onRefused: (r) => refused.push(r) });
  return { router, refused };
}

const flowOf = (d: RouteDecision | null): Flow => {
  if (d?.kind !== 'flow') throw new Error(`expected a flow, got ${JSON.stringify(d)}`);
  return d.flow;
};
const rule = (r: Partial<ForwardingRule>): ForwardingRule => ({
  unconditional: null,
  busy: null,
  noAnswer: null,
  noAnswerSec: 20,
  ...r,
});

describe('PbxRouter with call forwarding', () => {
  it('leaves an extension without forwarding to the switch (null)', async () => {
    const { router } = setup({});
    expect(await router.resolve(call('1002'))).toBeNull();
  });

  it('no answer to an outside number: ring 1002 for N s, then the trunk with the route’s number', async () => {
    const { router } = setup({ '1002': rule({ noAnswer: '913800138000', noAnswerSec: 5 }) });
    const f = flowOf(await router.resolve(call('1002')));
    expect(f.steps[0]).toMatchObject({ verb: 'dial', targets: [{ extension: '1002' }], ringTimeoutSec: 5 });
    const branch = f.steps[1] as { verb: string; cases: Record<string, { steps?: Array<{ targets: unknown }> }> };
    expect(branch.verb).toBe('branch');
    expect(branch.cases.noAnswer?.steps?.[0]?.targets).toEqual([
      { trunk: { trunkIds: [TRUNK], number: '13800138000' } },
    ]);
    expect(branch.cases.failed).toEqual(branch.cases.noAnswer);
  });

  it('an outside target the forwarding extension may not call is refused by its class, logged, unavailable', async () => {
    const { router, refused } = setup({ '1009': rule({ unconditional: '913800138000' }) });
    const f = flowOf(await router.resolve(call('1009', '1001')));
    expect(f.steps.map((s) => s.verb)).toEqual(['play', 'hangup']);
    expect(refused).toEqual([
      expect.objectContaining({ direction: 'outbound', from: '1009', to: '913800138000', reason: 'classDenied' }),
    ]);
  });

  it('a DID whose inbound route leads to an extension follows its forwarding', async () => {
    const { router } = setup({ '1002': rule({ unconditional: '1003' }) });
    const trunkCall: Ingress = {
      kind: 'trunk',
      tenant,
      trunk: { id: TRUNK, tenantId: T, name: 'carrier' } as TrunkInfo,
      number: '02588886666',
      caller: '13900139000',
      callerName: null,
    };
    const f = flowOf(await router.resolve(trunkCall));
    expect(f.steps[0]).toMatchObject({ verb: 'dial', targets: [{ extension: '1003' }] });
    expect(f.vars).toMatchObject({ forwardedFrom: '1002', did: '02588886666' });
  });

  it('releases the fraud guard’s place an outside hop took when the call ends', async () => {
    const { router, refused } = setup({ '1002': rule({ busy: '913800138000' }) }, 1);
    const d = await router.resolve(call('1002'));
    // The one place is taken: the extension's own outside call is refused meanwhile.
    expect(await router.resolve(call('913900139000'))).toMatchObject({ kind: 'reject', status: 503 });
    expect(refused.at(-1)?.reason).toBe('concurrency');
    if (d?.kind !== 'flow' || !d.onEnd) throw new Error('expected a flow with onEnd');
    d.onEnd({ talkSec: 0 });
    await new Promise((r) => setTimeout(r, 10));
    expect(await router.resolve(call('913900139000'))).toMatchObject({ kind: 'flow' });
  });
});
