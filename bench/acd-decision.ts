/**
 * ACD decisions at a contact center's scale (@hujiao/acd, no I/O): 500 agents in 50 queues (each agent in 3),
 * the eight strategies spread over the queues, levels 1-2, wrap-up, sticky agents on a fifth of the queues,
 * callers with priorities, patience and a max wait. A discrete-event simulation on a virtual clock with a steady
 * (Poisson) arrival rate, agents answering after 1-5 s (5 % let it ring out), exponential talk times, a tick
 * every second. Each engine call is timed alone (process.hrtime, wall clock): the join that offers at once
 * (queue entry → offer), the event that frees an agent and offers it a waiting call, joins that wait, ticks.
 * Prints p50/p99/max in µs; asserts nothing. The first `--warmup` calls are simulated unmeasured (JIT).
 *
 *   npx tsx bench/acd-decision.ts [--calls 30000] [--rate 3.6] [--talk 120] [--seed 1] [--warmup 3000]
 */
import { availableParallelism, cpus } from 'node:os';
import { parseArgs } from 'node:util';
import { type AcdAction, AcdEngine, MemoryAcdStore, mulberry32 } from '@hujiao/acd';
import { type AcdQueueConfigInput, acdStrategies } from '@hujiao/shared';
import { fixed, table } from './lib/table.ts';

const { values: args } = parseArgs({
  options: {
    calls: { type: 'string', default: '30000' },
    rate: { type: 'string', default: '3.6' },
    talk: { type: 'string', default: '120' },
    seed: { type: 'string', default: '1' },
    warmup: { type: 'string', default: '3000' },
  },
});
const CALLS = Number(args.calls);
const RATE = Number(args.rate);
const TALK = Number(args.talk);
const WARMUP = Number(args.warmup);
const AGENTS = 500;
const QUEUES = 50;
const PER_AGENT = 3;

const rng = mulberry32(Number(args.seed));
const sim = mulberry32(Number(args.seed) + 1);
const int = (n: number) => Math.floor(sim() * n);
const exp = (mean: number) => -Math.log(1 - sim()) * mean;
const pad = (v: number, n: number) => String(v).padStart(n, '0');

// ---- configuration ----
const agentIds = Array.from({ length: AGENTS }, (_, i) => `a${pad(i, 3)}`);
const queueIds = Array.from({ length: QUEUES }, (_, i) => `q${pad(i, 2)}`);
const membership = new Map<string, string[]>(queueIds.map((q) => [q, []]));
const agentQueues = new Map<string, string[]>();
for (const a of agentIds) {
  const mine = new Set<string>();
  while (mine.size < PER_AGENT) mine.add(queueIds[int(QUEUES)] as string);
  agentQueues.set(a, [...mine]);
  for (const q of mine) membership.get(q)?.push(a);
}
const configs: AcdQueueConfigInput[] = queueIds.map((id, i) => ({
  id,
  strategy: acdStrategies[i % acdStrategies.length],
  members: (membership.get(id) ?? []).map((agentId, order) => ({ agentId, level: order % 4 === 3 ? 2 : 1, order })),
  ringTimeoutSec: 15,
  maxWaitSec: 300,
  overflow: { timeout: { kind: 'voicemail', box: '8000' } },
  autoBusyAfter: 3,
  wrapUpSec: 5,
  serviceLevelSec: 20,
  sticky: { enabled: i % 5 === 0, windowSec: 3600, waitSec: 0 },
  announcements: { positionEverySec: 30, periodicEverySec: 60 },
}));

// ---- the simulation's event list (a binary heap on virtual time) ----
type Ev =
  | { at: number; kind: 'arrive' }
  | { at: number; kind: 'answer'; callId: string; agentId: string }
  | { at: number; kind: 'hangup'; callId: string }
  | { at: number; kind: 'abandon'; callId: string }
  | { at: number; kind: 'ready'; agentId: string }
  | { at: number; kind: 'tick' };
const heap: Ev[] = [];
function push(e: Ev): void {
  heap.push(e);
  let i = heap.length - 1;
  while (i > 0) {
    const p = (i - 1) >> 1;
    if ((heap[p] as Ev).at <= e.at) break;
    heap[i] = heap[p] as Ev;
    i = p;
  }
  heap[i] = e;
}
function pop(): Ev | undefined {
  const top = heap[0];
  const last = heap.pop();
  if (heap.length > 0 && last) {
    let i = 0;
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let m = i;
      if (l < heap.length && (heap[l] as Ev).at < (m === i ? last.at : (heap[m] as Ev).at)) m = l;
      if (r < heap.length && (heap[r] as Ev).at < (m === i ? last.at : (heap[m] as Ev).at)) m = r;
      if (m === i) break;
      heap[i] = heap[m] as Ev;
      i = m;
    }
    heap[i] = last;
  }
  return top;
}

function percentiles(samples: number[]): { n: number; p50: number; p99: number; max: number; mean: number } {
  const sorted = Float64Array.from(samples).sort();
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0;
  let sum = 0;
  for (const s of sorted) sum += s;
  return {
    n: sorted.length,
    p50: at(0.5),
    p99: at(0.99),
    max: sorted[sorted.length - 1] ?? 0,
    mean: sum / (sorted.length || 1),
  };
}
const us = (from: bigint) => Number(process.hrtime.bigint() - from) / 1000;

async function main(): Promise<void> {
  let now = Date.parse('2026-12-02T01:00:00Z');
  const clock = () => now;
  const store = new MemoryAcdStore({ now: clock });
  const engine = new AcdEngine({ store, now: clock, rng, queues: configs });
  for (const a of agentIds) await engine.agentLogin(a, agentQueues.get(a) ?? []);

  const samples = {
    joinOffer: [] as number[],
    joinWait: [] as number[],
    freedOffer: [] as number[],
    tick: [] as number[],
    tickOffer: [] as number[],
  };
  const outcomes = new Map<string, number>();
  const answeredCalls = new Set<string>();
  let arrived = 0;
  let measuring = false;
  const callers = Array.from({ length: 5000 }, (_, i) => `138${pad(i, 8)}`);

  /** Carries out the engine's actions: agents answer offers (or not), callers' outcomes are counted. */
  const carryOut = (actions: readonly AcdAction[]) => {
    for (const a of actions) {
      if (a.type === 'offer') {
        if (sim() < 0.05) continue; // rings out: the engine's tick re-offers
        const agentId = a.agentIds[int(a.agentIds.length)] as string;
        push({ at: now + 1000 + int(4000), kind: 'answer', callId: a.callId, agentId });
      } else if (a.type === 'connect') {
        answeredCalls.add(a.callId);
        push({ at: now + Math.max(5, exp(TALK)) * 1000, kind: 'hangup', callId: a.callId });
      } else if (a.type === 'call-outcome' && measuring) {
        outcomes.set(a.outcome, (outcomes.get(a.outcome) ?? 0) + 1);
      } else if (a.type === 'agent-state' && a.record.to === 'busy' && a.record.reason === 'no-answer') {
        push({ at: now + 30_000, kind: 'ready', agentId: a.record.agentId });
      }
    }
  };
  const timed = async (bucket: number[] | null, run: () => Promise<readonly AcdAction[]>) => {
    const start = process.hrtime.bigint();
    const actions = await run();
    const t = us(start);
    if (measuring && bucket && actions.some((x) => x.type === 'offer')) bucket.push(t);
    carryOut(actions);
    return { actions, t };
  };

  push({ at: now, kind: 'arrive' });
  push({ at: now + 1000, kind: 'tick' });
  const startedAt = now;
  let measuredFrom = now;
  const wall = process.hrtime.bigint();
  for (let e = pop(); e; e = pop()) {
    now = e.at;
    if (e.kind === 'arrive') {
      if (arrived >= CALLS) continue;
      const callId = `c${arrived}`;
      arrived++;
      if (arrived === WARMUP) {
        measuring = true;
        measuredFrom = now;
      }
      const queueId = queueIds[int(QUEUES)] as string;
      const caller = callers[int(callers.length)] as string;
      const priority = sim() < 0.05 ? 5 : 0;
      const start = process.hrtime.bigint();
      const j = await engine.join({ callId, queueId, caller, priority });
      const t = us(start);
      if (measuring) (j.decision.kind === 'offer' ? samples.joinOffer : samples.joinWait).push(t);
      carryOut(j.actions);
      if (j.decision.kind !== 'overflow') push({ at: now + exp(180) * 1000, kind: 'abandon', callId });
      push({ at: now + exp(1 / RATE) * 1000, kind: 'arrive' });
    } else if (e.kind === 'answer') {
      await timed(samples.freedOffer, async () => (await engine.answered(e.callId, e.agentId)).actions);
    } else if (e.kind === 'hangup') {
      await timed(samples.freedOffer, async () => (await engine.callEnded(e.callId)).actions);
    } else if (e.kind === 'abandon') {
      if (answeredCalls.has(e.callId)) continue;
      await timed(samples.freedOffer, async () => (await engine.abandon(e.callId)).actions);
    } else if (e.kind === 'ready') {
      await timed(samples.freedOffer, async () => (await engine.setReady(e.agentId)).actions);
    } else {
      const { t } = await timed(samples.tickOffer, () => engine.tick());
      if (measuring) samples.tick.push(t);
      if (arrived < CALLS || heap.some((x) => x.kind !== 'tick' && x.kind !== 'abandon'))
        push({ at: now + 1000, kind: 'tick' });
    }
  }
  const wallMs = us(wall) / 1000;

  let answered = 0;
  let inSl = 0;
  let waitSum = 0;
  for (const q of queueIds) {
    const s = await engine.queueStatus(q);
    answered += s.stats.answered;
    inSl += s.stats.answeredInSl;
    waitSum += (s.stats.waitAvgSec ?? 0) * s.stats.answered;
  }
  const rows = [
    ['join → offer at once (queue entry to the offer)', percentiles(samples.joinOffer)] as const,
    ['event frees an agent → offer (answer/hang-up/abandon/ready)', percentiles(samples.freedOffer)] as const,
    ['join → wait (no agent ready)', percentiles(samples.joinWait)] as const,
    ['tick that offers (wrap-up over, ring-out → next agent)', percentiles(samples.tickOffer)] as const,
    ['every tick (1 s: timeouts, wrap-ups, announcements)', percentiles(samples.tick)] as const,
  ].map(([name, p]) => [name, p.n, fixed(p.p50, 1), fixed(p.p99, 1), fixed(p.max, 0), fixed(p.mean, 1)]);
  const simSec = (now - startedAt) / 1000;
  process.stdout.write(
    `cores: ${availableParallelism()} (${cpus()[0]?.model ?? '?'}), node ${process.version}\n` +
      `${AGENTS} agents in ${QUEUES} queues (${PER_AGENT} each), ${CALLS} calls at ${RATE}/s, talk ~${TALK} s, ` +
      `${fixed(simSec / 60, 0)} simulated min (measured after ${fixed((measuredFrom - startedAt) / 1000, 0)} s) in ` +
      `${fixed(wallMs / 1000, 1)} s wall\n\n` +
      table(['engine call', 'n', 'p50 µs', 'p99 µs', 'max µs', 'mean µs'], rows) +
      `\noutcomes (measured calls): ${JSON.stringify(Object.fromEntries(outcomes))}\n` +
      `answered in 20 s (all calls): ${fixed((100 * inSl) / (answered || 1), 1)} %, ` +
      `mean wait of answered (moving averages, weighted): ${fixed(waitSum / (answered || 1), 1)} s\n`,
  );
}

await main();
