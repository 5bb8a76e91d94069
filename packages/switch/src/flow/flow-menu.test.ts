import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeFlowContext } from './fake-flow-context.ts';
import { runFlow } from './run-flow.ts';
import { menuTestFlow } from './test-flows.ts';
import { expectClean, ms, start } from './test-helpers.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** Main menu: 1 sales, 2 support (in place), 9 repeat; a timeout takes 1; wrong keys end in goodbye. */
function ivr(extra: object = {}) {
  return [
    {
      verb: 'menu',
      label: 'main',
      prompt: { file: '/main.wav' },
      options: {
        '1': { goto: 'sales' },
        '2': { steps: [{ verb: 'play', file: '/support.wav' }] },
        '9': { goto: 'main' },
      },
      default: '1',
      onFailure: { steps: [{ verb: 'play', prompt: 'goodbye' }, { verb: 'hangup' }] },
      into: 'choice',
      ...extra,
    },
    { verb: 'play', file: '/after.wav' },
    { verb: 'hangup' },
    { verb: 'play', label: 'sales', file: '/sales.wav' },
    { verb: 'hangup' },
  ];
}
const INVALID = 'play /p/zh-CN/invalid-input.wav';
const NO_INPUT = 'play /p/zh-CN/no-input.wav';

describe('menu', () => {
  it('a valid key during the prompt stops it and runs the option in place, then the flow goes on', async () => {
    const { ctx, done } = start(ivr());
    await ms(400);
    ctx.press('2');
    await ms(2000);
    const result = await done;
    expect(ctx.events).toEqual([
      'answer',
      'play /main.wav',
      'stopped play /main.wav',
      'play /support.wav',
      'play /after.wav',
      'hangup normal',
    ]);
    expect(result.vars).toMatchObject({ choice: '2', menuChoice: '2', menuResult: 'chosen' });
    expectClean(ctx);
  });

  it('a wrong key plays the invalid prompt and replays the menu', async () => {
    const { ctx, done } = start(ivr());
    await ms(1000);
    ctx.press('7');
    await ms(1000); // invalid-input
    await ms(1000); // main again
    ctx.press('1');
    await ms(1000);
    await done;
    expect(ctx.events).toEqual([
      'answer',
      'play /main.wav',
      INVALID,
      'play /main.wav',
      'play /sales.wav',
      'hangup normal',
    ]);
  });

  it('silence plays the timeout prompt and replays; after the retries a timeout takes the default', async () => {
    const { ctx, done } = start(ivr({ retries: 2, timeoutSec: 3 }));
    // 3 attempts of (1 s prompt + 3 s wait), 2 no-input prompts of 1 s between them.
    await ms(3 * 4000 + 2 * 1000 - 1);
    expect(ctx.events).toEqual(['answer', 'play /main.wav', NO_INPUT, 'play /main.wav', NO_INPUT, 'play /main.wav']);
    await ms(1);
    await ms(1000);
    const result = await done;
    expect(ctx.events.slice(-2)).toEqual(['play /sales.wav', 'hangup normal']);
    expect(result.vars).toMatchObject({ menuResult: 'timeout', menuChoice: '1', choice: '1' });
  });

  it('wrong keys on every attempt take onFailure', async () => {
    const { ctx, done } = start(ivr({ retries: 1 }));
    ctx.press('5');
    await ms(1000);
    ctx.press('6');
    await ms(2000);
    const result = await done;
    expect(ctx.events).toEqual([
      'answer',
      INVALID,
      'play /main.wav',
      'stopped play /main.wav',
      'play /p/zh-CN/goodbye.wav',
      'hangup normal',
    ]);
    expect(result).toMatchObject({ reason: 'hangup', vars: { menuResult: 'invalid', menuChoice: '' } });
  });

  it('a final timeout without default takes onFailure; with neither the flow goes on', async () => {
    const failing = start(ivr({ default: undefined, retries: 0, timeoutSec: 1 }));
    await ms(5000);
    await failing.done;
    expect(failing.ctx.events).toEqual(['answer', 'play /main.wav', 'play /p/zh-CN/goodbye.wav', 'hangup normal']);

    const plain = start(ivr({ default: undefined, onFailure: undefined, retries: 0, timeoutSec: 1 }));
    await ms(5000);
    await plain.done;
    expect(plain.ctx.events).toEqual(['answer', 'play /main.wav', 'play /after.wav', 'hangup normal']);
  });

  it('custom invalid and timeout prompts; [] for none', async () => {
    const { ctx, done } = start(
      ivr({ invalidPrompt: [{ file: '/oops.wav' }, { digits: '7' }], timeoutPrompt: [], timeoutSec: 1 }),
    );
    ctx.press('7'); // type-ahead: the first prompt is skipped
    await ms(2000); // oops + "7"
    await ms(1000); // main
    await ms(1500); // 1 s of silence, no timeout prompt, main again
    ctx.press('1');
    await ms(1000);
    await done;
    expect(ctx.events.slice(0, 6)).toEqual([
      'answer',
      'play /oops.wav',
      'play /p/zh-CN/digits/7.wav',
      'play /main.wav',
      'play /main.wav',
      'stopped play /main.wav',
    ]);
  });

  it('a goto back to the menu replays it', async () => {
    const { ctx, done } = start(ivr());
    ctx.press('9');
    await ms(10);
    ctx.press('2');
    await ms(3000);
    const result = await done;
    expect(ctx.events.slice(0, 3)).toEqual(['answer', 'play /main.wav', 'stopped play /main.wav']);
    expect(ctx.events).toContain('play /support.wav');
    expect(result.steps).toBe(5); // menu, menu again, play support (nested), play after, hangup
  });

  it('multi-digit keys wait interDigitSec for a longer key', async () => {
    const menu = (press: string) => {
      const run = start([
        {
          verb: 'menu',
          prompt: { file: '/m.wav' },
          options: { '1': { goto: 'a' }, '12': { goto: 'b' }, '3': { goto: 'a' } },
          retries: 0,
          interDigitSec: 2,
        },
        { verb: 'hangup', label: 'a', cause: 'normal' },
        { verb: 'hangup', label: 'b', cause: 'busy' },
      ]);
      run.ctx.press(press);
      return run;
    };
    const one = menu('1');
    await ms(1999);
    expect(one.ctx.events).toEqual(['answer']);
    await ms(1);
    expect((await one.done).vars.menuChoice).toBe('1');
    expect(one.ctx.events.at(-1)).toBe('hangup normal');

    const twelve = menu('12');
    expect((await twelve.done).vars.menuChoice).toBe('12');
    expect(twelve.ctx.events.at(-1)).toBe('hangup busy');

    const thirteen = menu('13');
    expect((await thirteen.done).vars).toMatchObject({ menuResult: 'invalid', menuChoice: '' });
  });

  it('type-ahead: a key pressed during an earlier prompt skips the menu prompt', async () => {
    const { ctx, done } = start([{ verb: 'play', file: '/welcome.wav' }, ...ivr()]);
    await ms(500);
    ctx.press('2');
    await ms(500);
    expect(ctx.events).toEqual(['answer', 'play /welcome.wav', 'play /support.wav']);
    await ms(2000);
    await done;
    expect(ctx.events).toEqual([
      'answer',
      'play /welcome.wav',
      'play /support.wav',
      'play /after.wav',
      'hangup normal',
    ]);
  });

  it('without barge-in the prompt plays to its end before the key is taken', async () => {
    const { ctx, done } = start(ivr({ bargeIn: false }));
    await ms(100);
    ctx.press('1');
    await ms(899);
    expect(ctx.events).toEqual(['answer', 'play /main.wav']);
    await ms(1001);
    await done;
    expect(ctx.events).toEqual(['answer', 'play /main.wav', 'play /sales.wav', 'hangup normal']);
  });

  it('menuTestFlow: a wrong key replays, 2 routes to 2; silence ends in the default', async () => {
    const ctx = new FakeFlowContext();
    const done = runFlow(menuTestFlow(), ctx);
    ctx.press('7');
    await ms(1500);
    ctx.press('2');
    await ms(1000);
    const result = await done;
    expect(result).toMatchObject({ reason: 'hangup', vars: { routed: '2', menuChoice: '2' } });
    expect(ctx.events).toEqual([
      'answer',
      INVALID,
      'play /p/zh-CN/please-choose.wav',
      'stopped play /p/zh-CN/please-choose.wav',
      'play /p/zh-CN/digits/2.wav',
      'hangup normal',
    ]);

    const silent = new FakeFlowContext();
    const quiet = runFlow(menuTestFlow({ timeoutSec: 1, retries: 1 }), silent);
    await ms(10_000);
    expect(await quiet).toMatchObject({ reason: 'hangup', vars: { routed: '1', menuResult: 'timeout' } });
  });
});
