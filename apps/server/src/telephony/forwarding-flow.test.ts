import { type FlowInput, parseFlow } from '@hujiao/shared';
import { describe, expect, it } from 'vitest';
import { type ForwardingContext, type ForwardingRule, forwardingFlow } from './forwarding-flow.ts';

const T = '00000000-0000-4000-8000-000000000001';
const rule = (r: Partial<ForwardingRule>): ForwardingRule => ({
  unconditional: null,
  busy: null,
  noAnswer: null,
  noAnswerSec: 20,
  ...r,
});

function ctx(rules: Record<string, ForwardingRule>, refuse: string[] = []) {
  const outside: Array<{ from: string; number: string }> = [];
  const c: ForwardingContext = {
    tenantId: T,
    forwarding: async (tenantId, number) => (tenantId === T ? (rules[number] ?? null) : null),
    isExtension: async (_t, number) => /^1\d{3}$/.test(number),
    outsideDial: async (_t, from, number) => {
      outside.push({ from, number });
      if (refuse.includes(number)) return { ok: false, reason: 'classDenied' };
      return {
        ok: true,
        step: { verb: 'dial', targets: [{ trunk: { trunkIds: ['trunk-a'], number: number.slice(1) } }] },
      };
    },
    ringTimeoutSec: 30,
  };
  return { c, outside };
}

/** The flow passes the switch's schema (what the router hands over). */
const valid = (f: FlowInput | null): FlowInput => {
  expect(f).not.toBeNull();
  const parsed = parseFlow(f as FlowInput);
  expect(parsed.ok, parsed.ok ? '' : parsed.error).toBe(true);
  return f as FlowInput;
};

describe('forwardingFlow', () => {
  it('answers null for an extension without forwarding (the switch dials it)', async () => {
    expect(await forwardingFlow('1002', ctx({}).c)).toBeNull();
    expect(await forwardingFlow('1002', ctx({ '1002': rule({}) }).c)).toBeNull();
  });

  it('unconditional to an extension dials that extension at once', async () => {
    const f = valid(await forwardingFlow('1002', ctx({ '1002': rule({ unconditional: '1003' }) }).c));
    expect(f.steps).toEqual([{ verb: 'dial', targets: [{ extension: '1003' }], ringTimeoutSec: 30 }]);
    expect(f.vars).toEqual({ forwardedFrom: '1002' });
  });

  it('unconditional to an outside number dials it through the routes as the forwarding extension', async () => {
    const { c, outside } = ctx({ '1002': rule({ unconditional: '913800138000' }) });
    const f = valid(await forwardingFlow('1002', c));
    expect(outside).toEqual([{ from: '1002', number: '913800138000' }]);
    expect(f.steps).toEqual([{ verb: 'dial', targets: [{ trunk: { trunkIds: ['trunk-a'], number: '13800138000' } }] }]);
  });

  it('busy rings the extension, then on busy dials the target', async () => {
    const f = valid(await forwardingFlow('1002', ctx({ '1002': rule({ busy: '1003' }) }).c));
    expect(f.steps).toEqual([
      { verb: 'dial', targets: [{ extension: '1002' }], ringTimeoutSec: 30, into: 'fwd1' },
      {
        verb: 'branch',
        value: '${fwd1}',
        cases: { busy: { steps: [{ verb: 'dial', targets: [{ extension: '1003' }], ringTimeoutSec: 30 }] } },
      },
    ]);
  });

  it('no answer rings for its seconds; no answer and failed (offline, 480) go to the target', async () => {
    const f = valid(
      await forwardingFlow('1002', ctx({ '1002': rule({ noAnswer: '913800138000', noAnswerSec: 5 }) }).c),
    );
    const [dial, branch] = f.steps;
    expect(dial).toEqual({ verb: 'dial', targets: [{ extension: '1002' }], ringTimeoutSec: 5, into: 'fwd1' });
    const trunkDial = {
      steps: [{ verb: 'dial', targets: [{ trunk: { trunkIds: ['trunk-a'], number: '13800138000' } }] }],
    };
    expect(branch).toEqual({ verb: 'branch', value: '${fwd1}', cases: { noAnswer: trunkDial, failed: trunkDial } });
  });

  it('no answer to voicemail (转语音信箱) takes the message into the forwarding extension’s own box', async () => {
    const { c, outside } = ctx({ '1003': rule({ unconditional: null, noAnswer: 'voicemail', noAnswerSec: 10 }) });
    // 1002 forwards to 1003 unconditionally; 1003 does not answer: the message goes to 1003's box.
    const rules = { '1002': rule({ unconditional: '1003' }), '1003': rule({ noAnswer: 'voicemail', noAnswerSec: 10 }) };
    const f = valid(await forwardingFlow('1002', { ...c, forwarding: async (_t, n) => rules[n as '1002'] ?? null }));
    const box = { steps: [{ verb: 'voicemail', box: '1003' }, { verb: 'hangup' }] };
    expect(f.steps).toEqual([
      { verb: 'dial', targets: [{ extension: '1003' }], ringTimeoutSec: 10, into: 'fwd2' },
      { verb: 'branch', value: '${fwd2}', cases: { noAnswer: box, failed: box } },
    ]);
    expect(outside).toEqual([]);
  });

  it('busy and no answer to different targets, each followed through its own forwarding', async () => {
    const { c } = ctx({
      '1002': rule({ busy: '1003', noAnswer: '1004', noAnswerSec: 10 }),
      '1004': rule({ unconditional: '1005' }),
    });
    const f = valid(await forwardingFlow('1002', c));
    const branch = f.steps[1] as { cases: Record<string, { steps: unknown[] }> };
    expect(branch.cases.busy?.steps).toEqual([{ verb: 'dial', targets: [{ extension: '1003' }], ringTimeoutSec: 30 }]);
    expect(branch.cases.noAnswer?.steps).toEqual([
      { verb: 'dial', targets: [{ extension: '1005' }], ringTimeoutSec: 30 },
    ]);
  });

  it('a loop A→B→A stops at the first repeat: B rings without its forwarding', async () => {
    const f = valid(
      await forwardingFlow(
        '1002',
        ctx({ '1002': rule({ unconditional: '1003' }), '1003': rule({ unconditional: '1002' }) }).c,
      ),
    );
    expect(f.steps).toEqual([{ verb: 'dial', targets: [{ extension: '1003' }], ringTimeoutSec: 30 }]);
  });

  it('a conditional loop (A busy→B, B no answer→A) leaves B without the branch back', async () => {
    const f = valid(
      await forwardingFlow('1002', ctx({ '1002': rule({ busy: '1003' }), '1003': rule({ noAnswer: '1002' }) }).c),
    );
    const branch = f.steps[1] as { cases: Record<string, { steps: unknown[] }> };
    expect(branch.cases.busy?.steps).toEqual([
      { verb: 'dial', targets: [{ extension: '1003' }], ringTimeoutSec: 20, into: 'fwd2' },
    ]);
  });

  it('stops after 3 hops: the fourth extension rings without its forwarding', async () => {
    const { c, outside } = ctx({
      '1001': rule({ unconditional: '1002' }),
      '1002': rule({ unconditional: '1003' }),
      '1003': rule({ unconditional: '1004' }),
      '1004': rule({ unconditional: '913800138000' }),
    });
    const f = valid(await forwardingFlow('1001', c));
    expect(f.steps).toEqual([{ verb: 'dial', targets: [{ extension: '1004' }], ringTimeoutSec: 30 }]);
    expect(outside).toEqual([]);
  });

  it('an outside target the routes refuse plays unavailable and hangs up', async () => {
    const { c, outside } = ctx({ '1009': rule({ busy: '913800138000' }) }, ['913800138000']);
    const f = valid(await forwardingFlow('1009', c));
    expect(outside).toEqual([{ from: '1009', number: '913800138000' }]);
    expect((f.steps[1] as { cases: Record<string, unknown> }).cases.busy).toEqual({
      steps: [{ verb: 'play', prompt: 'unavailable' }, { verb: 'hangup' }],
    });
  });
});
