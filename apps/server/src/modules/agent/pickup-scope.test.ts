import { describe, expect, it } from 'vitest';
import { type PickupScopeDeps, pickupScope } from './pickup-scope.ts';

const deps = (teams: Record<string, string | null>, queues: string[][]): PickupScopeDeps => ({
  teamOf: async (_t, u) => teams[u] ?? null,
  teamMembers: async (_t, id) => Object.keys(teams).filter((u) => teams[u] === id),
  queueMembers: async () => queues,
  extensions: async () => [
    { number: '1001', userId: 'a', enabled: true },
    { number: '1002', userId: 'b', enabled: true },
    { number: '1003', userId: 'c', enabled: true },
    { number: '1004', userId: 'd', enabled: false },
    { number: '1005', userId: null, enabled: true },
  ],
});

describe('pickupScope: whose ringing calls an agent picks up without naming one', () => {
  it("the agent's team and the members of their queues, never their own extension", async () => {
    const d = deps({ a: 'team1', b: 'team1', c: null, d: 'team1' }, [
      ['a', 'c'],
      ['b', 'x'],
    ]);
    expect(await pickupScope(d, 't1', 'a')).toEqual(['1002', '1003']);
  });

  it('an agent in no team and no queue: any extension of the enterprise (null)', async () => {
    expect(await pickupScope(deps({ a: null }, [['b', 'c']]), 't1', 'a')).toBeNull();
  });
});
