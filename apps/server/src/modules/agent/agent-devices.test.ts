import { describe, expect, it } from 'vitest';
import { AgentDevices, type OutsideDevice } from './agent-devices.ts';

/** A route stand-in that counts the places it hands out and the talk seconds it was given back. */
function routes(ok = true) {
  const log: string[] = [];
  let held = 0;
  const outside = async (_t: string, agentId: string, number: string, check: boolean): Promise<OutsideDevice> => {
    if (!ok) return { ok: false, reason: 'noRoute' };
    held++;
    log.push(`${check ? 'check' : 'ring'} ${agentId} ${number}`);
    return {
      ok: true,
      target: { trunk: { trunkIds: ['t1'], number } },
      done: (talkSec) => {
        held--;
        log.push(`done ${agentId} ${talkSec}`);
      },
    };
  };
  return { log, outside, held: () => held };
}

const mobile = { kind: 'mobile', number: '13800138000' } as const;

describe('AgentDevices (回呼模式)', () => {
  it('an extension agent is rung at their extension; without one the offer is refused', async () => {
    const d = new AgentDevices({ extension: async (_t, a) => (a === 'a1' ? '1001' : null) });
    expect(await d.target('t', 'c1', 'a1', undefined)).toEqual({ extension: '1001' });
    expect(await d.target('t', 'c1', 'a2', { kind: 'extension' })).toBeNull();
    expect(await d.usable('t', 'a1', undefined)).toBe(true);
    // No route port: a mobile cannot be used.
    expect(await d.usable('t', 'a1', mobile)).toBe(false);
  });

  it('a mobile is a trunk target; its place is held while it rings and given back once, with the talk time', async () => {
    const r = routes();
    const d = new AgentDevices({ extension: async () => '1001', outside: r.outside });
    expect(await d.usable('t', 'a1', mobile)).toBe(true);
    expect(r.held()).toBe(0); // the sign-in check gives its place back at once
    expect(await d.target('t', 'c1', 'a1', mobile)).toEqual({ trunk: { trunkIds: ['t1'], number: '13800138000' } });
    expect(d.holding).toBe(1);
    d.ended('c1', 'a1'); // not answered
    d.ended('c1', 'a1'); // a second report changes nothing
    expect(r.held()).toBe(0);
    await d.target('t', 'c2', 'a1', mobile);
    d.ended('c2', 'a1', 42); // the conversation ended
    d.callOver('c2');
    expect(r.held()).toBe(0);
    expect(r.log).toEqual([
      'check a1 13800138000',
      'done a1 0',
      'ring a1 13800138000',
      'done a1 0',
      'ring a1 13800138000',
      'done a1 42',
    ]);
  });

  it('a call that leaves the queue gives back every ring it still holds; a refused number is no target', async () => {
    const r = routes();
    const d = new AgentDevices({ extension: async () => null, outside: r.outside });
    await d.target('t', 'c1', 'a1', mobile);
    await d.target('t', 'c1', 'a2', { kind: 'mobile', number: '13900139000' });
    expect(d.holding).toBe(2);
    d.callOver('c1');
    expect(d.holding).toBe(0);
    expect(r.held()).toBe(0);
    const refused = new AgentDevices({ extension: async () => null, outside: routes(false).outside });
    expect(await refused.usable('t', 'a1', mobile)).toBe(false);
    expect(await refused.target('t', 'c1', 'a1', mobile)).toBeNull();
  });
});
