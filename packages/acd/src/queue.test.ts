import { describe, expect, it } from 'vitest';
import { byQueueOrder, compileQueue, nextWaitAvg, positionOf } from './queue.ts';
import { members, offersOf, setup } from './test-kit.ts';
import type { QueueCall } from './types.ts';

describe('queue configuration', () => {
  it('fills the defaults of the shared schema and orders members by order, then id', () => {
    const q = compileQueue({
      id: 'q',
      members: [{ agentId: 'b', order: 1 }, { agentId: 'a', order: 1 }, { agentId: 'c' }],
    });
    expect(q.memberIds).toEqual(['c', 'a', 'b']);
    expect(q.config).toMatchObject({
      strategy: 'longest-idle',
      ringTimeoutSec: 20,
      maxWaitSec: 0,
      maxLength: 0,
      joinEmpty: false,
      leaveWhenEmpty: true,
      autoBusyAfter: 3,
      wrapUpSec: 0,
      serviceLevelSec: 20,
      overflow: {},
      sticky: { enabled: false },
      announcements: { positionEverySec: 0, periodicEverySec: 0 },
    });
    expect(q.members.get('c')?.level).toBe(1);
  });

  it('refuses what the schema refuses (an unknown strategy, a ring time under 5 s, a bad destination)', () => {
    expect(() => compileQueue({ id: 'q', strategy: 'leastrecent' as 'random' })).toThrow();
    expect(() => compileQueue({ id: 'q', ringTimeoutSec: 2 })).toThrow();
    expect(() => compileQueue({ id: 'q', overflow: { timeout: { kind: 'voicemail' } as never } })).toThrow();
  });

  it('orders calls by priority, then arrival, then join sequence', () => {
    const call = (callId: string, priority: number, joinedAt: number, seq: number): QueueCall => ({
      callId,
      queueId: 'q',
      priority,
      joinedAt,
      seq,
      status: 'waiting',
      offeredTo: [],
      tried: [],
    });
    const calls = [call('a', 0, 10, 1), call('b', 0, 10, 2), call('c', 2, 30, 3), call('d', 0, 5, 4)];
    expect([...calls].sort(byQueueOrder).map((c) => c.callId)).toEqual(['c', 'd', 'a', 'b']);
    expect(positionOf(calls[1] as QueueCall, calls)).toBe(4);
    expect(nextWaitAvg(null, 8)).toBe(8);
    expect(nextWaitAvg(8, 16)).toBe(10);
  });

  it('a new configuration applies to the next decision; a member removed is no longer offered', async () => {
    const kit = setup([{ id: 'q', strategy: 'in-order-of-level', members: members('a1', 'a2') }]);
    await kit.engine.agentLogin('a1', ['q']);
    await kit.engine.agentLogin('a2', ['q']);
    kit.engine.setQueues([{ id: 'q', strategy: 'in-order-of-level', members: members('a2') }]);
    expect(offersOf((await kit.engine.join({ callId: 'c', queueId: 'q' })).actions)).toEqual([['a2']]);
    await expect(kit.engine.join({ callId: 'c', queueId: 'q' })).rejects.toThrow(/already queued/);
    await expect(kit.engine.join({ callId: 'x', queueId: 'nope' })).rejects.toThrow(/unknown queue/);
  });

  it('runs calls that were not awaited one at a time, in call order', async () => {
    const kit = setup([{ id: 'q', strategy: 'in-order-of-level', members: members('a1') }]);
    const [, j1, j2, a] = await Promise.all([
      kit.engine.agentLogin('a1', ['q']),
      kit.engine.join({ callId: 'c1', queueId: 'q' }),
      kit.engine.join({ callId: 'c2', queueId: 'q' }),
      kit.engine.answered('c1', 'a1'),
    ]);
    expect(j1.decision).toEqual({ kind: 'offer', agentIds: ['a1'] });
    expect(j2.decision).toEqual({ kind: 'wait', position: 2 });
    expect(a.ok).toBe(true);
  });
});

describe('read models', () => {
  it('lists agents and the queued calls in queue order', async () => {
    const kit = setup([{ id: 'q', members: members('a1'), joinEmpty: true, leaveWhenEmpty: false }]);
    await kit.engine.join({ callId: 'n', queueId: 'q' });
    await kit.engine.join({ callId: 'v', queueId: 'q', priority: 3 });
    expect((await kit.engine.calls('q')).map((c) => c.callId)).toEqual(['v', 'n']);
    await kit.engine.agentLogin('a1', ['q']);
    expect((await kit.engine.agents()).map((a) => [a.agentId, a.state, a.callId])).toEqual([['a1', 'ringing', 'v']]);
  });
});
