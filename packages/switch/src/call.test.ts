import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeG711, encodeG711, type G711Law, ToneGenerator, toneLevels } from '@hujiao/media';
import { parseFlow } from '@hujiao/shared';
import { afterAll, describe, expect, it } from 'vitest';
import { CallFlowContext } from './call-flow-context.ts';
import { ConnectionKind } from './connection.ts';
import { PromptLibrary } from './flow/prompt-library.ts';
import { runFlow } from './flow/run-flow.ts';
import { wavChannel } from './test-support/audio.ts';
import { fakeResolver, testCall } from './test-support/fake-call.ts';
import { addFakeLeg, type FakeLeg, fakeSwitchContext, ManualClock, PCMU } from './test-support/fake-leg.ts';
import { HangupCause, LegRole } from './types.ts';

const tick = () => new Promise((r) => setTimeout(r, 0));

/** The frequencies (of `freqs`) that carry at least 10 % of the energy of what `leg` was sent as its own audio. */
function heardTones(leg: FakeLeg, freqs: number[], from = 0, to?: number): number[] {
  const sent = leg.rtp.payloads.slice(from, to);
  const pcm = new Int16Array(sent.length * 160);
  const law = leg.media?.law as G711Law;
  sent.forEach((p, i) => {
    pcm.set(decodeG711(law, p.payload, new Int16Array(160)), i * 160);
  });
  return toneLevels(pcm, 8000, freqs)
    .filter((l) => l.relative > 0.1)
    .map((l) => l.frequency);
}

function twoParty(o: Parameters<typeof testCall>[0] = {}) {
  const t = testCall(o);
  const a = addFakeLeg(t.call, { role: LegRole.Caller, extension: '1001' });
  const b = addFakeLeg(t.call, { extension: '1002' });
  return { ...t, a, b };
}

describe('Call: end policy', () => {
  it('ends a two-party call when one leg hangs up: the other is hung up, the record has the bridge', async () => {
    const { call, a, b, ctx, record, cdr } = twoParty();
    expect(cdr.opened).toHaveLength(1);
    await call.connect([a, b]);
    call.legAnswered(b);
    expect(call.connectionOf(a)?.kind).toBe(ConnectionKind.Relay);
    b.remoteHangup();
    expect(call.isEnded).toBe(true);
    expect(a.hungUp).toEqual([HangupCause.Normal]);
    const r = await record();
    expect(r.hangupCause).toBe('normal');
    expect(r.hangupSide).toBe('callee');
    expect(r.segments?.map((s) => [s.kind, s.legIds])).toEqual([['bridge', [a.id, b.id]]]);
    expect(r.segments?.[0]?.endedAt).not.toBeNull();
    expect(ctx.events.types()).toEqual([
      'call.created',
      'leg.created',
      'leg.created',
      'call.bridged',
      'leg.answered',
      'call.answered',
      'leg.ended',
      'call.hangup',
    ]);
    expect(ctx.events.invalid).toEqual([]);
  });

  it('the caller hanging up ends it with side caller', async () => {
    const { call, a, b, ctx } = twoParty();
    await call.connect([a, b]);
    a.remoteHangup();
    expect(b.hungUp).toEqual([HangupCause.Normal]);
    expect(ctx.events.of('call.hangup')[0]?.side).toBe('caller');
  });

  it('a flow keeps the call when the bridged party hangs up, and decides what happens next', async () => {
    const t = testCall();
    const a = addFakeLeg(t.call, { role: LegRole.Caller, answered: false });
    t.call.script.push({ answer: true });
    const parsed = parseFlow({
      name: 'after-bridge',
      steps: [
        { verb: 'dial', targets: [{ extension: '1002' }], ringTimeoutSec: 5 },
        { verb: 'gather', maxDigits: 1, timeoutSec: 5, into: 'afterwards' },
        { verb: 'hangup' },
      ],
    });
    if (!parsed.ok) throw new Error(parsed.error);
    const signal = t.call.startFlow(a, 'after-bridge');
    const ctx = new CallFlowContext(t.call, a, fakeResolver, new PromptLibrary(), signal);
    const run = runFlow(parsed.flow, ctx);
    for (let i = 0; i < 50 && t.call.dialled.length === 0; i++) await tick();
    const b = t.call.dialled[0] as FakeLeg;
    await tick();
    expect(a.isAnswered).toBe(true); // the bridge answered the caller
    expect(t.call.partnersOf(a)).toEqual([b]);
    expect(t.call.plans[0]?.waiting).toBe(a);
    b.remoteHangup();
    await tick();
    await tick();
    expect(t.call.isEnded).toBe(false);
    expect(a.isEnded).toBe(false);
    a.pressInfo('7');
    const result = await run;
    t.call.flowEnded(result.reason);
    expect(result.vars.bridgeEndedBy).toBe('callee');
    expect(result.vars.afterwards).toBe('7');
    expect(t.call.isEnded).toBe(true);
    expect(a.hungUp).toEqual([HangupCause.Normal]);
    const r = await t.record();
    expect(r.segments?.map((s) => s.kind)).toEqual(['flow', 'bridge']);
    expect(r.segments?.[0]?.detail).toBe('after-bridge');
    expect(t.ctx.events.of('flow.ended')[0]?.reason).toBe('hangup');
    expect(t.ctx.events.of('call.dtmf').map((e) => e.digit)).toEqual(['7']);
    expect(t.ctx.events.invalid).toEqual([]);
  });

  it('a flow that hangs up an unanswered caller ends the call with its cause and status (not cancelled)', async () => {
    const t = testCall();
    const a = addFakeLeg(t.call, { role: LegRole.Caller, answered: false });
    t.call.startFlow(a, 'closed');
    t.call.hangupLeg(a, HangupCause.Busy);
    t.call.flowEnded('hangup');
    expect(a.rejected).toEqual([486]);
    expect(t.call.isEnded).toBe(true);
    const hangup = t.ctx.events.of('call.hangup')[0];
    expect([hangup?.cause, hangup?.side, hangup?.status]).toEqual(['busy', 'system', 486]);
    const r = await t.record();
    expect(r.hangupCause).toBe('busy');
    expect(r.billedSec).toBe(0);
  });

  it('a flow hanging up an unanswered caller with cause normal is a 480, not a cancel', async () => {
    const t = testCall();
    const a = addFakeLeg(t.call, { role: LegRole.Caller, answered: false });
    t.call.hangupLeg(a);
    const hangup = t.ctx.events.of('call.hangup')[0];
    expect(a.rejected).toEqual([480]);
    expect([hangup?.cause, hangup?.status]).toEqual(['noAnswer', 480]);
  });

  it('a held party left alone when its holder hangs up is released and the call ends', async () => {
    const { call, a, b, record, ctx } = twoParty();
    await call.connect([a, b]);
    call.hold(a, b);
    expect(call.isHeld(a)).toBe(true);
    b.remoteHangup();
    expect(call.isEnded).toBe(true);
    expect(a.hungUp).toEqual([HangupCause.Normal]);
    expect(a.isPlaying).toBe(false);
    const r = await record();
    expect(r.segments?.map((s) => s.kind)).toEqual(['bridge', 'hold']);
    expect(r.segments?.every((s) => s.endedAt !== null)).toBe(true);
    expect(ctx.events.invalid).toEqual([]);
  });
});

describe('Call: hold and resume', () => {
  it('plays music on hold to the held party and restores the partners on resume', async () => {
    const clock = new ManualClock();
    const ctx = fakeSwitchContext({ clock: clock.asMediaClock() });
    const { call, a, b } = twoParty({ ctx });
    await call.connect([a, b]);
    // B's phone puts the call on hold (a re-INVITE with sendonly): A hears the switch's music.
    call.holdChanged(b, true);
    expect(call.isHeld(a)).toBe(true);
    expect(call.connectionOf(a)).toBeUndefined();
    await tick();
    clock.tick(100);
    expect(a.rtp.payloads.length).toBeGreaterThanOrEqual(99);
    // The first 400 ms: the tone's on-phase (440+660 Hz, 0.4 s on 1.6 s off).
    expect(heardTones(a, [440, 660, 1000], 0, 20)).toEqual([440, 660]);
    b.receive(0, b.frame(0x11));
    expect(a.rtp.raw).toHaveLength(0); // nothing of B while held
    call.holdChanged(b, false);
    await tick();
    expect(call.isHeld(a)).toBe(false);
    expect(a.isPlaying).toBe(false);
    expect(call.partnersOf(a)).toEqual([b]);
    b.receive(0, b.frame(0x11));
    expect(a.rtp.raw).toHaveLength(1);
    const held = ctx.events.of('call.held');
    expect(held.map((e) => e.legId)).toEqual([a.id]);
    expect(ctx.events.of('call.resumed').map((e) => e.legId)).toEqual([a.id]);
    call.hangup();
    expect(call.segments.segments().map((s) => s.kind)).toEqual(['bridge', 'hold', 'bridge']);
    expect(ctx.events.invalid).toEqual([]);
  });

  it('plays the configured music file on hold', async () => {
    const clock = new ManualClock();
    const ctx = fakeSwitchContext({ clock: clock.asMediaClock() });
    const moh = new PromptLibrary().musicOnHold();
    if (!moh) throw new Error('no music-on-hold prompt in the library');
    const { call, a, b } = twoParty({ ctx, mohFile: moh });
    await call.connect([a, b]);
    call.hold(a, b);
    for (let i = 0; i < 50 && !a.isPlaying; i++) await tick();
    clock.tick(50);
    expect(a.rtp.payloads.length).toBeGreaterThanOrEqual(49);
    await call.resume(a);
    expect(call.partnersOf(b)).toEqual([a]);
  });

  it('plays a music-on-hold playlist in order, then again', async () => {
    const clock = new ManualClock();
    const ctx = fakeSwitchContext({ clock: clock.asMediaClock() });
    const dir = mkdtempSync(join(tmpdir(), 'moh-list-'));
    const low = join(dir, 'low.wav');
    const high = join(dir, 'high.wav');
    const tone = (file: string, hz: number) =>
      execFileSync('sox', ['-n', '-r', '8000', '-c', '1', '-b', '16', file, 'synth', '0.3', 'sine', String(hz)]);
    tone(low, 400);
    tone(high, 1000);
    const { call, a, b } = twoParty({ ctx });
    call.setMusicOnHold([low, high]);
    await call.connect([a, b]);
    call.hold(a, b);
    const heard: number[][] = [];
    for (let part = 0; part < 3; part++) {
      for (let i = 0; i < 50 && !a.isPlaying; i++) await tick();
      const from = a.rtp.payloads.length;
      clock.tick(200);
      heard.push(heardTones(a, [400, 1000], from, from + 10));
      clock.tick(100);
      for (let i = 0; i < 20; i++) await tick();
    }
    expect(heard).toEqual([[400], [1000], [400]]);
    await call.resume(a);
    rmSync(dir, { recursive: true, force: true });
  });
});

describe('Call: DTMF', () => {
  it('sends SIP INFO digits on as RFC 4733, relays RFC 4733 itself, and reports both', async () => {
    const { call, a, b, ctx } = twoParty();
    await call.connect([a, b]);
    a.pressInfo('5');
    await tick();
    expect(b.rtp.dtmf).toEqual([{ digit: '5', payloadType: 101 }]);
    const sent = a.pressRfc4733('2');
    // Relayed as it came (with B's event PT), not sent a second time.
    expect(b.rtp.packets().filter((p) => p.payloadType === 101)).toHaveLength(sent.length);
    expect(b.rtp.dtmf).toHaveLength(1);
    expect(ctx.events.of('call.dtmf').map((e) => [e.legId, e.digit])).toEqual([
      [a.id, '5'],
      [a.id, '2'],
    ]);
    expect(ctx.events.invalid).toEqual([]);
  });

  it('sends digits to a party without telephone-event by SIP INFO', async () => {
    const t = testCall();
    const a = addFakeLeg(t.call, { role: LegRole.Caller });
    const b = addFakeLeg(t.call, { media: { ...PCMU, tePayloadType: undefined } });
    await t.call.connect([a, b]);
    a.pressRfc4733('9');
    a.pressInfo('#');
    await tick();
    expect(b.infoDigits).toEqual(['9', '#']);
    expect(b.rtp.raw).toHaveLength(0);
  });
});

describe('Call: recording', () => {
  const dir = mkdtempSync(join(tmpdir(), 'call-test-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  function tone(leg: FakeLeg, hz: number, frames: number): void {
    const gen = new ToneGenerator({ frequencies: [hz], cadenceMs: [], levelDbm0: -10 });
    const pcm = new Int16Array(160);
    for (let i = 0; i < frames; i++)
      leg.receive(0, encodeG711((leg.media as { law: G711Law }).law, gen.next(pcm), Buffer.alloc(160)));
  }

  const dominant = (pcm: Int16Array, freqs: number[]) =>
    toneLevels(pcm, 8000, freqs).sort((x, y) => y.relative - x.relative)[0]?.frequency;

  it('is anchored on the caller and moves to a remaining party when the caller leaves', async () => {
    const clock = new ManualClock();
    const ctx = fakeSwitchContext({ clock: clock.asMediaClock() });
    const path = join(dir, 'anchored.wav');
    const { call, a, b, record } = twoParty({ ctx, recordings: { pathFor: () => path } });
    const c = addFakeLeg(call, { extension: '1003' });
    // B is connected first: the recording still takes the caller's point of view.
    await call.connect([b, a]);
    // The recorder opens its file, then subscribes to the anchor's taps.
    for (let i = 0; i < 200 && !a.said.hasSubscribers; i++) await new Promise((r) => setTimeout(r, 10));
    expect(a.heard.hasSubscribers).toBe(true);
    tone(a, 400, 50); // left: what the caller says
    tone(b, 800, 50); // right: what the caller hears
    await call.join(c, a);
    expect(call.connectionOf(a)?.kind).toBe(ConnectionKind.Mixer);
    a.remoteHangup();
    expect(call.isEnded).toBe(false); // B and C go on
    expect(call.connectionOf(b)?.kind).toBe(ConnectionKind.Relay);
    await tick(); // the recording re-subscribes to B's taps
    expect(b.said.hasSubscribers).toBe(true);
    tone(b, 1200, 50); // B now anchors the recording: what it says is on the left
    call.hangup();
    const r = await record();
    expect(r.recordingPath).toBe(path);
    const wav = readFileSync(path);
    const left = wavChannel(wav, 0);
    const right = wavChannel(wav, 1);
    const voiced = (pcm: Int16Array) => {
      const frames: Int16Array[] = [];
      for (let i = 0; i + 160 <= pcm.length; i += 160) {
        const f = pcm.subarray(i, i + 160);
        if (f.some((s) => Math.abs(s) > 500)) frames.push(f);
      }
      return frames;
    };
    const l = voiced(left);
    expect(l.length).toBeGreaterThanOrEqual(90);
    const freqs = [400, 800, 1200];
    expect(dominant(Int16Array.from(l.slice(0, 40).flatMap((f) => [...f])), freqs)).toBe(400);
    expect(dominant(Int16Array.from(l.slice(-40).flatMap((f) => [...f])), freqs)).toBe(1200);
    const rv = voiced(right);
    expect(dominant(Int16Array.from(rv.slice(0, 40).flatMap((f) => [...f])), freqs)).toBe(800);
    expect(r.segments?.map((s) => s.kind)).toEqual(['bridge', 'conference', 'bridge']);
    expect(ctx.events.invalid).toEqual([]);
  });
});
