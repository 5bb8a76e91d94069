import { MemoryPbxStore } from '@hujiao/pbx';
import {
  callerIdNumber,
  type Flow,
  fraudLimits,
  type InboundRoute,
  inboundRoute,
  numberListEntry,
  outboundRoute,
  timeGroup,
} from '@hujiao/shared';
import type { ExtensionInfo, Ingress, RouteDecision, TenantInfo, TrunkInfo } from '@hujiao/switch';
import { describe, expect, it } from 'vitest';
import { type PbxConfigSource, PbxRouter, type PbxTenantConfig, type RefusedCall } from './pbx-router.ts';

const T = '00000000-0000-4000-8000-000000000001';
const TRUNK_A = '00000000-0000-4000-8000-0000000000a1';
const TRUNK_B = '00000000-0000-4000-8000-0000000000b1';
const TG = '00000000-0000-4000-8000-0000000000c1';
const IVR = '00000000-0000-4000-8000-0000000000d1';
const created = '2026-12-01T00:00:00.000Z';
const MOH = '00000000-0000-4000-8000-00000000aaaa';
let n = 0;
const uid = () => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

const tenant: TenantInfo = { tenantId: T, realm: 'acme' };
const trunk = { id: TRUNK_A, tenantId: T, name: 'carrier' } as TrunkInfo;
const ext = (number: string) => ({ number, displayName: null, enabled: true }) as unknown as ExtensionInfo;
const fromTrunk = (did: string, caller = '13800138000'): Ingress => ({
  kind: 'trunk',
  tenant,
  trunk,
  number: did,
  caller,
  callerName: null,
});
const fromExtension = (number: string, from = '1001'): Ingress => ({
  kind: 'extension',
  tenant,
  extension: ext(from),
  number,
});

function config(over: Partial<PbxTenantConfig> = {}): PbxTenantConfig {
  return {
    timeGroups: [
      timeGroup.parse({
        id: TG,
        createdAt: created,
        name: 'work hours',
        // Monday to Friday 09:00-18:00 Beijing time.
        weekly: [{ days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' }],
      }),
    ],
    inboundRoutes: [
      inboundRoute.parse({
        id: uid(),
        createdAt: created,
        name: 'main number',
        didPattern: '02588886666',
        timeGroupId: TG,
        destination: { kind: 'ivr', ivrId: IVR },
        closedDestination: { kind: 'voicemail', box: '1001' },
      }),
      inboundRoute.parse({
        id: uid(),
        createdAt: created,
        name: 'sales line',
        didPattern: '0258888XXXX',
        destination: { kind: 'ringGroup', numbers: ['1001', '1002'], strategy: 'order', ringTimeoutSec: 15 },
      }),
    ],
    outboundRoutes: [
      outboundRoute.parse({
        id: uid(),
        createdAt: created,
        name: 'dial 9 for outside',
        dialPatterns: [{ prefix: '9', match: 'X.' }],
        trunkIds: [TRUNK_A, TRUNK_B],
        callerIdMode: 'pool',
        callerIdPool: ['02566660001', '02566660002', '02566660003'],
      }),
    ],
    numberList: [
      numberListEntry.parse({
        id: uid(),
        createdAt: created,
        list: 'black',
        number: '13900000000',
        status: 'approved',
        direction: 'both',
      }),
    ],
    callerIds: [
      callerIdNumber.parse({ id: uid(), createdAt: created, number: '02566660001', status: 'verified' }),
      callerIdNumber.parse({ id: uid(), createdAt: created, number: '02566660002', status: 'unverified' }),
      callerIdNumber.parse({ id: uid(), createdAt: created, number: '02566660003', status: 'verified' }),
    ],
    limits: fraudLimits.parse({}),
    ...over,
  };
}

function setup(o: { config?: PbxTenantConfig; at?: string; ivr?: Flow | null } = {}) {
  let cfg = o.config ?? config();
  let loads = 0;
  let clock = Date.parse(o.at ?? '2026-12-02T03:00:00Z'); // Wednesday 11:00 in Beijing: open
  const source: PbxConfigSource = {
    async load() {
      loads++;
      return cfg;
    },
    async extensionProfile(_t, number) {
      return number === '1009'
        ? { permissions: ['internal', 'local'], callerId: null, teamIds: [], areaCode: '025' }
        : { permissions: ['internal', 'local', 'national', 'mobile'], callerId: '02566660001', teamIds: [] };
    },
    async isExtension(_t, number) {
      return ['1001', '1002', '1009'].includes(number);
    },
  };
  const refused: RefusedCall[] = [];
  const router = new PbxRouter({
    source,
    store: new MemoryPbxStore(),
    rng: () => 0.5,
    now: () => clock,
    parts: {
      musicOnHoldClass: async (_t, id) => (id === MOH ? ['/moh/1.wav', '/moh/2.wav'] : []),
      ivrFlow: async (_t, id) =>
        o.ivr === null || id !== IVR
          ? null
          : (o.ivr ?? { name: 'ivr', steps: [{ verb: 'play', prompt: 'please-choose' }, { verb: 'hangup' }] }),
    },
    onRefused: (r) => refused.push(r),
  });
  return {
    router,
    refused,
    loads: () => loads,
    setConfig: (c: PbxTenantConfig) => {
      cfg = c;
    },
    advance: (ms: number) => {
      clock += ms;
    },
    setTime: (iso: string) => {
      clock = Date.parse(iso);
    },
  };
}

const flowOf = (d: RouteDecision | null): Flow => {
  if (d?.kind !== 'flow') throw new Error(`expected a flow, got ${JSON.stringify(d)}`);
  return d.flow;
};

describe('PbxRouter: calls from trunks by the inbound routes', () => {
  it('sends the DID to its route: the IVR while the time group is open, voicemail when closed', async () => {
    const t = setup();
    const open = flowOf(await t.router.resolve(fromTrunk('02588886666')));
    expect(open.name).toBe('ivr');
    expect(open.vars).toMatchObject({ did: '02588886666', caller: '13800138000' });

    t.setTime('2026-12-05T03:00:00Z'); // Saturday
    t.router.invalidate(T);
    const closed = flowOf(await t.router.resolve(fromTrunk('02588886666')));
    expect(closed.steps[0]).toMatchObject({ verb: 'voicemail', box: '1001' });
  });

  it("gives the call its route's music on hold (the class's files in order); other routes' calls keep the default", async () => {
    const base = config();
    const [main, sales] = base.inboundRoutes;
    const t = setup({
      config: { ...base, inboundRoutes: [{ ...(main as InboundRoute), mohClassId: MOH }, sales as InboundRoute] },
    });
    const withMoh = await t.router.resolve(fromTrunk('02588886666'));
    expect(withMoh).toMatchObject({ kind: 'flow', musicOnHold: ['/moh/1.wav', '/moh/2.wav'] });
    const plain = await t.router.resolve(fromTrunk('02588881234'));
    expect(plain?.kind === 'flow' && plain.musicOnHold).toBeFalsy();
  });

  it('takes a DID in the E.164 form a carrier sends (+86…)', async () => {
    const flow = flowOf(await setup().router.resolve(fromTrunk('+862588886666', '+8613800138000')));
    expect(flow.name).toBe('ivr');
  });

  it('rings a group in order from a DID pattern', async () => {
    const flow = flowOf(await setup().router.resolve(fromTrunk('02588881234')));
    expect(flow.steps[0]).toMatchObject({
      verb: 'dial',
      strategy: 'sequential',
      ringTimeoutSec: 15,
      targets: [{ extension: '1001' }, { extension: '1002' }],
    });
  });

  it('refuses a blacklisted caller as busy and says why', async () => {
    const t = setup();
    const d = await t.router.resolve(fromTrunk('02588886666', '13900000000'));
    expect(d).toMatchObject({ kind: 'reject', status: 486 });
    expect(t.refused).toMatchObject([{ direction: 'inbound', reason: 'blacklistedCaller', from: '13900000000' }]);
  });

  it('leaves a DID equal to an extension to the switch, refuses other unknown DIDs with 404', async () => {
    const t = setup();
    expect(await t.router.resolve(fromTrunk('1002'))).toBeNull();
    expect(await t.router.resolve(fromTrunk('075500000000'))).toMatchObject({ kind: 'reject', status: 404 });
    expect(t.refused.at(-1)).toMatchObject({ reason: 'noInboundRoute' });
  });

  it('plays unavailable when the IVR menu is gone', async () => {
    const flow = flowOf(await setup({ ivr: null }).router.resolve(fromTrunk('02588886666')));
    expect(flow.steps.map((s) => s.verb)).toEqual(['play', 'hangup']);
  });
});

describe('PbxRouter: numbers extensions dial, by the outbound routes', () => {
  it('strips the prefix, tries the trunks in order, shows a verified pool number', async () => {
    const t = setup();
    const flow = flowOf(await t.router.resolve(fromExtension('913800138000')));
    const dial = flow.steps[0];
    expect(dial).toMatchObject({
      verb: 'dial',
      targets: [{ trunk: { trunkIds: [TRUNK_A, TRUNK_B], number: '13800138000' } }],
    });
    const callerIds = new Set<string>();
    for (let i = 0; i < 4; i++) {
      const f = flowOf(await t.router.resolve(fromExtension('913800138000')));
      const target = f.steps[0]?.verb === 'dial' ? f.steps[0].targets[0] : undefined;
      callerIds.add(target?.trunk?.callerId ?? '');
    }
    // Rotates over the verified numbers only.
    expect([...callerIds].sort()).toEqual(['02566660001', '02566660003']);
  });

  it('leaves extensions, feature codes and test numbers to the switch', async () => {
    const t = setup();
    expect(await t.router.resolve(fromExtension('1002'))).toBeNull();
    expect(await t.router.resolve(fromExtension('*97'))).toBeNull();
    expect(await t.router.resolve(fromExtension('**1002'))).toBeNull();
  });

  it('refuses international calls (disabled by default), numbers on the black list and calls without a route', async () => {
    const t = setup();
    expect(await t.router.resolve(fromExtension('90014155550100'))).toMatchObject({
      kind: 'reject',
      status: 403,
      reason: 'International Calls Disabled',
    });
    expect(await t.router.resolve(fromExtension('913900000000'))).toMatchObject({ kind: 'reject', status: 403 });
    expect(await t.router.resolve(fromExtension('13800138000'))).toMatchObject({ kind: 'reject', status: 404 });
    expect(t.refused.map((r) => r.reason)).toEqual(['international', 'blacklisted', 'noRoute']);
    expect(t.refused[0]).toMatchObject({ direction: 'outbound', from: '1001', to: '90014155550100' });
  });

  it('refuses a call class the extension may not make (1009: local only, a mobile number)', async () => {
    const t = setup();
    expect(await t.router.resolve(fromExtension('913800138000', '1009'))).toMatchObject({
      kind: 'reject',
      status: 403,
    });
    expect(t.refused.at(-1)?.reason).toBe('classDenied');
    const local = flowOf(await t.router.resolve(fromExtension('984001234', '1009')));
    expect(local.steps[0]).toMatchObject({ verb: 'dial' });
  });

  it('holds the enterprise to its concurrency cap; a call that ends gives its place back', async () => {
    const t = setup({ config: config({ limits: fraudLimits.parse({ maxConcurrentCalls: 1 }) }) });
    const first = await t.router.resolve(fromExtension('913800138000'));
    expect(first?.kind).toBe('flow');
    expect(await t.router.resolve(fromExtension('913800138001'))).toMatchObject({ kind: 'reject', status: 503 });
    if (first?.kind === 'flow') first.onEnd?.({ talkSec: 0 });
    await new Promise((r) => setTimeout(r, 0));
    expect((await t.router.resolve(fromExtension('913800138001')))?.kind).toBe('flow');
  });

  it("counts talk time against the day's minute cap", async () => {
    const t = setup({ config: config({ limits: fraudLimits.parse({ dailyMinutesCap: 2 }) }) });
    const first = await t.router.resolve(fromExtension('913800138000'));
    if (first?.kind !== 'flow') throw new Error('expected a flow');
    first.onEnd?.({ talkSec: 121 });
    await new Promise((r) => setTimeout(r, 0));
    expect(await t.router.resolve(fromExtension('913800138000'))).toMatchObject({ kind: 'reject', status: 403 });
    expect(t.refused.at(-1)?.reason).toBe('dailyMinutes');
  });

  it('compiles an enterprise once per TTL and again after it', async () => {
    const t = setup();
    await t.router.resolve(fromExtension('913800138000'));
    await t.router.resolve(fromExtension('913800138000'));
    expect(t.loads()).toBe(1);
    t.setConfig(config({ outboundRoutes: [] }));
    t.advance(2500);
    expect(await t.router.resolve(fromExtension('913800138000'))).toMatchObject({ kind: 'reject', status: 404 });
    expect(t.loads()).toBe(2);
  });
});
