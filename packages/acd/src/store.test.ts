import { describe, expect, it } from 'vitest';
import { MemoryAcdStore } from './store.ts';
import type { AgentRecord } from './types.ts';

const agent = (version: number, state: AgentRecord['state'] = 'ready'): AgentRecord => ({
  agentId: 'a1',
  state,
  since: 0,
  queues: ['q'],
  idleSince: 0,
  unanswered: 0,
  stats: {},
  version,
});

describe('in-memory ACD store', () => {
  it('writes an agent only by compare-and-set on its version', async () => {
    const s = new MemoryAcdStore();
    expect(await s.casAgent(agent(2), 0)).toBe(false); // the version must be expected + 1
    expect(await s.casAgent(agent(1), 0)).toBe(true);
    expect(await s.casAgent(agent(2, 'ringing'), 1)).toBe(true);
    // A second writer that read version 1 loses.
    expect(await s.casAgent(agent(2, 'busy'), 1)).toBe(false);
    expect((await s.getAgent('a1'))?.state).toBe('ringing');
  });

  it('keeps records frozen: a mutation throws', async () => {
    const s = new MemoryAcdStore();
    await s.casAgent(agent(1), 0);
    const a = (await s.getAgent('a1')) as { state: string };
    expect(() => {
      a.state = 'busy';
    }).toThrow();
  });

  it('indexes calls by queue, moves and deletes them', async () => {
    const s = new MemoryAcdStore();
    const call = {
      callId: 'c',
      queueId: 'q1',
      priority: 0,
      joinedAt: 0,
      seq: 1,
      status: 'waiting',
      offeredTo: [],
      tried: [],
    } as const;
    await s.putCall(call);
    await s.putCall({ ...call, queueId: 'q2' });
    expect(await s.queueCalls('q1')).toEqual([]);
    expect((await s.queueCalls('q2')).map((c) => c.callId)).toEqual(['c']);
    await s.deleteCall('c');
    expect(await s.allCalls()).toEqual([]);
  });

  it('forgets a memo after its TTL on the injected clock', async () => {
    let now = 1000;
    const s = new MemoryAcdStore({ now: () => now });
    await s.setMemo('sticky:138', 'a1', 100);
    now = 1099;
    expect(await s.getMemo('sticky:138')).toBe('a1');
    now = 1100;
    expect(await s.getMemo('sticky:138')).toBeUndefined();
    expect(s.memoCount).toBe(0);
  });
});
