import { describe, expect, it } from 'vitest';
import { addToConference, blindTransfer, cancelConsult, completeConsult, consult } from './call-transfer.ts';
import { ConnectionKind } from './connection.ts';
import { DialResult } from './flow/flow-context.ts';
import { fakeResolver, testCall } from './test-support/fake-call.ts';
import { addFakeLeg, type FakeLeg, fakeSwitchContext, ManualClock } from './test-support/fake-leg.ts';
import { HangupCause, LegRole } from './types.ts';

/** A (the caller) talking to B; dials answer as scripted. */
async function talking() {
  const clock = new ManualClock();
  const t = testCall({ ctx: fakeSwitchContext({ clock: clock.asMediaClock() }) });
  const a = addFakeLeg(t.call, { role: LegRole.Caller, extension: '1001' });
  const b = addFakeLeg(t.call, { extension: '1002' });
  await t.call.connect([a, b]);
  return { ...t, clock, a, b };
}

/** True when a packet from `from` reaches `to` (relay or mixer). */
function hears(t: { clock: ManualClock }, from: FakeLeg, to: FakeLeg): boolean {
  const before = to.rtp.raw.length + to.rtp.payloads.length;
  for (let i = 0; i < 6; i++) {
    from.receive(0, from.frame(0x10));
    t.clock.tick();
  }
  const got = [...to.rtp.raw.slice(-3).map((r) => r.subarray(12)), ...to.rtp.payloads.slice(-3).map((p) => p.payload)];
  return to.rtp.raw.length + to.rtp.payloads.length > before && got.some((p) => p.some((x) => x !== 0xff));
}

describe('blind transfer', () => {
  it('B transfers A to C: A hears ringback while C rings, then talks to C; B is hung up', async () => {
    const t = await talking();
    t.call.script.push({ answer: true, delayMs: 30 });
    const outcome = blindTransfer(t.call, t.b, { extension: '1003' }, fakeResolver);
    await new Promise((r) => setTimeout(r, 5));
    expect(t.call.plans[0]?.waiting).toBe(t.a); // A is the one who waits (ringback / early media)
    expect(t.call.partnersOf(t.a)).toEqual([]);
    expect(t.call.isEnded).toBe(false); // the dial is under way: nobody talking, yet the call goes on
    expect((await outcome).result).toBe(DialResult.Answered);
    const c = t.call.dialled[0] as FakeLeg;
    expect(c.extension).toBe('1003');
    expect(t.call.partnersOf(t.a)).toEqual([c]);
    expect(t.b.hungUp).toEqual([HangupCause.Normal]);
    expect(hears(t, t.a, c)).toBe(true);
    expect(hears(t, c, t.a)).toBe(true);
    const ev = t.ctx.events.of('call.transferred');
    expect(ev.map((e) => [e.kind, e.legId, e.target])).toEqual([['blind', t.b.id, '1003']]);
    c.remoteHangup();
    const r = await t.record();
    expect(r.segments?.map((s) => [s.kind, s.legIds])).toEqual([
      ['bridge', [t.a.id, t.b.id]],
      ['transfer', [t.b.id, t.a.id]],
      ['bridge', [t.a.id, c.id]],
    ]);
    expect(r.segments?.[1]?.detail).toBe('1003');
    expect(r.legs.map((l) => l.extension)).toEqual(['1001', '1002', '1003']);
    expect(t.ctx.events.invalid).toEqual([]);
  });

  it('a target that does not answer puts A back with B', async () => {
    const t = await talking();
    t.call.script.push({ answer: false, result: DialResult.Busy, sipStatus: 486 });
    const outcome = await blindTransfer(t.call, t.b, { extension: '1003' }, fakeResolver);
    expect(outcome.sipStatus).toBe(486);
    expect(t.call.partnersOf(t.a)).toEqual([t.b]);
    expect(t.call.isEnded).toBe(false);
    expect(hears(t, t.a, t.b)).toBe(true);
  });

  it('ends the call when the target does not answer and B has gone', async () => {
    const t = await talking();
    t.call.script.push({ answer: false, result: DialResult.NoAnswer, sipStatus: null, delayMs: 20 });
    const outcome = blindTransfer(t.call, t.b, { extension: '1003' }, fakeResolver);
    await new Promise((r) => setTimeout(r, 5));
    t.b.remoteHangup();
    expect(t.call.isEnded).toBe(false);
    await outcome;
    await new Promise((r) => setTimeout(r, 0));
    expect(t.call.isEnded).toBe(true);
    expect(t.a.hungUp).toEqual([HangupCause.Normal]);
  });
});

describe('attended transfer', () => {
  it('consult holds A (music), B talks to C; complete puts A with C and hangs B up', async () => {
    const t = await talking();
    t.call.script.push({ answer: true });
    const outcome = await consult(t.call, t.b, { extension: '1003' }, fakeResolver);
    expect(outcome.result).toBe(DialResult.Answered);
    const c = t.call.dialled[0] as FakeLeg;
    expect(t.call.plans[0]?.waiting).toBe(t.b);
    expect(t.call.isHeld(t.a)).toBe(true);
    expect(t.call.partnersOf(t.b)).toEqual([c]);
    await new Promise((r) => setTimeout(r, 0));
    const before = t.a.rtp.payloads.length;
    t.clock.tick(10);
    expect(t.a.rtp.payloads.length - before).toBe(10); // music on hold, one frame per tick
    expect(await completeConsult(t.call, t.b)).toBe(true);
    expect(t.call.isHeld(t.a)).toBe(false);
    expect(t.call.partnersOf(t.a)).toEqual([c]);
    expect(t.b.hungUp).toEqual([HangupCause.Normal]);
    expect(hears(t, c, t.a)).toBe(true);
    expect(t.ctx.events.of('call.transferred').map((e) => e.kind)).toEqual(['attended']);
    t.a.remoteHangup();
    const r = await t.record();
    expect(r.segments?.map((s) => s.kind)).toEqual(['bridge', 'hold', 'bridge', 'transfer', 'bridge']);
    expect(r.segments?.[3]?.legIds).toEqual([t.b.id, t.a.id, c.id]);
    expect(t.ctx.events.invalid).toEqual([]);
  });

  it('cancel hangs C up and returns B to A', async () => {
    const t = await talking();
    t.call.script.push({ answer: true });
    await consult(t.call, t.b, { extension: '1003' }, fakeResolver);
    const c = t.call.dialled[0] as FakeLeg;
    expect(await cancelConsult(t.call, t.b)).toBe(true);
    expect(c.hungUp).toEqual([HangupCause.Normal]);
    expect(t.call.isHeld(t.a)).toBe(false);
    expect(t.call.partnersOf(t.a)).toEqual([t.b]);
    expect(t.call.isEnded).toBe(false);
    expect(hears(t, t.b, t.a)).toBe(true);
    expect(t.ctx.events.of('call.resumed').map((e) => e.legId)).toEqual([t.a.id]);
  });

  it('cancel while the target still rings stops the ringing and returns B to A', async () => {
    const t = await talking();
    t.call.script.push({ answer: true, delayMs: 40 });
    const consulting = consult(t.call, t.b, { extension: '1003' }, fakeResolver);
    await new Promise((r) => setTimeout(r, 5));
    expect(t.call.isHeld(t.a)).toBe(true);
    expect(await cancelConsult(t.call, t.b)).toBe(true);
    expect((await consulting).result).toBe(DialResult.Cancelled);
    await new Promise((r) => setTimeout(r, 60));
    expect(t.call.dialled).toEqual([]); // the dial was cancelled, nobody answered
    expect(t.call.isHeld(t.a)).toBe(false);
    expect(t.call.partnersOf(t.a)).toEqual([t.b]);
    expect(hears(t, t.b, t.a)).toBe(true);
  });

  it('B hanging up while the target still rings: A keeps its music and goes on to C when C answers', async () => {
    const t = await talking();
    t.call.script.push({ answer: true, delayMs: 40 });
    const consulting = consult(t.call, t.b, { extension: '1003' }, fakeResolver);
    await new Promise((r) => setTimeout(r, 5));
    t.b.remoteHangup();
    await new Promise((r) => setTimeout(r, 0));
    expect(t.call.isEnded).toBe(false);
    expect(t.call.isHeld(t.a)).toBe(true);
    const before = t.a.rtp.payloads.length;
    t.clock.tick(5);
    expect(t.a.rtp.payloads.length - before).toBe(5); // still music on hold
    expect((await consulting).result).toBe(DialResult.Answered);
    const c = t.call.dialled[0] as FakeLeg;
    expect(t.call.partnersOf(t.a)).toEqual([c]);
    expect(hears(t, t.a, c)).toBe(true);
    expect(t.ctx.events.of('call.transferred').map((e) => e.kind)).toEqual(['attended']);
  });

  it('B hanging up while the target rings and nobody answers ends the call', async () => {
    const t = await talking();
    t.call.script.push({ answer: false, result: DialResult.NoAnswer, sipStatus: null, delayMs: 30 });
    const consulting = consult(t.call, t.b, { extension: '1003' }, fakeResolver);
    await new Promise((r) => setTimeout(r, 5));
    t.b.remoteHangup();
    await consulting;
    await new Promise((r) => setTimeout(r, 0));
    expect(t.call.isEnded).toBe(true);
    expect(t.a.hungUp).toEqual([HangupCause.Normal]);
  });

  it('a consult that is not answered resumes A with B', async () => {
    const t = await talking();
    t.call.script.push({ answer: false, result: DialResult.Failed, sipStatus: 480 });
    await consult(t.call, t.b, { extension: '1003' }, fakeResolver);
    expect(t.call.isHeld(t.a)).toBe(false);
    expect(t.call.partnersOf(t.a)).toEqual([t.b]);
  });

  it('B hanging up while consulting transfers A to C', async () => {
    const t = await talking();
    t.call.script.push({ answer: true });
    await consult(t.call, t.b, { extension: '1003' }, fakeResolver);
    const c = t.call.dialled[0] as FakeLeg;
    t.b.remoteHangup();
    await new Promise((r) => setTimeout(r, 0));
    expect(t.call.isEnded).toBe(false);
    expect(t.call.partnersOf(t.a)).toEqual([c]);
    expect(hears(t, t.a, c)).toBe(true);
  });
});

describe('three-way', () => {
  it('adds C to A and B (mixer, conference events); back to a relay when C leaves', async () => {
    const t = await talking();
    t.call.script.push({ answer: true });
    await addToConference(t.call, t.b, { extension: '1003' }, fakeResolver);
    const c = t.call.dialled[0] as FakeLeg;
    expect(t.call.connectionOf(t.a)?.kind).toBe(ConnectionKind.Mixer);
    expect(t.call.plans[0]?.waiting).toBeNull();
    expect(hears(t, c, t.a)).toBe(true);
    expect(hears(t, t.a, c)).toBe(true);
    expect(t.ctx.events.of('conference.joined').map((e) => [e.legId, e.mode])).toEqual([[c.id, 'full']]);
    // DTMF reaches the other parties of a conference too (the mixer passes no RFC 4733 events: sent on).
    t.a.pressRfc4733('5');
    t.b.pressInfo('6');
    await new Promise((r) => setTimeout(r, 0));
    expect(t.b.rtp.dtmf.map((d) => d.digit)).toEqual(['5']);
    expect(c.rtp.dtmf.map((d) => d.digit)).toEqual(['5', '6']);
    expect(t.a.rtp.dtmf.map((d) => d.digit)).toEqual(['6']);
    c.remoteHangup();
    expect(t.call.isEnded).toBe(false);
    expect(t.call.connectionOf(t.a)?.kind).toBe(ConnectionKind.Relay);
    expect(t.ctx.events.of('conference.left').map((e) => e.legId)).toEqual([c.id]);
    t.call.hangup();
    expect(t.call.segments.segments().map((s) => s.kind)).toEqual(['bridge', 'conference', 'bridge']);
    expect(t.ctx.events.invalid).toEqual([]);
  });
});
