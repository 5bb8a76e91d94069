import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { FakeFlowContext, type FakeScript } from '../flow/fake-flow-context.ts';
import { runFlow } from '../flow/run-flow.ts';
import { flowOf, ms, v } from '../flow/test-helpers.ts';
import { MemoryVoicemail } from './fake-voicemail.ts';
import { voicemailListenFlow } from './feature-code.ts';
import type { VoicemailFlowPort } from './voicemail-types.ts';

beforeEach(() => {
  vi.useFakeTimers();
});
afterEach(() => {
  vi.useRealTimers();
});

/** The fake leg with a voicemail port; `level` is the RMS the recorded file reads. */
class VoicemailContext extends FakeFlowContext {
  readonly discarded: string[] = [];
  voicemail: VoicemailFlowPort;
  constructor(port: MemoryVoicemail | null, script: FakeScript = {}, level: number | null = 2000) {
    super(script, { caller: '13800138000', callee: '8000' });
    this.voicemail = {
      port,
      callerName: 'Zhang San',
      level: async () => level,
      discard: async (file) => {
        this.discarded.push(file);
      },
    };
  }
}

function run(ctx: FakeFlowContext, steps: unknown[]) {
  return runFlow(flowOf({ steps }), ctx);
}

describe('voicemail verb: deposit', () => {
  it('plays the leave-message prompt and a beep, records, and deposits the message with the caller', async () => {
    const port = new MemoryVoicemail();
    const ctx = new VoicemailContext(port, {
      record: { afterMs: 5000, outcome: { path: '/rec/c1-rec1.wav', durationMs: 4800, reason: 'hangup' } },
    });
    const done = run(ctx, [{ verb: 'voicemail', box: '1001', maxSec: 60 }]);
    await ms(10_000);
    const result = await done;
    expect(ctx.events.slice(0, 4)).toEqual(['answer', 'play /p/zh-CN/leave-message.wav', 'tone 1000', 'record 60s']);
    expect(result.vars.voicemailResult).toBe('stored');
    expect(port.deposits).toHaveLength(1);
    expect(port.deposits[0]).toMatchObject({
      tenantId: 't1',
      box: '1001',
      callId: 'call-1',
      caller: '13800138000',
      callerName: 'Zhang San',
      file: '/rec/c1-rec1.wav',
      durationMs: 4800,
    });
    expect(port.changes.at(-1)).toEqual({ box: '1001', counts: { new: 1, old: 0 } });
  });

  it("plays the box's custom greeting; '#' skips it; the box may be a variable", async () => {
    const port = new MemoryVoicemail();
    port.greetings.set('t1|sales', '/data/greetings/sales.wav');
    const ctx = new VoicemailContext(port, {
      playMs: (s) => ('file' in s ? 30_000 : 300),
      record: { afterMs: 3000, outcome: { path: '/rec/x.wav', durationMs: 3000, reason: 'maxLength' } },
    });
    const done = runFlow(flowOf({ vars: { group: 'sales' }, steps: [{ verb: 'voicemail', box: v('group') }] }), ctx);
    await ms(1000);
    ctx.press('#');
    await ms(1000);
    expect(ctx.events).toContain('stopped play /data/greetings/sales.wav');
    expect(ctx.events).toContain('record 120s');
    await ms(40_000);
    await done;
    expect(port.deposits[0]?.box).toBe('sales');
  });

  it('drops a message under a second and a silent one (the file is removed)', async () => {
    const port = new MemoryVoicemail();
    const short = new VoicemailContext(port, {
      record: { afterMs: 500, outcome: { path: '/rec/short.wav', durationMs: 600, reason: 'hangup' } },
    });
    const d1 = run(short, [{ verb: 'voicemail', box: '1001' }]);
    await ms(5000);
    expect((await d1).vars.voicemailResult).toBe('tooShort');
    expect(short.discarded).toEqual(['/rec/short.wav']);

    const silent = new VoicemailContext(
      port,
      { record: { afterMs: 5000, outcome: { path: '/rec/silent.wav', durationMs: 5000, reason: 'hangup' } } },
      3,
    );
    const d2 = run(silent, [{ verb: 'voicemail', box: '1001' }]);
    await ms(10_000);
    expect((await d2).vars.voicemailResult).toBe('silent');
    expect(silent.discarded).toEqual(['/rec/silent.wav']);
    expect(port.deposits).toHaveLength(0);
  });

  it('without a voicemail port it says so in the log and hangs up', async () => {
    const ctx = new VoicemailContext(null);
    const result = await run(ctx, [
      { verb: 'voicemail', box: '1001' },
      { verb: 'play', file: '/never.wav' },
    ]);
    expect(ctx.events).toEqual(['hangup normal']);
    expect(result.vars.voicemailResult).toBe('unavailable');
    expect(ctx.logs.some((l) => l.level === 'warn' && l.msg?.includes('voicemail'))).toBe(true);
  });
});

describe('voicemail verb: listen (the *97 flow)', () => {
  it('says the new count, plays unread newest first; 9 saves, 7 deletes, 1 replays, # ends', async () => {
    const port = new MemoryVoicemail();
    const old = port.add('t1', '1001', {
      caller: 'a',
      file: '/vm/old.wav',
      durationMs: 1000,
      at: new Date(1),
      read: true,
    });
    const first = port.add('t1', '1001', {
      caller: 'b',
      file: '/vm/b.wav',
      durationMs: 1000,
      at: new Date(2),
      read: false,
    });
    const newest = port.add('t1', '1001', {
      caller: 'c',
      file: '/vm/c.wav',
      durationMs: 1000,
      at: new Date(3),
      read: false,
    });
    const ctx = new VoicemailContext(port, { playMs: (s) => ('file' in s ? 1000 : 300) });
    const done = runFlow(voicemailListenFlow('1001'), ctx);
    await ms(1500); // "2" + beep
    expect(ctx.events.slice(0, 3)).toEqual(['answer', 'play /p/zh-CN/digits/2.wav', 'tone 1000']);
    await ms(1000); // c.wav played
    ctx.press('1'); // replay
    await ms(500);
    ctx.press('9'); // save during the replay
    await ms(100);
    await ms(1000); // b.wav
    ctx.press('7');
    await ms(100);
    ctx.press('#'); // during old.wav
    await ms(3000);
    await done;
    const plays = ctx.events.filter((e) => e.startsWith('play /vm/'));
    expect(plays).toEqual(['play /vm/c.wav', 'play /vm/c.wav', 'play /vm/b.wav', 'play /vm/old.wav']);
    const box = port.messagesByBox.get('t1|1001') ?? [];
    expect(box.find((m) => m.id === newest)?.read).toBe(true);
    expect(box.find((m) => m.id === first)).toBeUndefined();
    expect(box.find((m) => m.id === old)).toBeDefined();
    expect(ctx.events).toContain('hangup normal');
  });
});
