/**
 * PBX route decisions at one enterprise's scale (@hujiao/pbx, no I/O): 1,000 outbound routes and 10,000 DIDs
 * (10,000 exact-DID inbound routes beside 1,000 pattern routes), time groups on part of them, a black list;
 * N decisions each on a mixed, seeded stream of numbers. Prints p50/p99/max per decision in µs and the build
 * times; asserts nothing. The first 10,000 queries of each stream run once before, unmeasured (JIT warm-up).
 *
 *   npx tsx bench/route-decision.ts [--decisions 100000] [--seed 1]
 */
import { availableParallelism, cpus } from 'node:os';
import { parseArgs } from 'node:util';
import {
  InboundEngine,
  type InboundRouteConfig,
  MemoryPbxStore,
  mulberry32,
  NumberListIndex,
  OutboundEngine,
  type OutboundRouteConfig,
} from '@hujiao/pbx';
import type { CallClass, NumberListEntry } from '@hujiao/shared';
import { fixed, table } from './lib/table.ts';

const { values: args } = parseArgs({
  options: { decisions: { type: 'string', default: '100000' }, seed: { type: 'string', default: '1' } },
});
const N = Number(args.decisions);
const rng = mulberry32(Number(args.seed));
const int = (n: number) => Math.floor(rng() * n);
const digits = (n: number) => Array.from({ length: n }, () => String(int(10))).join('');
const pad = (v: number, n: number) => String(v).padStart(n, '0');

const timeGroups = [
  { id: 'work', timezone: 'Asia/Shanghai', weekly: [{ days: [1, 2, 3, 4, 5], start: '09:00', end: '18:00' }] },
  {
    id: 'late',
    timezone: 'Asia/Shanghai',
    weekly: [{ days: [1, 2, 3, 4, 5, 6, 7], start: '20:00', end: '02:00' }],
    holidays: [{ name: '元旦', from: '2027-01-01', to: '2027-01-03' }],
  },
];
const createdAt = '2026-01-01T00:00:00Z';

function inboundRoutes(): InboundRouteConfig[] {
  const routes: InboundRouteConfig[] = [];
  for (let i = 0; i < 10_000; i++) {
    routes.push({
      id: `did-${pad(i, 5)}`,
      name: `DID ${i}`,
      priority: 100,
      didPattern: `40080${pad(i, 5)}`,
      ...(i % 3 === 0 ? { timeGroupId: 'work', closedDestination: { kind: 'voicemail', box: '8000' } } : {}),
      destination: { kind: 'extension', number: String(1000 + (i % 9000)) },
      enabled: true,
      createdAt,
    });
  }
  for (let i = 0; i < 1_000; i++) {
    routes.push({
      id: `pat-${pad(i, 4)}`,
      name: `pattern ${i}`,
      priority: 50 + (i % 100),
      didPattern: `_0${pad(100 + i, 4)}XXXXXXX`,
      ...(i % 4 === 0 ? { callerPattern: '1[3-9]XXXXXXXXX' } : {}),
      ...(i % 5 === 0 ? { timeGroupId: 'late' } : {}),
      destination: { kind: 'queue', queueId: '00000000-0000-4000-8000-000000000000' },
      enabled: true,
      createdAt,
    });
  }
  return routes;
}

function outboundRoutes(): OutboundRouteConfig[] {
  const routes: OutboundRouteConfig[] = [];
  const orders = ['sequential', 'roundRobin', 'random', 'leastUsed'] as const;
  for (let i = 0; i < 998; i++) {
    routes.push({
      id: `out-${pad(i, 4)}`,
      name: `area ${i}`,
      priority: 10 + (i % 50),
      dialPatterns: [
        { prepend: '', prefix: '9', match: `0${3000 + i}NXXXXXX` },
        { prepend: `0${3000 + i}`, prefix: `8${pad(i, 3)}`, match: 'NXXXXXX' },
      ],
      scope: i % 2 === 0 ? { all: true } : { extensions: ['1001', '1002'], teamIds: [`team-${i % 7}`] },
      trunkIds: ['trunk-a', 'trunk-b', 'trunk-c'],
      trunkOrder: orders[i % 4] ?? 'sequential',
      callerIdMode: i % 3 === 0 ? 'pool' : 'extension',
      callerIdPool: ['075526880000', '075526880001', '02088880000'],
      poolStrategy: i % 2 === 0 ? 'rotate' : 'sameRegion',
      ...(i % 10 === 0 ? { timeGroupId: 'work' } : {}),
      enabled: true,
      createdAt,
    });
  }
  routes.push({
    id: 'out-intl',
    name: 'international',
    priority: 900,
    dialPatterns: [{ prepend: '', prefix: '9', match: '00X.' }],
    scope: { all: true },
    trunkIds: ['trunk-c'],
    trunkOrder: 'sequential',
    callerIdMode: 'extension',
    callerIdPool: [],
    poolStrategy: 'rotate',
    enabled: true,
    createdAt,
  });
  routes.push({
    id: 'out-mobile',
    name: 'mobile',
    priority: 1000,
    dialPatterns: [{ prepend: '', prefix: '9', match: '1[3-9]XXXXXXXXX' }],
    scope: { all: true },
    trunkIds: ['trunk-a', 'trunk-b'],
    trunkOrder: 'roundRobin',
    callerIdMode: 'pool',
    callerIdPool: ['075526880000', '075526880001'],
    poolStrategy: 'rotate',
    enabled: true,
    createdAt,
  });
  return routes;
}

type Entry = Pick<NumberListEntry, 'list' | 'direction' | 'number' | 'match' | 'status'>;
const blackList: Entry[] = Array.from({ length: 5_000 }, (_, i) => ({
  list: 'black',
  direction: 'both',
  number: `139${pad(i, 8)}`,
  match: 'exact',
  status: 'approved',
}));
blackList.push({ list: 'black', direction: 'both', number: '0571', match: 'prefix', status: 'approved' });

function percentiles(samples: Float64Array): { p50: number; p99: number; max: number; mean: number } {
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  let sum = 0;
  for (const s of sorted) sum += s;
  return { p50: at(0.5), p99: at(0.99), max: sorted[sorted.length - 1] ?? 0, mean: sum / sorted.length };
}

const us = (from: bigint) => Number(process.hrtime.bigint() - from) / 1000;
// A Wednesday noon and a Saturday night in Shanghai, alternating: open and closed time groups both occur.
const instants = [Date.parse('2026-12-02T04:00:00Z'), Date.parse('2026-12-05T13:30:00Z')];

async function main(): Promise<void> {
  const lists = new NumberListIndex(blackList);
  let t = process.hrtime.bigint();
  const inbound = new InboundEngine({ routes: inboundRoutes(), timeGroups, lists });
  const inboundBuildMs = us(t) / 1000;
  t = process.hrtime.bigint();
  const store = new MemoryPbxStore();
  const outbound = new OutboundEngine({
    tenantId: 'bench',
    routes: outboundRoutes(),
    store,
    rng,
    timeGroups,
    lists,
    limits: { internationalEnabled: false, premiumEnabled: false },
  });
  const outboundBuildMs = us(t) / 1000;

  const dids = Array.from({ length: N }, () => {
    const r = rng();
    if (r < 0.7) return { did: `40080${pad(int(10_000), 5)}`, caller: `138${digits(8)}` };
    if (r < 0.95)
      return {
        did: `0${pad(100 + int(1_000), 4)}${digits(7)}`,
        caller: rng() < 0.5 ? `13${digits(9)}` : `0571${digits(8)}`,
      };
    return { did: `5${digits(9)}`, caller: rng() < 0.5 ? `139${pad(int(5_000), 8)}` : `137${digits(8)}` };
  });
  // Warm-up (JIT), not measured: the first WARMUP queries of each stream.
  const WARMUP = Math.min(N, 10_000);
  for (let i = 0; i < WARMUP; i++) {
    const q = dids[i] as { did: string; caller: string };
    inbound.decide({ did: q.did, caller: q.caller, at: instants[i & 1] as number });
  }
  const inboundSamples = new Float64Array(N);
  const outcome = { route: 0, none: 0, blocked: 0 };
  for (let i = 0; i < N; i++) {
    const q = dids[i] as { did: string; caller: string };
    const start = process.hrtime.bigint();
    const d = inbound.decide({ did: q.did, caller: q.caller, at: instants[i & 1] as number });
    inboundSamples[i] = us(start);
    outcome[d.kind]++;
  }

  const permissions: CallClass[] = ['internal', 'local', 'national', 'mobile'];
  const dialled = Array.from({ length: N }, () => {
    const r = rng();
    if (r < 0.45) return `90${3000 + int(999)}${2 + int(8)}${digits(6)}`;
    if (r < 0.65) return `8${pad(int(999), 3)}${2 + int(8)}${digits(6)}`;
    if (r < 0.9) return `91${3 + int(7)}${digits(9)}`;
    if (r < 0.95) return `900${digits(11)}`;
    return `7${digits(6)}`;
  });
  const ask = (i: number) =>
    outbound.decide({
      extension: i % 3 === 0 ? '1001' : '2001',
      teamIds: [`team-${i % 7}`],
      permissions,
      dialled: dialled[i] as string,
      at: instants[i & 1] as number,
      callerRegion: '0755',
      extensionCallerId: '075526881234',
    });
  for (let i = 0; i < WARMUP; i++) await ask(i);
  const outboundSamples = new Float64Array(N);
  const reasons = new Map<string, number>();
  for (let i = 0; i < N; i++) {
    const start = process.hrtime.bigint();
    const d = await ask(i);
    outboundSamples[i] = us(start);
    const key = d.ok ? 'ok' : d.reason;
    reasons.set(key, (reasons.get(key) ?? 0) + 1);
  }

  const rows = [
    ['inbound (11,000 routes, 10,000 DIDs)', percentiles(inboundSamples)] as const,
    ['outbound (1,000 routes, 1,998 patterns)', percentiles(outboundSamples)] as const,
  ].map(([name, p]) => [name, N, fixed(p.p50, 2), fixed(p.p99, 2), fixed(p.max, 0), fixed(p.mean, 2)]);
  process.stdout.write(
    `cores: ${availableParallelism()} (${cpus()[0]?.model ?? '?'}), node ${process.version}\n` +
      `build: inbound ${fixed(inboundBuildMs, 0)} ms, outbound ${fixed(outboundBuildMs, 0)} ms\n\n` +
      table(['decision', 'n', 'p50 µs', 'p99 µs', 'max µs', 'mean µs'], rows) +
      `\ninbound outcomes: ${JSON.stringify(outcome)}\n` +
      `outbound outcomes: ${JSON.stringify(Object.fromEntries(reasons))}\n`,
  );
}

await main();
