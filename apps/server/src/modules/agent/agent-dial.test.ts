import type { CommandResult, SwitchCommand } from '@hujiao/shared';
import type { Call } from '@hujiao/switch';
import { describe, expect, it } from 'vitest';
import { DomainError } from '../../http/domain-error.ts';
import { AgentDial, type AgentDialDeps } from './agent-dial.ts';

const flow = { name: 'outbound', steps: [] };

/** A fake switch: `execute` answers `result` (or throws), `calls` lists `live`. */
function setup(o: { state?: string; extension?: string | null; result?: CommandResult | Error; live?: Call[] } = {}) {
  const ends: number[] = [];
  const sent: SwitchCommand[] = [];
  /** What the ACD was told of the agent's own call, in order. */
  const acd: string[] = [];
  const deps: AgentDialDeps = {
    engine: {
      running: true,
      calls: () => o.live ?? [],
      execute: async (c) => {
        sent.push(c);
        if (o.result instanceof Error) throw o.result;
        return o.result ?? { ok: true, callId: 'c1', outcome: 'answered' };
      },
    },
    agentExtension: async () => (o.extension === undefined ? '1001' : o.extension),
    agentState: async () => o.state ?? 'ready',
    route: async (_t, _e, number) =>
      number === '913900000000'
        ? { ok: false, reason: 'blacklisted' }
        : { ok: true, external: true, flow: flow as never, onEnd: (end) => ends.push(end.talkSec) },
    pickupScope: async () => null,
    ownCall: async () => {
      acd.push(`start:${sent.length}`);
      return { callIs: (id) => acd.push(`call:${id}`), ended: () => acd.push('ended') };
    },
  };
  return { dial: new AgentDial(deps), ends, sent, acd };
}

const code = async (p: Promise<unknown>) => {
  try {
    await p;
    return 'ok';
  } catch (err) {
    return err instanceof DomainError ? err.code : String(err);
  }
};

describe('AgentDial: who may click-to-call, and the fraud-guard place given back exactly once', () => {
  it('refuses a signed-out agent, one without extension, one on a call, a number the routes refuse', async () => {
    expect(await code(setup({ state: 'logged-out' }).dial.dial('t', 'u', '913800138000'))).toBe('CTI_NOT_SIGNED_IN');
    expect(await code(setup({ extension: null }).dial.dial('t', 'u', '913800138000'))).toBe('CTI_NO_EXTENSION');
    const busy = { tenantId: 't', isEnded: false, liveLegs: () => [{ extension: '1001' }] } as unknown as Call;
    expect(await code(setup({ live: [busy] }).dial.dial('t', 'u', '913800138000'))).toBe('CTI_ON_CALL');
    const s = setup();
    expect(await code(s.dial.dial('t', 'u', '913900000000'))).toBe('CTI_DIAL_BLACKLISTED');
    expect(s.sent).toEqual([]);
    // On a queue call the ACD knows of (a mobile's, which no extension leg shows): refused too, nothing told.
    const talking = setup({ state: 'talking' });
    expect(await code(talking.dial.dial('t', 'u', '913800138000'))).toBe('CTI_ON_CALL');
    expect(talking.acd).toEqual([]);
    expect(s.acd).toEqual([]);
  });

  it("originates to the agent's extension on behalf of it; the place is held until the call ends", async () => {
    const call = { id: 'c1', isEnded: false, answeredAt: null, endedAt: null, options: {} } as unknown as Call;
    const s = setup({ live: [call] });
    expect(await code(s.dial.dial('t', 'u', '913800138000'))).toBe('ok');
    expect(s.sent[0]).toMatchObject({
      command: 'originate',
      to: { extension: '1001' },
      callerId: '913800138000',
      onBehalf: { caller: '1001', callee: '913800138000', direction: 'outbound' },
    });
    expect(s.ends).toEqual([]);
    // The ACD was told before the agent's phone rang, then of the call's id; the end once, with the place.
    expect(s.acd).toEqual(['start:0', 'call:c1']);
    call.options.onEnd?.(call);
    call.options.onEnd?.(call);
    expect(s.ends).toEqual([0]);
    expect(s.acd).toEqual(['start:0', 'call:c1', 'ended']);
  });

  it('gives the place back at once when the agent does not answer or the switch fails', async () => {
    const unanswered = setup({ result: { ok: true, callId: 'c1', outcome: 'noAnswer' } });
    expect(await code(unanswered.dial.dial('t', 'u', '913800138000'))).toBe('CTI_AGENT_UNANSWERED');
    expect(unanswered.ends).toEqual([0]);
    expect(unanswered.acd).toEqual(['start:0', 'ended']);
    const failed = setup({ result: new Error('switch down') });
    expect(await code(failed.dial.dial('t', 'u', '913800138000'))).toBe('Error: switch down');
    expect(failed.ends).toEqual([0]);
    expect(failed.acd).toEqual(['start:0', 'ended']);
    const refused = setup({ result: { ok: false, error: 'tenantNotFound', message: 'x' } });
    expect(await code(refused.dial.dial('t', 'u', '913800138000'))).toBe('CTI_INVALID_STATE');
    expect(refused.ends).toEqual([0]);
  });
});
