import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { DigitBuffer } from './digit-buffer.ts';
import { FakeFlowContext } from './fake-flow-context.ts';
import { runFlow } from './run-flow.ts';
import { expectClean, flowOf, ms, start, v } from './test-helpers.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

const after = { verb: 'play', file: '/never.wav' };

describe('the caller hangs up mid-verb: the flow ends at once and cleanly', () => {
  const cases: Array<{ name: string; steps: unknown[]; at: number; last: string }> = [
    {
      name: 'play',
      steps: [{ verb: 'play', file: '/long.wav', loops: 5 }, after],
      at: 1500,
      last: 'stopped play /long.wav',
    },
    {
      name: 'gather (waiting for a digit)',
      steps: [{ verb: 'gather', prompt: { file: '/p.wav' }, timeoutSec: 10 }, after],
      at: 3000,
      last: 'caller-bye',
    },
    { name: 'dial', steps: [{ verb: 'dial', targets: [{ extension: '1002' }] }, after], at: 1000, last: 'caller-bye' },
    {
      name: 'bridge',
      steps: [{ verb: 'dial', targets: [{ extension: '1002' }] }, after],
      at: 5000,
      last: 'caller-bye',
    },
    { name: 'record', steps: [{ verb: 'record', maxSec: 60 }, after], at: 5000, last: 'caller-bye' },
    { name: 'pause', steps: [{ verb: 'pause', sec: 60 }, after], at: 5000, last: 'caller-bye' },
    { name: 'echo', steps: [{ verb: 'echo' }, after], at: 5000, last: 'echo stopped' },
    {
      name: 'menu (its invalid prompt)',
      steps: [{ verb: 'menu', prompt: { file: '/m.wav' }, options: { '1': { steps: [after] } } }, after],
      at: 500,
      last: 'stopped play /p/zh-CN/invalid-input.wav',
    },
  ];
  for (const c of cases) {
    it(c.name, async () => {
      const { ctx, done } = start(c.steps);
      if (c.name.startsWith('menu')) ctx.press('5');
      await ms(c.at);
      const before = ctx.events.length;
      ctx.callerHangsUp();
      const result = await done;
      expect(result.reason).toBe('hangup');
      expect(ctx.events.slice(before).at(-1)).toBe(c.last);
      expect(ctx.events).not.toContain('play /never.wav');
      expectClean(ctx);
      await ms(120_000);
      expect(ctx.events.slice(before).at(-1)).toBe(c.last);
    });
  }

  it('a dial is cancelled with the caller', async () => {
    const { ctx, done } = start([{ verb: 'dial', targets: [{ extension: '1002' }] }]);
    await ms(500);
    ctx.callerHangsUp();
    expect((await done).vars).toMatchObject({ dialStatus: 'cancelled', dialSipStatus: '487' });
  });

  it('a signal already aborted runs nothing', async () => {
    const ctx = new FakeFlowContext();
    ctx.callerHangsUp();
    const result = await runFlow(flowOf({ steps: [{ verb: 'answer' }] }), ctx);
    expect(result).toMatchObject({ reason: 'hangup', steps: 0 });
    expectClean(ctx);
  });

  it('a command that stops the flow ends it with reason stopped', async () => {
    const { ctx, done } = start([{ verb: 'play', file: '/a.wav', loops: 0 }]);
    await ms(2500);
    ctx.controller.abort('stopped');
    expect((await done).reason).toBe('stopped');
    expectClean(ctx);
  });
});

describe('loops and errors', () => {
  it('a goto loop ends with reason loop when the step budget is spent', async () => {
    const { ctx, done } = start(
      [
        { verb: 'set', label: 'top', name: 'x', value: '1' },
        { verb: 'goto', goto: 'top' },
      ],
      {},
      {
        maxSteps: 50,
      },
    );
    const result = await done;
    expect(result).toMatchObject({ reason: 'loop', steps: 51, error: 'more than 50 steps' });
    expect(ctx.logs.map((l) => l.msg)).toEqual(['flow: step budget exhausted (a goto loop?)']);
    expectClean(ctx);
  });

  it('the default budget bounds a loop of menu replays too', async () => {
    // Pressing 1 forever: every replay counts as a step.
    const run = start([{ verb: 'menu', label: 'm', prompt: { file: '/m.wav' }, options: { '1': { goto: 'm' } } }]);
    for (let i = 0; i < 1001; i++) {
      run.ctx.press('1');
      await ms(0);
    }
    expect(await run.done).toMatchObject({ reason: 'loop', steps: 1001 });
    expectClean(run.ctx);
  });

  it('a goto from nested steps reaches the enclosing label', async () => {
    const { ctx, done } = start([
      { verb: 'set', name: 'n', value: 'x' },
      {
        verb: 'branch',
        label: 'again',
        value: v('n'),
        cases: {
          x: {
            steps: [
              { verb: 'set', name: 'n', value: 'y' },
              { verb: 'goto', goto: 'again' },
            ],
          },
        },
        default: { steps: [{ verb: 'play', file: `/${v('n')}.wav` }] },
      },
    ]);
    await ms(1000);
    expect((await done).reason).toBe('completed');
    expect(ctx.events).toEqual(['answer', 'play /y.wav']);
  });

  it('a verb that throws ends the flow with reason error, no unhandled rejection', async () => {
    const { ctx, done } = start([{ verb: 'play', file: '/a.wav' }, after], { playError: new Error('no media') });
    const result = await done;
    expect(result).toMatchObject({ reason: 'error', error: 'no media' });
    expect(ctx.logs.map((l) => l.msg)).toEqual(['flow: verb failed']);
    expectClean(ctx);
  });

  it('an unknown goto label in an unvalidated flow is an error', async () => {
    const ctx = new FakeFlowContext();
    const result = await runFlow({ steps: [{ verb: 'goto', goto: 'nowhere' }] }, ctx);
    expect(result).toMatchObject({ reason: 'error', error: "goto 'nowhere': no such label" });
  });
});

describe('DigitBuffer', () => {
  it('keeps the newest digits up to its capacity and ignores non-digits', () => {
    const buffer = new DigitBuffer(3);
    for (const d of ['1', 'x', '2', '3', '4', '#']) buffer.push(d);
    expect([buffer.take(), buffer.take(), buffer.take(), buffer.take()]).toEqual(['3', '4', '#', undefined]);
  });

  it('next() waits, times out, and settles on abort with its timer and listener gone', async () => {
    const buffer = new DigitBuffer();
    const controller = new AbortController();
    const waiting = buffer.next(1000, controller.signal);
    expect(buffer.listenerCount).toBe(1);
    controller.abort();
    expect(await waiting).toBeNull();
    expect(buffer.listenerCount).toBe(0);
    expect(vi.getTimerCount()).toBe(0);
    const timing = buffer.next(1000, new AbortController().signal);
    await ms(1000);
    expect(await timing).toBeNull();
    const pressed = buffer.next(1000, new AbortController().signal);
    buffer.push('7');
    expect(await pressed).toBe('7');
    expect(buffer.size).toBe(0);
  });
});
