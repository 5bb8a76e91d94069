import { describe, expect, it } from 'vitest';
import { members, setup } from './test-kit.ts';

describe('the random strategy, checked statistically (fixed seed)', () => {
  it('spreads 10,000 simulated calls uniformly over 10 ready agents (chi-square, 9 df)', async () => {
    const ids = Array.from({ length: 10 }, (_, i) => `a${i}`);
    const kit = setup([{ id: 'q', strategy: 'random', members: members(...ids) }], 20261202);
    for (const id of ids) await kit.engine.agentLogin(id, ['q']);
    const counts = new Map(ids.map((id) => [id, 0]));
    const N = 10_000;
    for (let i = 0; i < N; i++) {
      const j = await kit.engine.join({ callId: `c${i}`, queueId: 'q' });
      const agent = j.decision.kind === 'offer' ? (j.decision.agentIds[0] as string) : '';
      counts.set(agent, (counts.get(agent) ?? 0) + 1);
      await kit.engine.answered(`c${i}`, agent);
      kit.advance(30);
      await kit.engine.callEnded(`c${i}`);
    }
    const expected = N / ids.length;
    const chi2 = [...counts.values()].reduce((s, n) => s + (n - expected) ** 2 / expected, 0);
    // 9 degrees of freedom: P(χ² > 21.67) = 0.01. Every agent was picked.
    expect(counts.size).toBe(10);
    expect(Math.min(...counts.values())).toBeGreaterThan(0);
    expect(chi2).toBeLessThan(21.67);
  });

  it('is not uniform across levels: level 2 only when level 1 has no ready agent', async () => {
    const kit = setup(
      [
        {
          id: 'q',
          strategy: 'random',
          members: [
            { agentId: 'x', level: 1, order: 0 },
            { agentId: 'y', level: 1, order: 1 },
            { agentId: 'z', level: 2, order: 2 },
          ],
        },
      ],
      7,
    );
    for (const id of ['x', 'y', 'z']) await kit.engine.agentLogin(id, ['q']);
    for (let i = 0; i < 500; i++) {
      const j = await kit.engine.join({ callId: `c${i}`, queueId: 'q' });
      expect(j.decision.kind === 'offer' && j.decision.agentIds[0]).not.toBe('z');
      await kit.engine.abandon(`c${i}`);
    }
  });
});
