import type { Step } from '@hujiao/shared';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeFlowContext } from './fake-flow-context.ts';
import type { DialTarget } from './flow-context.ts';
import type { QueueFlowPort, QueueInstruction, QueueReport, QueueWait } from './queue-port.ts';
import { runFlow } from './run-flow.ts';
import { expectClean, flowOf, ms } from './test-helpers.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** An ACD that gives the instructions a test pushes, and keeps what the verb reports. */
class ScriptedAcd implements QueueFlowPort {
  readonly reports: QueueReport[] = [];
  readonly joined: string[] = [];
  private readonly queue: QueueInstruction[] = [];
  private waiter: ((i: QueueInstruction | null) => void) | null = null;
  constructor(readonly musicOnHold?: Array<{ file: string }>) {}

  push(i: QueueInstruction): void {
    const w = this.waiter;
    this.waiter = null;
    if (w) w(i);
    else this.queue.push(i);
  }

  async join(o: { queueId: string; caller: string }): Promise<QueueWait | null> {
    if (o.queueId !== 'q1') return null;
    this.joined.push(`${o.queueId} ${o.caller}`);
    return {
      ...(this.musicOnHold ? { musicOnHold: this.musicOnHold } : {}),
      next: (signal) => {
        const i = this.queue.shift();
        if (i) return Promise.resolve(i);
        return new Promise((resolve) => {
          this.waiter = resolve;
          signal.addEventListener('abort', () => resolve(null), { once: true });
        });
      },
      report: (r) => this.reports.push(r),
    };
  }
}

const ext = (n: string): DialTarget => ({ extension: n });
const offer = (targets: string[], ringTimeoutSec = 15): QueueInstruction => ({
  kind: 'offer',
  offerId: `o-${targets.join('-')}`,
  targets: targets.map((n) => ({ agentId: `agent-${n}`, target: ext(n) })),
  ringTimeoutSec,
  announce: [{ file: '/p/agent-801.wav' }],
});

function run(steps: unknown[], acd: ScriptedAcd, dial: FakeFlowContext['script']['dial']) {
  const ctx = new FakeFlowContext({ dial, playMs: (s) => ('file' in s && s.file.includes('moh') ? 4000 : 1000) });
  ctx.queues = acd;
  const done = runFlow(flowOf({ steps }), ctx);
  return { ctx, done };
}

describe('enqueue', () => {
  it('plays the music, announces over it, rings an offer quietly and bridges the first agent who answers', async () => {
    const acd = new ScriptedAcd([{ file: '/moh/1.wav' }, { file: '/moh/2.wav' }]);
    // 1002 answers after 3 s, 1003 would ring out: it is cancelled when 1002 answers.
    const dial = (targets: DialTarget[]) =>
      'extension' in (targets[0] as DialTarget) && (targets[0] as { extension: string }).extension === '1002'
        ? { afterMs: 3000, outcome: { result: 'answered' as const, sipStatus: 200, legId: 'leg-1002' } }
        : { afterMs: 15_000, outcome: { result: 'noAnswer' as const, sipStatus: 408, legId: null } };
    const { ctx, done } = run([{ verb: 'enqueue', queueId: 'q1', into: 'q' }, { verb: 'hangup' }], acd, dial);
    await ms(5000);
    // The queue's music: its files in order (4 s each here), the caller already answered.
    expect(ctx.events).toEqual(['answer', 'play /moh/1.wav', 'play /moh/2.wav']);
    acd.push({ kind: 'announce', play: [{ file: '/p/position-1.wav' }] });
    await ms(1000);
    acd.push(offer(['1002', '1003']));
    await ms(3000);
    await ms(1000); // the agent's number to the caller
    expect(acd.reports.slice(0, 2)).toEqual([
      { kind: 'answered', offerId: 'o-1002-1003', agentId: 'agent-1002', legId: 'leg-1002' },
      { kind: 'not-answered', offerId: 'o-1002-1003', agentId: 'agent-1003', result: 'cancelled', sipStatus: 487 },
    ]);
    await ms(10_000); // the conversation (the fake bridge ends after 10 s)
    const result = await done;
    expect(result.vars).toMatchObject({ q: 'answered', queueResult: 'answered', queueAgent: 'agent-1002' });
    expect(acd.reports[2]).toEqual({ kind: 'ended', agentId: 'agent-1002', talkSec: 10, endedBy: 'callee' });
    expect(acd.joined).toEqual(['q1 1001']);
    const played = ctx.events.filter((e) => e.startsWith('play') || e.startsWith('dial') || e.startsWith('bridge'));
    expect(played).toEqual([
      'play /moh/1.wav',
      'play /moh/2.wav',
      'play /p/position-1.wav',
      'play /moh/1.wav',
      'dial 1002 parallel 15s quiet',
      'dial 1003 parallel 15s quiet',
      'play /p/agent-801.wav',
      'bridge leg-1002',
    ]);
    expectClean(ctx);
  });

  it('keeps waiting after an offer nobody answers; overflow runs its steps in place', async () => {
    const acd = new ScriptedAcd();
    const dial = () => ({ afterMs: 15_000, outcome: { result: 'noAnswer' as const, sipStatus: 408, legId: null } });
    const overflow: Step[] = [{ verb: 'play', file: '/p/leave-message.wav', loops: 1 } as Step];
    const { ctx, done } = run([{ verb: 'enqueue', queueId: 'q1' }, { verb: 'hangup' }], acd, dial);
    acd.push(offer(['1002']));
    await ms(15_000);
    expect(acd.reports).toEqual([
      { kind: 'not-answered', offerId: 'o-1002', agentId: 'agent-1002', result: 'noAnswer', sipStatus: 408 },
    ]);
    acd.push({ kind: 'overflow', reason: 'timeout', steps: overflow });
    await ms(2000);
    const result = await done;
    expect(result.vars).toMatchObject({ queueResult: 'overflow', queueOverflow: 'timeout' });
    expect(ctx.events).toContain('play /p/leave-message.wav');
    // The hold tone (no music named) stopped before the overflow's prompt.
    expect(ctx.events.indexOf('stopped tone 440+660')).toBeLessThan(ctx.events.indexOf('play /p/leave-message.wav'));
    expectClean(ctx);
  });

  it('an overflow while agents ring (the max wait came first) stops the ringing at once and runs', async () => {
    const acd = new ScriptedAcd();
    const dial = () => ({ afterMs: 30_000, outcome: { result: 'noAnswer' as const, sipStatus: 408, legId: null } });
    const overflow: Step[] = [{ verb: 'play', file: '/p/leave-message.wav', loops: 1 } as Step];
    const { ctx, done } = run([{ verb: 'enqueue', queueId: 'q1' }, { verb: 'hangup' }], acd, dial);
    acd.push(offer(['1002', '1003'], 30));
    await ms(5000);
    acd.push({ kind: 'overflow', reason: 'timeout', steps: overflow });
    await ms(2000);
    const result = await done;
    expect(result.vars).toMatchObject({ queueResult: 'overflow', queueOverflow: 'timeout' });
    // Both rings cancelled at 5 s, not rung out at 30 s.
    expect(acd.reports).toEqual([
      { kind: 'not-answered', offerId: 'o-1002-1003', agentId: 'agent-1002', result: 'cancelled', sipStatus: 487 },
      { kind: 'not-answered', offerId: 'o-1002-1003', agentId: 'agent-1003', result: 'cancelled', sipStatus: 487 },
    ]);
    expect(ctx.events).toContain('play /p/leave-message.wav');
    expectClean(ctx);
  });

  it('tells the ACD when the caller hangs up while waiting or while agents ring', async () => {
    const acd = new ScriptedAcd();
    const { ctx, done } = run([{ verb: 'enqueue', queueId: 'q1' }], acd, undefined);
    acd.push(offer(['1002']));
    await ms(1000);
    ctx.callerHangsUp();
    const result = await done;
    expect(result.reason).toBe('hangup');
    expect(acd.reports).toEqual([
      { kind: 'not-answered', offerId: 'o-1002', agentId: 'agent-1002', result: 'cancelled', sipStatus: 487 },
      { kind: 'caller-gone' },
    ]);
    expectClean(ctx);
  });

  it('an unknown queue (or no ACD) sets unavailable and the flow goes on', async () => {
    const acd = new ScriptedAcd();
    const { ctx, done } = run(
      [
        { verb: 'enqueue', queueId: 'other' },
        { verb: 'play', file: '/p/unavailable.wav' },
      ],
      acd,
      undefined,
    );
    await ms(1000);
    const result = await done;
    expect(result.vars.queueResult).toBe('unavailable');
    expect(ctx.events).toEqual(['answer', 'play /p/unavailable.wav']);
    expectClean(ctx);
  });
});
