import { describe, expect, it } from 'vitest';
import { members, offersOf, ofType, setup } from './test-kit.ts';

const queue = { id: 'q', strategy: 'in-order-of-level' as const, members: members('a1', 'a2') };

describe('the agent’s own call (外呼)', () => {
  it('a ready agent on their own call is talking and offered nothing; ready again when it ends, and offered then', async () => {
    const kit = setup([queue]);
    await kit.engine.agentLogin('a1', ['q']);
    const started = await kit.engine.ownCallStarted('a1', 'ref-1');
    expect(started.ok).toBe(true);
    expect(ofType(started.actions, 'agent-state')[0]?.record).toMatchObject({ from: 'ready', to: 'talking' });
    expect((await kit.engine.ownCallIs('a1', 'ref-1', 'call-1')).ok).toBe(true);
    expect(await kit.engine.getAgent('a1')).toMatchObject({ state: 'talking', callId: 'call-1' });
    // A queue call arriving meanwhile waits (a1 is the only one signed in).
    const joined = await kit.engine.join({ callId: 'c1', queueId: 'q', caller: '13800000001' });
    expect(joined.decision.kind).toBe('wait');
    // The old reference no longer ends it; the call's id does, and the waiting call is offered at once.
    expect((await kit.engine.ownCallEnded('a1', 'ref-1')).ok).toBe(false);
    const ended = await kit.engine.ownCallEnded('a1', 'call-1');
    expect(ended.ok).toBe(true);
    expect(ofType(ended.actions, 'agent-state')[0]?.record).toMatchObject({
      from: 'talking',
      to: 'ready',
      callId: 'call-1',
    });
    expect(offersOf(ended.actions)).toEqual([['a1']]);
  });

  it('the queue call goes to another ready agent while the first is on their own call', async () => {
    const kit = setup([queue]);
    await kit.engine.agentLogin('a1', ['q']);
    await kit.engine.agentLogin('a2', ['q']);
    await kit.engine.ownCallStarted('a1', 'x');
    const joined = await kit.engine.join({ callId: 'c1', queueId: 'q', caller: '13800000001' });
    expect(joined.decision).toEqual({ kind: 'offer', agentIds: ['a2'] });
  });

  it('a busy agent goes back to busy with their reason; no wrap-up; sign-out is refused while it is up', async () => {
    const kit = setup([{ ...queue, wrapUpSec: 30 }]);
    await kit.engine.agentLogin('a1', ['q'], { busyReason: 'meeting' });
    expect((await kit.engine.ownCallStarted('a1', 'x')).ok).toBe(true);
    expect((await kit.engine.logout('a1')).ok).toBe(false);
    expect((await kit.engine.setReady('a1')).ok).toBe(false);
    await kit.engine.ownCallEnded('a1', 'x');
    expect(await kit.engine.getAgent('a1')).toMatchObject({ state: 'busy', reason: 'meeting' });
    expect((await kit.engine.getAgent('a1'))?.ownCall).toBeUndefined();
  });

  it('a click-to-call from wrap-up ends the wrap-up: ready after it', async () => {
    const kit = setup([{ ...queue, wrapUpSec: 60 }]);
    await kit.engine.agentLogin('a1', ['q']);
    await kit.engine.join({ callId: 'c1', queueId: 'q', caller: '1' });
    await kit.engine.answered('c1', 'a1');
    await kit.engine.callEnded('c1');
    expect(await kit.engine.getAgent('a1')).toMatchObject({ state: 'wrap-up' });
    expect((await kit.engine.ownCallStarted('a1', 'x')).ok).toBe(true);
    kit.advance(120);
    await kit.engine.tick();
    expect(await kit.engine.getAgent('a1')).toMatchObject({ state: 'talking', callId: 'x' });
    await kit.engine.ownCallEnded('a1', 'x');
    expect(await kit.engine.getAgent('a1')).toMatchObject({ state: 'ready' });
  });

  it('refused when signed out, ringing for a queue call or on one', async () => {
    const kit = setup([queue]);
    expect((await kit.engine.ownCallStarted('a1', 'x')).ok).toBe(false);
    await kit.engine.agentLogin('a1', ['q']);
    await kit.engine.join({ callId: 'c1', queueId: 'q', caller: '1' });
    expect((await kit.engine.ownCallStarted('a1', 'x')).ok).toBe(false);
    await kit.engine.answered('c1', 'a1');
    expect((await kit.engine.ownCallStarted('a1', 'x')).ok).toBe(false);
    // A queue call's end is not an own call's end.
    expect((await kit.engine.ownCallEnded('a1', 'c1')).ok).toBe(false);
  });

  it('the reaper frees an agent whose own call the switch no longer has, back to their state', async () => {
    const kit = setup([queue]);
    await kit.engine.agentLogin('a1', ['q']);
    await kit.engine.ownCallStarted('a1', 'x');
    expect((await kit.engine.reap({ callExists: () => true })).stuck).toEqual([]);
    const r = await kit.engine.reap({ callExists: () => false });
    expect(r.stuck).toMatchObject([{ kind: 'in-call', agentId: 'a1', callId: 'x' }]);
    expect(await kit.engine.getAgent('a1')).toMatchObject({ state: 'ready' });
  });
  it("taking over a queue's customer from a colleague: a ready agent wraps up for the queue's time, a busy one does not", async () => {
    const kit = setup([{ ...queue, wrapUpSec: 20 }]);
    await kit.engine.agentLogin('a1', ['q']);
    await kit.engine.agentLogin('a2', ['q'], { busyReason: 'meeting' });
    for (const a of ['a1', 'a2']) {
      await kit.engine.ownCallStarted(a, `x-${a}`);
      await kit.engine.ownCallEnded(a, `x-${a}`, 'q');
    }
    expect(await kit.engine.getAgent('a1')).toMatchObject({ state: 'wrap-up', queueId: 'q' });
    expect(await kit.engine.getAgent('a2')).toMatchObject({ state: 'busy', reason: 'meeting' });
    kit.advance(21);
    await kit.engine.tick();
    expect(await kit.engine.getAgent('a1')).toMatchObject({ state: 'ready' });
  });
});
