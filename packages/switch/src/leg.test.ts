import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeG711, G711Law, toneLevels, WavPlayer } from '@hujiao/media';
import { describe, expect, it } from 'vitest';
import { DtmfVia } from './info-dtmf.ts';
import type { Leg, LegListener } from './leg.ts';
import { writeTone } from './test-support/audio.ts';
import { testCall } from './test-support/fake-call.ts';
import { addFakeLeg, FakeLeg, fakeSwitchContext, ManualClock, PCMA } from './test-support/fake-leg.ts';
import { request } from './test-support/messages.ts';
import { HangupCause, LegRole } from './types.ts';

const tick = () => new Promise((r) => setTimeout(r, 0));

function leg(o: ConstructorParameters<typeof FakeLeg>[1] = {}) {
  const clock = new ManualClock();
  const ctx = fakeSwitchContext({ clock: clock.asMediaClock() });
  const digits: Array<[string, DtmfVia]> = [];
  const listener: LegListener = {
    onDtmf: (_l: Leg, d: string, via: DtmfVia) => digits.push([d, via]),
    onRemoteHangup: () => {},
    onReinvite: () => {},
  };
  const l = new FakeLeg(ctx, o);
  l.setListener(listener);
  return { clock, leg: l, digits };
}

function inDialog(method: string, body = '', contentType?: string) {
  return request(
    [
      `${method} sip:switch@127.0.0.1 SIP/2.0`,
      'Via: SIP/2.0/UDP 127.0.0.1:5070;branch=z9hG4bKleg1;rport',
      'From: <sip:1001@acme>;tag=a1',
      'To: <sip:switch@acme>;tag=b1',
      'Call-ID: leg-test@127.0.0.1',
      `CSeq: 5 ${method}`,
      ...(contentType ? [`Content-Type: ${contentType}`] : []),
    ],
    body,
  );
}

const sdp = (direction: string) =>
  [
    'v=0',
    'o=- 1 2 IN IP4 127.0.0.1',
    's=-',
    'c=IN IP4 127.0.0.1',
    't=0 0',
    'm=audio 30000 RTP/AVP 0 101',
    'a=rtpmap:0 PCMU/8000',
    'a=rtpmap:101 telephone-event/8000',
    `a=${direction}`,
    '',
  ].join('\r\n');

describe('Leg (media verbs over a fake session)', () => {
  it('plays a tone for its duration on the media clock, in the leg codec, and feeds the heard tap', async () => {
    const { clock, leg: l } = leg({ media: PCMA });
    const heard: number[] = [];
    l.heard.subscribe((pcm) => heard.push(pcm.length));
    const done = l.play({ tone: { frequencies: [1000], cadenceMs: [], levelDbm0: -10 }, durationMs: 200 });
    await tick();
    expect(l.isPlaying).toBe(true);
    clock.tick(15);
    await done;
    expect(l.isPlaying).toBe(false);
    expect(l.rtp.payloads).toHaveLength(10);
    expect(new Set(l.rtp.payloads.map((p) => p.payloadType))).toEqual(new Set([8]));
    const pcm = decodeG711(G711Law.PCMA, l.rtp.payloads[3]?.payload ?? Buffer.alloc(0), new Int16Array(160));
    expect(toneLevels(pcm, 8000, [1000])[0]?.relative).toBeGreaterThan(0.9);
    expect(heard).toEqual(Array(10).fill(160));
  });

  it('a new play or stopPlaying ends the one before (its promise resolves)', async () => {
    const { clock, leg: l } = leg();
    const first = l.play({ tone: { frequencies: [400], cadenceMs: [], levelDbm0: -10 } });
    await tick();
    clock.tick(3);
    const samples = new Int16Array(800).fill(1000);
    const second = l.play({ player: new WavPlayer(samples) });
    await first;
    await tick();
    clock.tick(10);
    await second; // 800 samples: 5 frames
    expect(l.rtp.payloads).toHaveLength(3 + 5);
    const third = l.play({ tone: { frequencies: [400], cadenceMs: [], levelDbm0: -10 } });
    await tick();
    l.stopPlaying();
    await third;
    expect(l.isPlaying).toBe(false);
  });

  it('stopPlaying while a file is still loading: the file never starts (a queue caller put through at once)', async () => {
    const { clock, leg: l } = leg();
    const dir = mkdtempSync(join(tmpdir(), 'leg-play-'));
    const file = join(dir, 'moh.wav');
    writeTone(file, 440, 2);
    const music = l.play({ file });
    l.stopPlaying();
    await music;
    await tick();
    clock.tick(10);
    expect(l.isPlaying).toBe(false);
    expect(l.rtp.payloads).toHaveLength(0);
    // A second play begun while the first still loads replaces it.
    const first = l.play({ file });
    const second = l.play({ tone: { frequencies: [400], cadenceMs: [], levelDbm0: -10 }, durationMs: 60 });
    await first;
    await tick();
    clock.tick(4);
    await second;
    expect(l.rtp.payloads).toHaveLength(3);
    rmSync(dir, { recursive: true, force: true });
  });

  it('gathers digits: up to max, the terminator, the timeout, or the end of the leg', async () => {
    const { leg: l } = leg();
    const two = l.gatherDtmf({ max: 2, timeoutMs: 1000 });
    l.pressInfo('4');
    l.pressRfc4733('2');
    expect(await two).toBe('42');
    const term = l.gatherDtmf({ max: 5, terminator: '#', timeoutMs: 1000 });
    l.pressInfo('7');
    l.pressInfo('#');
    expect(await term).toBe('7');
    const silent = l.gatherDtmf({ timeoutMs: 20 });
    expect(await silent).toBe('');
    const ended = l.gatherDtmf({ timeoutMs: 5000 });
    l.hangup(HangupCause.Normal);
    expect(await ended).toBe('');
  });

  it('reports each RFC 4733 digit once (end packets repeated) and INFO digits with their transport', () => {
    const { leg: l, digits } = leg();
    l.pressRfc4733('5');
    l.pressRfc4733('#');
    l.pressInfo('*');
    expect(digits).toEqual([
      ['5', DtmfVia.Rfc4733],
      ['#', DtmfVia.Rfc4733],
      ['*', DtmfVia.Info],
    ]);
  });

  it('answers SIP INFO: dtmf-relay and dtmf bodies are digits; others 415, bad ones 400, packages 469', () => {
    const { leg: l, digits } = leg();
    expect(l.info(inDialog('INFO', 'Signal=9\r\nDuration=160\r\n', 'application/dtmf-relay'))).toEqual([200]);
    expect(l.info(inDialog('INFO', '3', 'application/dtmf'))).toEqual([200]);
    expect(l.info(inDialog('INFO', 'hello', 'text/plain'))).toEqual([415]);
    expect(l.info(inDialog('INFO', 'Signal=x\r\n', 'application/dtmf-relay'))).toEqual([400]);
    expect(l.info(inDialog('INFO'))).toEqual([200]);
    expect(digits.map(([d]) => d)).toEqual(['9', '3']);
  });

  it('sends a digit as RFC 4733 with its telephone-event payload type', async () => {
    const { leg: l } = leg({ media: PCMA });
    await l.sendDtmf('8');
    expect(l.rtp.dtmf).toEqual([{ digit: '8', payloadType: 96 }]);
  });

  it('ends: sink and taps released, session closed, no more playback', async () => {
    const { leg: l } = leg();
    l.sink = () => {};
    l.said.subscribe(() => {});
    l.hangup(HangupCause.Normal);
    expect(l.isEnded).toBe(true);
    expect(l.sink).toBeNull();
    expect(l.said.hasSubscribers).toBe(false);
    expect(l.rtp.closed).toBe(true);
    expect(l.record().endedAt).not.toBeNull();
    await l.play({ tone: { frequencies: [400], cadenceMs: [], levelDbm0: -10 } });
    expect(l.isPlaying).toBe(false);
  });
});

describe('hold from the phone (UPDATE / re-INVITE with sendonly)', () => {
  it('answers the offer itself, holds the partner with music, and resumes on sendrecv', async () => {
    const clock = new ManualClock();
    const t = testCall({ ctx: fakeSwitchContext({ clock: clock.asMediaClock() }) });
    const a = addFakeLeg(t.call, { role: LegRole.Caller });
    const b = addFakeLeg(t.call, { extension: '1002' });
    await t.call.connect([a, b]);
    const hold = b.update(inDialog('UPDATE', sdp('sendonly'), 'application/sdp'));
    expect(hold.statuses).toEqual([200]);
    expect(hold.bodies[0]).toMatch(/a=recvonly/);
    expect(b.rtp.remote).toEqual({ address: '127.0.0.1', port: 30000 });
    expect(t.call.isHeld(a)).toBe(true);
    await tick();
    clock.tick(5);
    expect(a.rtp.payloads).toHaveLength(5);
    const resume = b.update(inDialog('UPDATE', sdp('sendrecv'), 'application/sdp'));
    expect(resume.statuses).toEqual([200]);
    expect(resume.bodies[0]).toMatch(/a=sendrecv/);
    await tick();
    expect(t.call.isHeld(a)).toBe(false);
    expect(t.call.partnersOf(a)).toEqual([b]);
    expect(t.ctx.events.types().filter((x) => x === 'call.held' || x === 'call.resumed')).toEqual([
      'call.held',
      'call.resumed',
    ]);
  });

  it('in a three-way, the party that holds leaves the mix and the other two go on talking', async () => {
    const clock = new ManualClock();
    const t = testCall({ ctx: fakeSwitchContext({ clock: clock.asMediaClock() }) });
    const a = addFakeLeg(t.call, { role: LegRole.Caller });
    const b = addFakeLeg(t.call, { extension: '1002' });
    const c = addFakeLeg(t.call, { extension: '1003' });
    await t.call.connect([a, b]);
    await t.call.join(c, a);
    const mixed = (from: FakeLeg, to: FakeLeg) => {
      const n = to.rtp.payloads.length;
      for (let i = 0; i < 6; i++) {
        from.receive(0, from.frame(0x10));
        clock.tick();
      }
      return to.rtp.payloads.slice(n).some((p) => p.payload.some((x) => x !== 0xff));
    };
    expect(c.update(inDialog('UPDATE', sdp('sendonly'), 'application/sdp')).statuses).toEqual([200]);
    expect(t.call.isHeld(a) || t.call.isHeld(b)).toBe(false);
    expect(mixed(a, b)).toBe(true);
    expect(mixed(b, a)).toBe(true);
    expect(mixed(c, a)).toBe(false); // the holder's phone (its own music, or silence) is not heard
    c.update(inDialog('UPDATE', sdp('sendrecv'), 'application/sdp'));
    expect(mixed(c, a)).toBe(true);
    expect(t.call.partnersOf(c)).toEqual([a, b]);
  });

  it('UPDATE without a body is a plain 200; a non-SDP body 415', () => {
    const { leg: l } = leg();
    expect(l.update(inDialog('UPDATE')).statuses).toEqual([200]);
    expect(l.update(inDialog('UPDATE', 'x', 'text/plain')).statuses).toEqual([415]);
  });
});
