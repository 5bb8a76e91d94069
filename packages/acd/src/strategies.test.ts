import type { AcdQueueConfigInput, AcdStrategy } from '@hujiao/shared';
import { describe, expect, it } from 'vitest';
import { members, offersOf, setup } from './test-kit.ts';

/** Signs the agents in one second apart (a1 first: the longest idle), in the given queue. */
async function team(queue: AcdQueueConfigInput, ids: string[]) {
  const kit = setup([queue]);
  for (const id of ids) {
    await kit.engine.agentLogin(id, [queue.id]);
    kit.advance(1);
  }
  return kit;
}

/** N calls one after another, each answered by the agent offered and ended after `talk(i)` seconds. */
async function whoTakes(kit: Awaited<ReturnType<typeof team>>, n: number, talk = (_i: number) => 60) {
  const order: string[] = [];
  for (let i = 0; i < n; i++) {
    const j = await kit.engine.join({ callId: `c${i}`, queueId: 'q' });
    expect(j.decision.kind).toBe('offer');
    const agent = j.decision.kind === 'offer' ? (j.decision.agentIds[0] as string) : '';
    order.push(agent);
    kit.advance(2);
    expect((await kit.engine.answered(`c${i}`, agent)).ok).toBe(true);
    kit.advance(talk(i));
    await kit.engine.callEnded(`c${i}`, { talkSec: talk(i) });
    kit.advance(1);
  }
  return order;
}

const q = (strategy: AcdStrategy, extra: Partial<AcdQueueConfigInput> = {}): AcdQueueConfigInput => ({
  id: 'q',
  strategy,
  members: members('a1', 'a2', 'a3', 'a4'),
  ...extra,
});

describe('each strategy shows its order (one call at a time, all four agents ready)', () => {
  it('ring-all rings every ready agent; the first answer wins and the others stop ringing', async () => {
    const kit = await team(q('ring-all'), ['a1', 'a2', 'a3', 'a4']);
    const j = await kit.engine.join({ callId: 'c1', queueId: 'q' });
    expect(j.decision).toEqual({ kind: 'offer', agentIds: ['a1', 'a2', 'a3', 'a4'] });
    const r = await kit.engine.answered('c1', 'a3');
    expect(r.actions.find((a) => a.type === 'cancel-offer')).toMatchObject({
      agentIds: ['a1', 'a2', 'a4'],
      reason: 'answered-elsewhere',
    });
    expect((await kit.engine.answered('c1', 'a1')).ok).toBe(false);
    for (const id of ['a1', 'a2', 'a4']) expect((await kit.engine.getAgent(id))?.state).toBe('ready');
    expect((await kit.engine.getAgent('a3'))?.state).toBe('talking');
  });

  it('round-robin (hunting) goes on after the last agent offered, wrapping round', async () => {
    expect(await whoTakes(await team(q('round-robin'), ['a1', 'a2', 'a3', 'a4']), 6)).toEqual([
      'a1',
      'a2',
      'a3',
      'a4',
      'a1',
      'a2',
    ]);
  });

  it('round-robin hunts on after an offer nobody answered; round-robin-memory starts after the last who answered', async () => {
    for (const [strategy, next] of [
      ['round-robin', 'a2'],
      ['round-robin-memory', 'a1'],
    ] as const) {
      const kit = await team(q(strategy), ['a1', 'a2', 'a3', 'a4']);
      expect(offersOf((await kit.engine.join({ callId: 'x', queueId: 'q' })).actions)).toEqual([['a1']]);
      await kit.engine.abandon('x');
      expect(offersOf((await kit.engine.join({ callId: 'y', queueId: 'q' })).actions)).toEqual([[next]]);
    }
    expect(await whoTakes(await team(q('round-robin-memory'), ['a1', 'a2', 'a3', 'a4']), 5)).toEqual([
      'a1',
      'a2',
      'a3',
      'a4',
      'a1',
    ]);
  });

  it('round-robin-memory keeps its place in the store across a new engine on the same store', async () => {
    const kit = await team(q('round-robin-memory'), ['a1', 'a2', 'a3', 'a4']);
    expect(await whoTakes(kit, 2)).toEqual(['a1', 'a2']);
    const { AcdEngine } = await import('./engine.ts');
    const { mulberry32 } = await import('./random.ts');
    const again = new AcdEngine({
      store: kit.store,
      now: kit.now,
      rng: mulberry32(9),
      queues: [q('round-robin-memory')],
    });
    expect((await again.join({ callId: 'n', queueId: 'q' })).decision).toEqual({ kind: 'offer', agentIds: ['a3'] });
  });

  it('longest-idle offers the agent whose last call ended longest ago (sign-in time before the first call)', async () => {
    const kit = await team(q('longest-idle'), ['a3', 'a1', 'a4', 'a2']);
    expect(await whoTakes(kit, 6)).toEqual(['a3', 'a1', 'a4', 'a2', 'a3', 'a1']);
  });

  it('fewest-calls offers the agent with the fewest answered calls in this queue', async () => {
    const kit = await team(q('fewest-calls'), ['a1', 'a2', 'a3', 'a4']);
    // a1..a4 take one each (ties by idle time); a1 on a break while a2 and a3 take a second one.
    expect(await whoTakes(kit, 4)).toEqual(['a1', 'a2', 'a3', 'a4']);
    await kit.engine.setBusy('a1', 'lunch');
    expect(await whoTakes(kit, 2)).toEqual(['a2', 'a3']);
    await kit.engine.setReady('a1');
    // a1 and a4 have 1 call, a2 and a3 have 2: a1, a4, then all have 2 and a2 has been idle longest.
    expect(await whoTakes(kit, 3)).toEqual(['a1', 'a4', 'a2']);
  });

  it('least-talk-time offers the agent with the fewest talk seconds in this queue', async () => {
    const kit = await team(q('least-talk-time'), ['a1', 'a2', 'a3', 'a4']);
    const talks = [300, 100, 200, 50];
    expect(await whoTakes(kit, 4, (i) => talks[i] ?? 0)).toEqual(['a1', 'a2', 'a3', 'a4']);
    // Totals a1 300, a2 100, a3 200, a4 50: a4 (→ 80), a4 (→ 110), then a2 (100 → 130), a4 (110 → 140).
    expect(await whoTakes(kit, 4, () => 30)).toEqual(['a4', 'a4', 'a2', 'a4']);
  });

  it('in-order-of-level offers by level, then member order, whoever was idle longer', async () => {
    const kit = await team(
      {
        id: 'q',
        strategy: 'in-order-of-level',
        members: [
          { agentId: 'a1', level: 2, order: 0 },
          { agentId: 'a2', level: 1, order: 5 },
          { agentId: 'a3', level: 1, order: 1 },
          { agentId: 'a4', level: 3, order: 0 },
        ],
      },
      ['a1', 'a2', 'a3', 'a4'],
    );
    expect(await whoTakes(kit, 2)).toEqual(['a3', 'a3']);
    const offered: string[] = [];
    for (let i = 0; i < 4; i++) {
      const j = await kit.engine.join({ callId: `busy${i}`, queueId: 'q' });
      offered.push(...(j.decision.kind === 'offer' ? j.decision.agentIds : ['wait']));
    }
    expect(offered).toEqual(['a3', 'a2', 'a1', 'a4']);
  });
});

describe('levels: a higher level is reached only when no agent of a smaller level is ready', () => {
  const leveled = (strategy: AcdStrategy): AcdQueueConfigInput => ({
    id: 'q',
    strategy,
    members: [
      { agentId: 'l1a', level: 1, order: 0 },
      { agentId: 'l1b', level: 1, order: 1 },
      { agentId: 'l2', level: 2, order: 0 },
    ],
  });

  for (const strategy of ['ring-all', 'round-robin', 'longest-idle', 'fewest-calls', 'random'] as const) {
    it(strategy, async () => {
      // l2 signs in first: the longest idle, fewest calls, first in round robin order by level — still level 1 first.
      const kit = await team(leveled(strategy), ['l2', 'l1a', 'l1b']);
      const first = await kit.engine.join({ callId: 'c1', queueId: 'q' });
      const got = first.decision.kind === 'offer' ? first.decision.agentIds : [];
      if (strategy === 'ring-all') expect(got).toEqual(['l1a', 'l1b']);
      else expect(got.every((a) => a.startsWith('l1'))).toBe(true);
      await kit.engine.setBusy(got.includes('l1a') ? 'l1b' : 'l1a', 'meeting');
      const second = await kit.engine.join({ callId: 'c2', queueId: 'q' });
      expect(second.decision).toEqual({ kind: 'offer', agentIds: ['l2'] });
    });
  }
});
