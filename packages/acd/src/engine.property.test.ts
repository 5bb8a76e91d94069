/**
 * Interleaved events against invariants (fixed seeds). Two engines share one store, as two nodes would: one
 * is the writer of queues q1 and q2, the other of q3, and agents serve queues of both. Each step fires a few
 * random events at once (Promise.all: the engines interleave at every store call), many of them stale or
 * wrong on purpose (answering a call that was not offered, ending one that is gone). After each step:
 *  - no agent is reserved by two calls; an agent rings iff an offering call lists it, talks iff a connected
 *    call names it;
 *  - every offer went to an agent whose log shows ready → ringing for that call (never a non-ready agent);
 *  - each agent's state log is a chain (every record's `from` is the previous `to`);
 *  - no call has two outcomes; at the end (after a restart) every call has exactly one of
 *    answered / abandoned / overflowed / abandoned-by-system.
 */
import type { AcdQueueConfigInput, AcdStrategy } from '@hujiao/shared';
import { acdStrategies } from '@hujiao/shared';
import { describe, expect, it } from 'vitest';
import { AcdEngine } from './engine.ts';
import { mulberry32, pickIndex, type Rng } from './random.ts';
import { MemoryAcdStore } from './store.ts';
import { T0 } from './test-kit.ts';
import type { AcdAction, AgentStateRecord } from './types.ts';

const AGENTS = ['a1', 'a2', 'a3', 'a4', 'a5', 'a6'];
const QUEUES = ['q1', 'q2', 'q3'];

function queueConfig(id: string, rng: Rng, memberIds: string[]): AcdQueueConfigInput {
  const strategy = acdStrategies[pickIndex(rng, acdStrategies.length)] as AcdStrategy;
  return {
    id,
    strategy,
    members: memberIds.map((agentId, order) => ({ agentId, level: 1 + pickIndex(rng, 2), order })),
    ringTimeoutSec: 5 + pickIndex(rng, 20),
    maxWaitSec: rng() < 0.5 ? 0 : 20 + pickIndex(rng, 100),
    maxLength: rng() < 0.5 ? 0 : 1 + pickIndex(rng, 5),
    joinEmpty: rng() < 0.5,
    leaveWhenEmpty: rng() < 0.5,
    autoBusyAfter: pickIndex(rng, 4),
    wrapUpSec: rng() < 0.5 ? 0 : pickIndex(rng, 30),
    sticky: { enabled: rng() < 0.5, windowSec: 600, waitSec: pickIndex(rng, 2) * 10 },
    announcements: { positionEverySec: pickIndex(rng, 3) * 15, periodicEverySec: pickIndex(rng, 2) * 40 },
  };
}

/** A plain check (vitest's expect is too slow for millions of checks). */
function assert(ok: boolean, message: string): asserts ok {
  if (!ok) throw new Error(message);
}

async function runSequence(seed: number, steps: number) {
  const rng = mulberry32(seed);
  let t = T0;
  const now = () => t;
  const store = new MemoryAcdStore({ now });
  const membership = new Map(QUEUES.map((q) => [q, AGENTS.filter(() => rng() < 0.6)]));
  const configs = QUEUES.map((q) => queueConfig(q, rng, membership.get(q) ?? []));
  const e1 = new AcdEngine({ store, now, rng, queues: configs.slice(0, 2) });
  const e2 = new AcdEngine({ store, now, rng, queues: configs.slice(2) });
  const engineOf = (queueId: string) => (queueId === 'q3' ? e2 : e1);
  const anyEngine = () => (rng() < 0.5 ? e1 : e2);

  const callQueue = new Map<string, string>();
  const outcomes = new Map<string, number>();
  const lastTo = new Map<string, AgentStateRecord>();
  const logs: AgentStateRecord[] = [];
  const offers: Array<{ callId: string; agentId: string }> = [];
  const connected = new Set<string>();
  let nextCall = 0;

  const record = (actions: readonly AcdAction[]) => {
    const ringing = new Set<string>();
    for (const a of actions) {
      if (a.type === 'agent-state') {
        logs.push(a.record);
        if (a.record.to === 'ringing') ringing.add(`${a.record.agentId}|${a.record.callId}`);
      }
      if (a.type === 'offer')
        for (const agentId of a.agentIds) {
          assert(ringing.has(`${agentId}|${a.callId}`), `offer of ${a.callId} to ${agentId} without ready→ringing`);
          offers.push({ callId: a.callId, agentId });
        }
      if (a.type === 'call-outcome') {
        outcomes.set(a.callId, (outcomes.get(a.callId) ?? 0) + 1);
        if (a.outcome === 'answered') connected.add(a.callId);
      }
    }
  };
  const pick = <T>(xs: readonly T[]): T | undefined => (xs.length ? xs[pickIndex(rng, xs.length)] : undefined);
  const agent = () => pick(AGENTS) as string;
  const knownCall = () => pick([...callQueue.keys()]) ?? 'none';

  const event = (): Promise<readonly AcdAction[]> => {
    const r = rng();
    if (r < 0.18) {
      const callId = `c${nextCall++}`;
      const queueId = pick(QUEUES) as string;
      callQueue.set(callId, queueId);
      const caller = `1380000000${pickIndex(rng, 4)}`;
      return engineOf(queueId)
        .join({ callId, queueId, caller, priority: pickIndex(rng, 3) })
        .then((j) => j.actions);
    }
    if (r < 0.36) {
      const o = rng() < 0.85 ? pick(offers) : { callId: knownCall(), agentId: agent() };
      if (!o) return Promise.resolve([]);
      return engineOf(callQueue.get(o.callId) ?? 'q1')
        .answered(o.callId, o.agentId)
        .then((x) => x.actions);
    }
    if (r < 0.46) {
      const o = pick(offers) ?? { callId: knownCall(), agentId: agent() };
      const e = engineOf(callQueue.get(o.callId) ?? 'q1');
      return (rng() < 0.5 ? e.noAnswer(o.callId, o.agentId) : e.offerRejected(o.callId, o.agentId)).then(
        (x) => x.actions,
      );
    }
    if (r < 0.56) {
      const callId = pick([...connected]) ?? knownCall();
      return engineOf(callQueue.get(callId) ?? 'q1')
        .callEnded(callId, { talkSec: pickIndex(rng, 300) })
        .then((x) => x.actions);
    }
    if (r < 0.62) {
      const callId = knownCall();
      return engineOf(callQueue.get(callId) ?? 'q1')
        .abandon(callId)
        .then((x) => x.actions);
    }
    const e = anyEngine();
    const a = agent();
    const op = pickIndex(rng, 8);
    const queues = QUEUES.filter((q) => membership.get(q)?.includes(a) && rng() < 0.8);
    const run = [
      () => e.agentLogin(a, queues, rng() < 0.2 ? { busyReason: 'start' } : {}),
      () => e.setReady(a),
      () => e.setBusy(a, pick(['lunch', 'meeting']) as string),
      () => e.endWrapUp(a),
      () => e.logout(a),
      () => e.hold(a),
      () => e.resume(a),
      () => e.agentLogin(a, queues),
    ][op] as () => Promise<{ actions: AcdAction[] }>;
    return run().then((x) => x.actions);
  };

  const check = async () => {
    const agents = await store.allAgents();
    const calls = await store.allCalls();
    const holder = new Map<string, string>();
    for (const c of calls) {
      const held = c.status === 'offering' ? c.offeredTo : c.status === 'connected' ? [c.agentId as string] : [];
      if (c.status === 'offering') assert(c.offeredTo.length > 0, `${c.callId} offering to no one`);
      for (const id of held) {
        assert(holder.get(id) === undefined, `${id} reserved by ${holder.get(id)} and ${c.callId}`);
        holder.set(id, c.callId);
      }
    }
    for (const a of agents) {
      const held = holder.get(a.agentId);
      if (a.state === 'ringing' || a.state === 'talking' || a.state === 'hold')
        assert(held === a.callId, `${a.agentId} ${a.state} for ${a.callId}, the calls say ${held}`);
      else assert(held === undefined, `${a.agentId} ${a.state} but held by ${held}`);
      const c = held ? calls.find((x) => x.callId === held) : undefined;
      if (c?.status === 'offering') assert(a.state === 'ringing', `${a.agentId} offered ${c.callId} but ${a.state}`);
      if (c?.status === 'connected')
        assert(a.state === 'talking' || a.state === 'hold', `${a.agentId} connected to ${c.callId} but ${a.state}`);
    }
    for (const [callId, n] of outcomes) assert(n === 1, `${callId} has ${n} outcomes`);
  };

  const chain = () => {
    for (const l of [...logs].sort(
      (x, y) => (x.agentId < y.agentId ? -1 : x.agentId > y.agentId ? 1 : 0) || x.version - y.version,
    )) {
      const prev = lastTo.get(l.agentId);
      assert(
        l.from === (prev ? prev.to : 'logged-out'),
        `${l.agentId} v${l.version}: from ${l.from} after ${prev?.to}`,
      );
      if (l.to === 'ringing') assert(l.from === 'ready', `${l.agentId} v${l.version} rang from ${l.from}`);
      lastTo.set(l.agentId, l);
    }
    logs.length = 0;
  };

  for (let step = 0; step < steps; step++) {
    const n = 1 + pickIndex(rng, 4);
    const batch: Array<Promise<readonly AcdAction[]>> = [];
    for (let i = 0; i < n; i++) batch.push(event());
    for (const actions of await Promise.all(batch)) {
      if (process.env.ACD_TRACE) process.stderr.write(`${step} ${JSON.stringify(actions)}\n`);
      record(actions);
    }
    if (rng() < 0.3) {
      t += 1000 * (1 + pickIndex(rng, 20));
      const [x, y] = await Promise.all([e1.tick(), e2.tick()]);
      record(x);
      record(y);
      if (rng() < 0.3) {
        const r1 = await e1.reap();
        assert(r1.stuck.length === 0, `reaper found ${JSON.stringify(r1.stuck)}`);
      }
    }
    await check();
  }
  // The end: a restart on both nodes (agents signed out), then every call has exactly one outcome.
  record(await e1.restart({ agents: 'logged-out' }));
  record(await e2.restart({ agents: 'logged-out' }));
  await check();
  chain();
  for (const callId of callQueue.keys())
    assert(outcomes.get(callId) === 1, `${callId}: ${outcomes.get(callId)} outcomes`);
  for (const a of await store.allAgents()) assert(a.state === 'logged-out', `${a.agentId} ${a.state} after restart`);
  return { calls: callQueue.size, offers: offers.length, answered: connected.size };
}

describe('no double offer under interleaved events (two engines on one store, fixed seeds)', () => {
  it('holds the invariants over 2,000 random sequences', async () => {
    let calls = 0;
    let offers = 0;
    let answered = 0;
    for (let seed = Number(process.env.ACD_SEED ?? 1); seed <= 2000; seed++) {
      const r = await runSequence(seed, 40).catch((e: Error) => {
        throw new Error(`seed ${seed}: ${e.message}`);
      });
      calls += r.calls;
      offers += r.offers;
      answered += r.answered;
    }
    // The sequences did exercise the engine.
    expect(calls).toBeGreaterThan(10_000);
    expect(offers).toBeGreaterThan(5_000);
    expect(answered).toBeGreaterThan(1_000);
  }, 120_000);
});
