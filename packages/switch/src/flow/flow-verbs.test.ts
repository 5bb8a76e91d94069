import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeFlowContext } from './fake-flow-context.ts';
import { runFlow } from './run-flow.ts';
import { echoTestFlow, playbackTestFlow } from './test-flows.ts';
import { expectClean, ms, start, v } from './test-helpers.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

describe('play, say, pause, set', () => {
  it('answers, plays a file and completes', async () => {
    const { ctx, done } = start([{ verb: 'answer' }, { verb: 'play', file: '/a.wav' }]);
    await ms(999);
    expect(ctx.events).toEqual(['answer', 'play /a.wav']);
    await ms(1);
    const result = await done;
    expect(result.reason).toBe('completed');
    expect(result.steps).toBe(2);
    expectClean(ctx);
  });

  it('answers by itself before the first verb that plays, once', async () => {
    const { ctx, done } = start([
      { verb: 'play', prompt: 'goodbye' },
      { verb: 'play', prompt: 'goodbye', lang: 'en-US' },
    ]);
    await ms(2000);
    await done;
    expect(ctx.events).toEqual(['answer', 'play /p/zh-CN/goodbye.wav', 'play /p/en-US/goodbye.wav']);
  });

  it('plays loops times; a tone for durationSec; loops 0 until the caller hangs up', async () => {
    const { ctx, done } = start([
      { verb: 'play', file: '/a.wav', loops: 3 },
      { verb: 'play', tone: 'busy', durationSec: 3 },
      { verb: 'play', file: '/moh.wav', loops: 0 },
    ]);
    await ms(3000);
    expect(ctx.events.filter((e) => e === 'play /a.wav')).toHaveLength(3);
    await ms(3000);
    expect(ctx.events.at(-1)).toBe('play /moh.wav');
    await ms(4500);
    expect(ctx.events.filter((e) => e === 'play /moh.wav')).toHaveLength(5);
    ctx.callerHangsUp();
    expect((await done).reason).toBe('hangup');
    expect(ctx.events.slice(-2)).toEqual(['caller-bye', 'stopped play /moh.wav']);
    expectClean(ctx);
  });

  it('a tone without a duration plays until interrupted; a digit stops it with bargeIn', async () => {
    const { ctx, done } = start([
      { verb: 'play', tone: 'ringback', bargeIn: true },
      { verb: 'gather', maxDigits: 1 },
    ]);
    await ms(60_000);
    expect(ctx.events).toEqual(['answer', 'tone 450']);
    ctx.press('5');
    const result = await done;
    expect(ctx.events).toEqual(['answer', 'tone 450', 'stopped tone 450']);
    expect(result.vars.digits).toBe('5');
    expectClean(ctx);
  });

  it('names tones by region and takes custom ones', async () => {
    const { ctx, done } = start(
      [
        { verb: 'play', tone: 'busy', durationSec: 1 },
        { verb: 'play', tone: { frequencies: [400, 800] }, durationSec: 1 },
        { verb: 'play', tone: 'beep' },
      ],
      {},
      { toneRegion: 'us' },
    );
    await ms(3000);
    await done;
    expect(ctx.events.slice(1)).toEqual(['tone 480+620', 'tone 400+800', 'tone 1000']);
  });

  it('says numbers and digits from prompt files in the language', async () => {
    const { ctx, done } = start([
      { verb: 'set', name: 'n', value: 1020 },
      { verb: 'say', number: v('n') },
      { verb: 'say', number: 15, lang: 'en-US' },
      { verb: 'say', digits: '1*#' },
    ]);
    await ms(20_000);
    expect((await done).reason).toBe('completed');
    expect(ctx.events.slice(1)).toEqual([
      'play /p/zh-CN/digits/1.wav',
      'play /p/zh-CN/numbers/thousand.wav',
      'play /p/zh-CN/digits/0.wav',
      'play /p/zh-CN/digits/2.wav',
      'play /p/zh-CN/numbers/10.wav',
      'play /p/en-US/numbers/15.wav',
      'play /p/zh-CN/digits/1.wav',
      'play /p/zh-CN/digits/star.wav',
      'play /p/zh-CN/digits/pound.wav',
    ]);
  });

  it('skips a missing prompt and a value it cannot say, with a warning', async () => {
    const { ctx, done } = start(
      [
        { verb: 'say', digits: '12' },
        { verb: 'say', number: v('nothing') },
        { verb: 'say', digits: 'x1' },
      ],
      { missingPrompts: ['digits/1'] },
    );
    await ms(5000);
    expect((await done).reason).toBe('completed');
    expect(ctx.events).toEqual(['answer', 'play /p/zh-CN/digits/2.wav']);
    expect(ctx.logs.map((l) => l.msg)).toEqual([
      'flow: prompt not found',
      'flow: cannot say this',
      'flow: cannot say this',
    ]);
  });

  it('sets variables and substitutes them; built-ins and run options too', async () => {
    const ctx = new FakeFlowContext({}, { caller: '1001', callee: '8000' });
    const done = runFlow(
      {
        steps: [
          { verb: 'set', name: 'greeting', value: `/${v('lang')}/${v('callee')}-${v('dept')}.wav` },
          { verb: 'set', name: 'flag', value: true },
          { verb: 'play', file: `${v('greeting')}${v('unknown')}`, loops: 1, bargeIn: false },
        ],
        vars: { dept: 'sales' },
      },
      ctx,
      { vars: { dept: 'support' } },
    );
    await ms(1000);
    const result = await done;
    expect(ctx.events).toEqual(['answer', 'play /zh-CN/8000-support.wav']);
    expect(result.vars).toMatchObject({
      caller: '1001',
      callee: '8000',
      callId: 'call-1',
      tenantId: 't1',
      flag: 'true',
    });
  });

  it('pauses for sec', async () => {
    const { ctx, done } = start([
      { verb: 'pause', sec: 1.5 },
      { verb: 'play', file: '/a.wav' },
    ]);
    await ms(1499);
    expect(ctx.events).toEqual([]);
    await ms(1);
    expect(ctx.events).toEqual(['answer', 'play /a.wav']);
    await ms(1000);
    await done;
    expectClean(ctx);
  });
});

describe('gather', () => {
  it('collects up to maxDigits, into a variable', async () => {
    const { ctx, done } = start([{ verb: 'gather', maxDigits: 3, into: 'pin' }]);
    ctx.press('12');
    await ms(2000);
    ctx.press('34');
    const result = await done;
    expect(result.vars).toMatchObject({ pin: '123', digits: '123', gatherStatus: 'maxDigits' });
  });

  it('stops at the terminator, which is not kept', async () => {
    const { ctx, done } = start([{ verb: 'gather', terminator: '#' }]);
    ctx.press('42#');
    const result = await done;
    expect(result.vars).toMatchObject({ digits: '42', gatherStatus: 'terminator' });
  });

  it('times out on the first digit after timeoutSec, on the next after interDigitSec', async () => {
    const first = start([{ verb: 'gather', timeoutSec: 4 }]);
    await ms(3999);
    expect(vi.getTimerCount()).toBe(1);
    await ms(1);
    expect((await first.done).vars).toMatchObject({ digits: '', gatherStatus: 'timeout' });

    const next = start([{ verb: 'gather', timeoutSec: 4, interDigitSec: 2 }]);
    await ms(3000);
    next.ctx.press('7');
    await ms(2000);
    expect((await next.done).vars).toMatchObject({ digits: '7', gatherStatus: 'interDigitTimeout' });
  });

  it('the first digit stops the prompt (barge-in) and counts', async () => {
    const { ctx, done } = start([
      { verb: 'gather', prompt: [{ file: '/enter-pin.wav' }, { file: '/then-pound.wav' }], terminator: '#' },
    ]);
    await ms(500);
    ctx.press('9');
    await ms(10);
    ctx.press('8#');
    const result = await done;
    expect(ctx.events).toEqual(['answer', 'play /enter-pin.wav', 'stopped play /enter-pin.wav']);
    expect(result.vars.digits).toBe('98');
  });

  it('without barge-in the prompt plays to its end and the digits pressed meanwhile count', async () => {
    const { ctx, done } = start([{ verb: 'gather', prompt: { file: '/p.wav' }, bargeIn: false, maxDigits: 2 }]);
    await ms(200);
    ctx.press('3');
    await ms(800);
    expect(ctx.events).toEqual(['answer', 'play /p.wav']);
    ctx.press('4');
    expect((await done).vars.digits).toBe('34');
  });

  it('type-ahead: digits pressed before the gather skip its prompt', async () => {
    const { ctx, done } = start([
      { verb: 'play', file: '/welcome.wav' },
      { verb: 'gather', prompt: { file: '/menu.wav' }, maxDigits: 2 },
    ]);
    await ms(100);
    ctx.press('56');
    await ms(900);
    const result = await done;
    expect(ctx.events).toEqual(['answer', 'play /welcome.wav']);
    expect(result.vars.digits).toBe('56');
  });
});

describe('dial, bridge, branch', () => {
  it('dials, bridges the answered leg and records the outcome', async () => {
    const { ctx, done } = start([
      {
        verb: 'dial',
        targets: [{ extension: '1002' }, { uri: `sip:${v('callee')}@acme` }],
        strategy: 'sequential',
        ringTimeoutSec: 20,
        callerId: v('caller'),
        into: 'result',
      },
      { verb: 'play', file: '/after.wav' },
    ]);
    await ms(2000);
    expect(ctx.events).toEqual(['dial 1002,sip:8000@acme sequential 20s as 1001', 'bridge leg-b']);
    await ms(10_000);
    await ms(1000);
    const result = await done;
    expect(result.vars).toMatchObject({
      dialStatus: 'answered',
      dialSipStatus: '200',
      dialLegId: 'leg-b',
      result: 'answered',
      bridgeEndedBy: 'callee',
    });
    expect(ctx.events.slice(-2)).toEqual(['answer', 'play /after.wav']);
  });

  it('branches on the dial status', async () => {
    const { ctx, done } = start(
      [
        { verb: 'dial', targets: [{ extension: '1002' }] },
        {
          verb: 'branch',
          value: v('dialStatus'),
          cases: { busy: { steps: [{ verb: 'play', prompt: 'busy' }] }, noAnswer: { goto: 'vm' } },
          default: { steps: [{ verb: 'hangup' }] },
        },
        { verb: 'hangup', cause: 'busy' },
        { verb: 'record', label: 'vm' },
      ],
      { dial: { afterMs: 1000, outcome: { result: 'busy', sipStatus: 486, legId: null } } },
    );
    await ms(3000);
    const result = await done;
    expect(ctx.events).toEqual(['dial 1002 parallel 30s', 'answer', 'play /p/zh-CN/busy.wav', 'hangup busy']);
    expect(result).toMatchObject({
      reason: 'hangup',
      vars: { dialStatus: 'busy', dialSipStatus: '486', dialLegId: '' },
    });
  });

  it('dial with bridge off leaves the leg to a later bridge verb', async () => {
    const { ctx, done } = start(
      [
        { verb: 'dial', targets: [{ extension: '1002' }], bridge: false },
        { verb: 'play', file: '/connecting.wav' },
        { verb: 'bridge', legId: v('dialLegId') },
      ],
      { bridge: { afterMs: 5000, outcome: { endedBy: 'transfer' } } },
    );
    await ms(10_000);
    const result = await done;
    expect(ctx.events).toEqual(['dial 1002 parallel 30s', 'answer', 'play /connecting.wav', 'bridge leg-b']);
    expect(result.vars.bridgeEndedBy).toBe('transfer');
  });

  it('a bridge to an empty leg id is an error', async () => {
    const { done } = start([{ verb: 'bridge', legId: v('dialLegId') }]);
    expect(await done).toMatchObject({ reason: 'error', error: `bridge: '${v('dialLegId')}' is empty` });
  });
});

describe('record, hangup, echo, test flows', () => {
  it('beeps, records to maxSec and sets the variables', async () => {
    const { ctx, done } = start([{ verb: 'record', maxSec: 30, silenceSec: 5, into: 'msg' }]);
    await ms(300);
    expect(ctx.events).toEqual(['answer', 'tone 1000', 'record 30s silence 5s']);
    await ms(30_000);
    expect((await done).vars).toMatchObject({
      msg: '/rec/1.wav',
      recordPath: '/rec/1.wav',
      recordDurationMs: '30000',
      recordReason: 'maxLength',
    });
  });

  it('stops recording at the terminator; other digits are ignored', async () => {
    const { ctx, done } = start([
      { verb: 'record', beep: false, terminator: '#' },
      { verb: 'gather', timeoutSec: 1 },
    ]);
    await ms(2000);
    ctx.press('5');
    await ms(1000);
    ctx.press('#');
    await ms(1000);
    const result = await done;
    expect(result.vars).toMatchObject({
      recordReason: 'terminator',
      recordDurationMs: '3000',
      digits: '',
      gatherStatus: 'timeout',
    });
    expect(ctx.events).toEqual(['answer', 'record 120s']);
  });

  it('hangup ends the flow with its cause; later steps do not run', async () => {
    const { ctx, done } = start([
      { verb: 'hangup', cause: 'busy' },
      { verb: 'play', file: '/never.wav' },
    ]);
    expect(await done).toMatchObject({ reason: 'hangup', steps: 1 });
    expect(ctx.events).toEqual(['hangup busy']);
    expectClean(ctx);
  });

  it('echo with durationSec stops by itself', async () => {
    const { ctx, done } = start([{ verb: 'echo', durationSec: 10 }, { verb: 'hangup' }]);
    await ms(10_000);
    expect((await done).reason).toBe('hangup');
    expect(ctx.events).toEqual(['answer', 'echo', 'echo stopped', 'hangup normal']);
  });

  it('*43 echo test runs until the caller hangs up', async () => {
    const ctx = new FakeFlowContext();
    const done = runFlow(echoTestFlow, ctx);
    await ms(3_600_000);
    expect(ctx.events).toEqual(['answer', 'echo']);
    ctx.callerHangsUp();
    expect((await done).reason).toBe('hangup');
    expectClean(ctx);
  });

  it('*44 playback test plays the file, or 5 s of 440 Hz, then hangs up', async () => {
    const withFile = new FakeFlowContext();
    const first = runFlow(playbackTestFlow('/test.wav'), withFile);
    await ms(1000);
    expect((await first).reason).toBe('hangup');
    expect(withFile.events).toEqual(['answer', 'play /test.wav', 'hangup normal']);

    const withTone = new FakeFlowContext();
    const second = runFlow(playbackTestFlow(), withTone);
    await ms(4999);
    expect(withTone.events).toEqual(['answer', 'tone 440']);
    await ms(1);
    expect((await second).reason).toBe('hangup');
    expect(withTone.events.at(-1)).toBe('hangup normal');
    expectClean(withTone);
  });
});
