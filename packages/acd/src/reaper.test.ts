import { describe, expect, it } from 'vitest';
import { members, ofType, setup } from './test-kit.ts';

async function busyCenter(wrapUpSec = 30) {
  const kit = setup([
    { id: 'q', strategy: 'in-order-of-level', members: members('a1', 'a2', 'a3', 'a4'), wrapUpSec, joinEmpty: true },
  ]);
  for (const a of ['a1', 'a2', 'a3', 'a4']) await kit.engine.agentLogin(a, ['q']);
  await kit.engine.setBusy('a4', 'lunch');
  await kit.engine.join({ callId: 'ring', queueId: 'q' }); // a1 rings
  await kit.engine.join({ callId: 'talk', queueId: 'q' }); // a2 rings, answers
  await kit.engine.answered('talk', 'a2');
  await kit.engine.join({ callId: 'wrap', queueId: 'q' }); // a3 rings, answers, ends: wrap-up
  await kit.engine.answered('wrap', 'a3');
  await kit.engine.callEnded('wrap');
  await kit.engine.join({ callId: 'wait', queueId: 'q' }); // nobody ready: waits
  return kit;
}

describe('reaper', () => {
  it('finds nothing while every state is within its time and every call exists', async () => {
    const kit = await busyCenter();
    kit.advance(10);
    expect(await kit.engine.reap()).toEqual({ stuck: [], actions: [] });
  });

  it('ringing past the ring time plus grace, wrap-up past its time plus grace: fixed', async () => {
    const kit = await busyCenter();
    kit.advance(40); // ring 20 s + 5 s grace; wrap-up 30 s + 5 s grace (no tick ran)
    const r = await kit.engine.reap();
    expect(r.stuck.map((s) => [s.kind, s.agentId])).toEqual([
      ['ringing', 'a1'],
      ['wrap-up', 'a3'],
    ]);
    // Both freed; the waiting calls are offered to them again.
    expect(ofType(r.actions, 'offer').map((o) => [o.callId, o.agentIds])).toEqual([
      ['ring', ['a1']],
      ['wait', ['a3']],
    ]);
  });

  it('calls the switch no longer has: queued ones end by the system, the agents holding them are freed', async () => {
    const kit = await busyCenter();
    const gone = new Set(['ring', 'talk', 'wait']);
    const r = await kit.engine.reap({ callExists: (id) => !gone.has(id) });
    expect(r.stuck.map((s) => [s.kind, s.callId])).toEqual([
      ['call', 'ring'],
      ['call', 'wait'],
      ['in-call', 'talk'],
    ]);
    expect(ofType(r.actions, 'call-outcome').map((o) => [o.callId, o.outcome])).toEqual([
      ['ring', 'abandoned-by-system'],
      ['wait', 'abandoned-by-system'],
    ]);
    expect((await kit.engine.getAgent('a1'))?.state).toBe('ready');
    expect((await kit.engine.getAgent('a2'))?.state).toBe('wrap-up'); // the call ended: wrap-up as usual
    expect((await kit.engine.queueStatus('q')).stats.abandonedBySystem).toBe(2);
  });
});

describe('restart', () => {
  it('a new engine on the same store: no agent left ringing, talking or in wrap-up; queued calls end by the system', async () => {
    const kit = await busyCenter();
    const { AcdEngine } = await import('./engine.ts');
    const { mulberry32 } = await import('./random.ts');
    const engine = new AcdEngine({
      store: kit.store,
      now: kit.now,
      rng: mulberry32(2),
      queues: [{ id: 'q', members: members('a1', 'a2', 'a3', 'a4') }],
    });
    const actions = await engine.restart();
    expect(ofType(actions, 'call-outcome').map((o) => [o.callId, o.outcome])).toEqual([
      ['ring', 'abandoned-by-system'],
      ['wait', 'abandoned-by-system'],
    ]);
    expect(ofType(actions, 'agent-state').map((a) => [a.record.agentId, a.record.from, a.record.to])).toEqual([
      ['a1', 'ringing', 'ready'],
      ['a2', 'talking', 'ready'],
      ['a3', 'wrap-up', 'ready'],
    ]);
    const states = await Promise.all(['a1', 'a2', 'a3', 'a4'].map(async (a) => (await engine.getAgent(a))?.state));
    expect(states).toEqual(['ready', 'ready', 'ready', 'busy']);
    expect(await kit.store.allCalls()).toEqual([]);
    expect((await engine.queueStatus('q')).stats.abandonedBySystem).toBe(2);
  });

  it("with agents: 'logged-out' every signed-in agent is signed out", async () => {
    const kit = await busyCenter();
    await kit.engine.restart({ agents: 'logged-out' });
    for (const a of await kit.store.allAgents()) expect(a.state).toBe('logged-out');
  });
});
