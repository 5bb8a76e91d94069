import { readFileSync } from 'node:fs';
import { rms, toneLevels } from '@hujiao/media';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Leg } from './leg.ts';
import { wavChannel } from './test-support/audio.ts';
import { hasBinary } from './test-support/peers.ts';
import {
  concat,
  expectLevel,
  expectSequence,
  FREQS,
  innerRms,
  letter,
  music,
  only,
  pair,
  SECONDS,
  SOURCE_RMS,
  share,
  ThreePhones,
  TONE,
} from './test-support/three-phones.ts';
import { describeTimeline, type Run, toneTimeline } from './test-support/tone-timeline.ts';
import type { CallRecordData } from './types.ts';

const MISSING = ['baresip', 'sox'].filter((b) => !hasBinary(b));
if (MISSING.length > 0)
  console.warn(`SKIPPED: call control tests need ${MISSING.join(', ')} (apt-get install baresip sox)`);

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/**
 * Call control with real phones: three baresips A (1001, 400 Hz), B (1002, 800 Hz), C (1003, 1200 Hz) through the
 * switch — transfer by REFER and by command, attended transfer (complete, cancel, by hang-up), hold from either
 * phone, a three-way with mute, and one recording through all of it. What each phone heard is read from its
 * `-dec.wav` dumps as a timeline of 0.5 s tone windows (Goertzel); stretches are found by what they contain, in
 * order, since a dump holds only the frames received (see tone-timeline.ts). Steps wait on the switch's events.
 */
describe.skipIf(MISSING.length > 0)('call control with three baresip phones', () => {
  // Ports of this suite only (SIP 15600-15699, RTP 23000-23999): other suites run beside it in CI.
  const t = new ThreePhones({
    sip: 15600,
    rtp: [23000, 23599],
    phoneSipBase: 15610,
    ctrlBase: 15650,
    phoneRtpBase: 23600,
  });
  const { phones, waitEvent, mark, legTo, bridged, run, aCallsB, finished } = t;

  beforeAll(() => t.start(), 40_000);
  afterAll(() => t.stop());

  it('registers the three phones', () => {
    expect(
      t.sw
        .registrations('t1')
        .map((r) => r.extension)
        .sort(),
    ).toEqual(['1001', '1002', '1003']);
  });

  it('B blind-transfers A to C by REFER: A and C talk, the record shows A→B→C', async () => {
    const s = await aCallsB();
    await sleep(3000);
    phones.b.command('transfer', 'sip:1003@acme');
    const transferred = await waitEvent('call.transferred', (e) => e.callId === s.call.id);
    expect(transferred).toMatchObject({ kind: 'blind', target: '1003', legId: s.legB.id });
    const legC = await legTo(s.call, '1003');
    await bridged(s.call.id, [s.legA, legC]);
    await phones.c.waitFor((e) => e.type === 'CALL_ESTABLISHED', 15_000);
    // B hears how it went (NOTIFY 200) and leaves.
    await phones.b.waitFor((e) => e.type === 'CALL_CLOSED', 15_000);
    await sleep(4000);
    phones.a.command('hangup');
    const { record, heard } = await finished(s, ['a', 'b', 'c']);

    // A heard B, then (after the transfer) C, and never B again; C heard A; B heard A before it left.
    const [, withC] = expectSequence('A', heard.a, [
      { what: "B's tone", pred: only(TONE.b), min: 2 * SECONDS },
      { what: "C's tone", pred: only(TONE.c), min: 3 * SECONDS },
    ]) as [Run, Run];
    expect(heard.a.slice(withC.start).filter((w) => share(w, TONE.b) > 0.1)).toEqual([]);
    expectLevel(heard.a, withC, SOURCE_RMS, 'A hears C after the transfer');
    const [cHearsA] = expectSequence('C', heard.c, [{ what: "A's tone", pred: only(TONE.a), min: 3 * SECONDS }]);
    expectLevel(heard.c, cHearsA as Run, SOURCE_RMS, 'C hears A');
    expectSequence('B', heard.b, [{ what: "A's tone", pred: only(TONE.a), min: 2 * SECONDS }]);

    // The record: A→B→C, with each leg's times, and the path [flow, bridge A-B, transfer, bridge A-C].
    expect(record).toMatchObject({ caller: '1001', callee: '1002', hangupCause: 'normal', hangupSide: 'caller' });
    expect(record.legs.map((l) => [l.role, l.extension, l.finalStatus])).toEqual([
      ['caller', '1001', 200],
      ['callee', '1002', 200],
      ['callee', '1003', 200],
    ]);
    const [ra, rb, rc] = record.legs as [
      CallRecordData['legs'][0],
      CallRecordData['legs'][0],
      CallRecordData['legs'][0],
    ];
    for (const l of [ra, rb, rc]) {
      expect(l.answeredAt).toBeInstanceOf(Date);
      expect(l.endedAt).toBeInstanceOf(Date);
    }
    const t = (d: Date | null) => (d as Date).getTime();
    expect(t(rb.answeredAt)).toBeLessThan(t(rc.answeredAt));
    expect(t(rb.endedAt)).toBeLessThanOrEqual(t(rc.endedAt));
    expect(t(rc.answeredAt) - t(rb.answeredAt)).toBeGreaterThan(2500);
    expect(t(rc.endedAt) - t(rc.answeredAt)).toBeGreaterThan(3500);
    const segments = (record.segments ?? []).map((x) => [x.kind, x.legIds.slice().sort().join(','), x.detail ?? '']);
    expect(segments).toEqual([
      ['flow', ra.legId, 'extension'],
      ['bridge', [ra.legId, rb.legId].sort().join(','), ''],
      ['transfer', [ra.legId, rb.legId].sort().join(','), '1003'],
      ['bridge', [ra.legId, rc.legId].sort().join(','), ''],
    ]);
    for (const x of record.segments ?? []) expect(x.endedAt).not.toBeNull();
    const times = (record.segments ?? []).map((x) => Date.parse(x.startedAt));
    expect(times).toEqual(times.slice().sort((x, y) => x - y));
  }, 90_000);

  it('blind transfer by command: B is hung up, A and C talk, and the call ends when C hangs up', async () => {
    const s = await aCallsB();
    await sleep(3000);
    const m = mark();
    const r = await run({ command: 'transfer', callId: s.call.id, legId: s.legB.id, target: { extension: '1003' } });
    expect(r).toMatchObject({ outcome: 'answered', status: 200 });
    const legC = await legTo(s.call, '1003');
    expect(r.legId).toBe(legC.id);
    await bridged(s.call.id, [s.legA, legC], m);
    await phones.b.waitFor((e) => e.type === 'CALL_CLOSED', 15_000);
    await sleep(4000);
    phones.c.command('hangup');
    const { record, heard } = await finished(s, ['a', 'b', 'c']);

    const [, withC] = expectSequence('A', heard.a, [
      { what: "B's tone", pred: only(TONE.b), min: 2 * SECONDS },
      { what: "C's tone", pred: only(TONE.c), min: 3 * SECONDS },
    ]) as [Run, Run];
    expectLevel(heard.a, withC, SOURCE_RMS, 'A hears C after the transfer');
    expectSequence('C', heard.c, [{ what: "A's tone", pred: only(TONE.a), min: 3 * SECONDS }]);
    expect(record.legs.map((l) => l.extension)).toEqual(['1001', '1002', '1003']);
    expect(record).toMatchObject({ hangupCause: 'normal', hangupSide: 'callee' });
    const kinds = (record.segments ?? []).map((x) => x.kind);
    expect(kinds).toEqual(['flow', 'bridge', 'transfer', 'bridge']);
  }, 90_000);

  it('a REFER to a number nobody can answer puts A back with B and tells B it failed', async () => {
    const s = await aCallsB();
    await sleep(3000);
    const m = mark();
    phones.b.command('transfer', 'sip:1009@acme');
    await waitEvent('call.transferred', (e) => e.callId === s.call.id && e.target === '1009', m);
    // The switch puts A back with B and reports the failure (NOTIFY 480); baresip 1.0's menu then hangs the call
    // up by itself (later versions take it off hold), so the call ends from B's side.
    await bridged(s.call.id, [s.legA, s.legB], m);
    await phones.b.waitFor((e) => e.type === 'TRANSFER_FAILED', 15_000);
    expect(phones.b.log).toContain('transfer failed: 480');
    await waitEvent('leg.ended', (e) => e.callId === s.call.id && e.legId === s.legB.id, m);
    const { record } = await finished(s, ['a']);
    expect(record.legs.map((l) => l.extension)).toEqual(['1001', '1002']);
    expect((record.segments ?? []).map((x) => x.kind)).toEqual(['flow', 'bridge', 'transfer', 'bridge']);
    expect(record.segments?.[2]?.detail).toBe('1009');
    expect(record).toMatchObject({ hangupCause: 'normal', hangupSide: 'callee' });
  }, 90_000);

  it('attended transfer by command: A hears music on hold while B consults C, then A and C talk', async () => {
    const s = await aCallsB();
    await sleep(3000);
    const m = mark();
    const consulted = await run({
      command: 'consult',
      callId: s.call.id,
      legId: s.legB.id,
      target: { extension: '1003' },
    });
    expect(consulted).toMatchObject({ outcome: 'answered', status: 200 });
    await waitEvent('call.held', (e) => e.callId === s.call.id && e.legId === s.legA.id, m);
    const legC = await legTo(s.call, '1003');
    expect(consulted.legId).toBe(legC.id);
    await bridged(s.call.id, [s.legB, legC], m);
    await phones.c.waitFor((e) => e.type === 'CALL_ESTABLISHED', 15_000);
    await sleep(4000);
    const m2 = mark();
    expect(await run({ command: 'completeTransfer', callId: s.call.id, legId: s.legB.id })).toEqual({ ok: true });
    await bridged(s.call.id, [s.legA, legC], m2);
    await waitEvent('call.transferred', (e) => e.callId === s.call.id && e.kind === 'attended', m2);
    await phones.b.waitFor((e) => e.type === 'CALL_CLOSED', 15_000);
    await sleep(4000);
    phones.a.command('hangup');
    const { record, heard } = await finished(s, ['a', 'b', 'c']);

    // A: B, then music on hold (none of the phones' tones), then C. B: A, then C. C: B, then A.
    const [, onHold, withC] = expectSequence('A', heard.a, [
      { what: "B's tone", pred: only(TONE.b), min: 2 * SECONDS },
      { what: 'music on hold', pred: music, min: 3 * SECONDS },
      { what: "C's tone", pred: only(TONE.c), min: 3 * SECONDS },
    ]) as [Run, Run, Run];
    const mohLevel = innerRms(heard.a, onHold);
    console.info(`A on hold: music RMS ${mohLevel.toFixed(0)}`);
    expect(mohLevel).toBeGreaterThan(1000);
    expectLevel(heard.a, withC, SOURCE_RMS, 'A hears C after the transfer');
    expectSequence('B', heard.b, [
      { what: "A's tone", pred: only(TONE.a), min: 2 * SECONDS },
      { what: "C's tone", pred: only(TONE.c), min: 3 * SECONDS },
    ]);
    const [, cHearsA] = expectSequence('C', heard.c, [
      { what: "B's tone", pred: only(TONE.b), min: 3 * SECONDS },
      { what: "A's tone", pred: only(TONE.a), min: 3 * SECONDS },
    ]) as [Run, Run];
    expectLevel(heard.c, cHearsA, SOURCE_RMS, 'C hears A after the transfer');

    const kinds = (record.segments ?? []).map((x) => x.kind);
    expect(kinds).toEqual(['flow', 'bridge', 'hold', 'bridge', 'transfer', 'bridge']);
    expect((record.segments ?? [])[2]?.legIds).toEqual([s.legA.id]);
    expect(record.legs.map((l) => l.extension)).toEqual(['1001', '1002', '1003']);
  }, 90_000);

  it('a consult that B cancels puts B back with A and hangs up C', async () => {
    const s = await aCallsB();
    await sleep(3000);
    const m = mark();
    await run({ command: 'consult', callId: s.call.id, legId: s.legB.id, target: { extension: '1003' } });
    await waitEvent('call.held', (e) => e.callId === s.call.id && e.legId === s.legA.id, m);
    const legC = await legTo(s.call, '1003');
    await bridged(s.call.id, [s.legB, legC], m);
    await sleep(3000);
    const m2 = mark();
    expect(await run({ command: 'cancelTransfer', callId: s.call.id, legId: s.legB.id })).toEqual({ ok: true });
    await waitEvent('call.resumed', (e) => e.callId === s.call.id && e.legId === s.legA.id, m2);
    await bridged(s.call.id, [s.legA, s.legB], m2);
    await phones.c.waitFor((e) => e.type === 'CALL_CLOSED', 15_000);
    expect(legC.isEnded).toBe(true);
    expect(s.legA.isEnded || s.legB.isEnded).toBe(false);
    await sleep(4000);
    expect(s.call.isEnded).toBe(false);
    phones.a.command('hangup');
    const { record, heard } = await finished(s, ['a', 'b', 'c']);

    expectSequence('A', heard.a, [
      { what: "B's tone", pred: only(TONE.b), min: 2 * SECONDS },
      { what: 'music on hold', pred: music, min: 2 * SECONDS },
      { what: "B's tone again", pred: only(TONE.b), min: 3 * SECONDS },
    ]);
    const [, , again] = expectSequence('B', heard.b, [
      { what: "A's tone", pred: only(TONE.a), min: 2 * SECONDS },
      { what: "C's tone", pred: only(TONE.c), min: 2 * SECONDS },
      { what: "A's tone again", pred: only(TONE.a), min: 3 * SECONDS },
    ]) as [Run, Run, Run];
    expectLevel(heard.b, again, SOURCE_RMS, 'B hears A after the cancel');
    expectSequence('C', heard.c, [{ what: "B's tone", pred: only(TONE.b), min: 2 * SECONDS }]);
    expect(heard.c.filter((w) => share(w, TONE.a) > 0.1)).toEqual([]);
    expect((record.segments ?? []).map((x) => x.kind)).toEqual(['flow', 'bridge', 'hold', 'bridge', 'bridge']);
    expect(record.hangupSide).toBe('caller');
  }, 90_000);

  it('B hangs up while consulting C: A, on hold, goes on to C (attended transfer by hang-up)', async () => {
    const s = await aCallsB();
    await sleep(3000);
    const m = mark();
    await run({ command: 'consult', callId: s.call.id, legId: s.legB.id, target: { extension: '1003' } });
    await waitEvent('call.held', (e) => e.callId === s.call.id && e.legId === s.legA.id, m);
    const legC = await legTo(s.call, '1003');
    await bridged(s.call.id, [s.legB, legC], m);
    await sleep(3000);
    const m2 = mark();
    phones.b.command('hangup');
    await waitEvent('call.resumed', (e) => e.callId === s.call.id && e.legId === s.legA.id, m2);
    await bridged(s.call.id, [s.legA, legC], m2);
    await sleep(4000);
    expect(s.call.isEnded).toBe(false);
    phones.c.command('hangup');
    const { record, heard } = await finished(s, ['a', 'b', 'c']);

    const [, , withC] = expectSequence('A', heard.a, [
      { what: "B's tone", pred: only(TONE.b), min: 2 * SECONDS },
      { what: 'music on hold', pred: music, min: 2 * SECONDS },
      { what: "C's tone", pred: only(TONE.c), min: 3 * SECONDS },
    ]) as [Run, Run, Run];
    expectLevel(heard.a, withC, SOURCE_RMS, 'A hears C after B hung up');
    expectSequence('C', heard.c, [
      { what: "B's tone", pred: only(TONE.b), min: 2 * SECONDS },
      { what: "A's tone", pred: only(TONE.a), min: 3 * SECONDS },
    ]);
    expect((record.segments ?? []).map((x) => x.kind)).toEqual(['flow', 'bridge', 'hold', 'bridge', 'bridge']);
    expect(record.hangupSide).toBe('callee');
  }, 90_000);

  it('hold from the phone: A hears music while B holds, and B again after resume', async () => {
    const s = await aCallsB();
    await sleep(3000);
    const m = mark();
    phones.b.command('hold');
    await waitEvent('call.held', (e) => e.callId === s.call.id && e.legId === s.legA.id, m);
    await sleep(4000);
    const m2 = mark();
    phones.b.command('resume');
    await waitEvent('call.resumed', (e) => e.callId === s.call.id && e.legId === s.legA.id, m2);
    await bridged(s.call.id, [s.legA, s.legB], m2);
    // baresip 1.0 writes nothing more to its dumps after a re-INVITE of its own (a direct call between two
    // baresips shows the same), so what B hears after resume is taken from what the switch sends B's leg.
    const toB: Int16Array[] = [];
    const unsubscribe = s.legB.heard.subscribe((pcm) => toB.push(pcm.slice()));
    await sleep(4000);
    unsubscribe();
    phones.a.command('hangup');
    const { record, heard } = await finished(s, ['a', 'b']);

    const [, onHold, back] = expectSequence('A', heard.a, [
      { what: "B's tone", pred: only(TONE.b), min: 2 * SECONDS },
      { what: 'music on hold', pred: music, min: 3 * SECONDS },
      { what: "B's tone after resume", pred: only(TONE.b), min: 3 * SECONDS },
    ]) as [Run, Run, Run];
    expect(innerRms(heard.a, onHold)).toBeGreaterThan(1000);
    expectLevel(heard.a, back, SOURCE_RMS, 'A hears B after resume');
    const sentToB = toneTimeline(concat(toB), FREQS);
    console.info(`sent to B after resume: ${describeTimeline(sentToB, letter)}`);
    const [bHearsA] = expectSequence('sent to B', sentToB, [
      { what: "A's tone", pred: only(TONE.a), min: 3 * SECONDS },
    ]) as [Run];
    expectLevel(sentToB, bHearsA, SOURCE_RMS, "the switch sends B A's tone after resume");
    expect((record.segments ?? []).map((x) => x.kind)).toEqual(['flow', 'bridge', 'hold', 'bridge']);
  }, 90_000);

  it("hold from the caller's phone: B hears music while A holds, and A again after resume", async () => {
    const s = await aCallsB();
    await sleep(3000);
    const m = mark();
    phones.a.command('hold');
    await waitEvent('call.held', (e) => e.callId === s.call.id && e.legId === s.legB.id, m);
    await sleep(4000);
    const m2 = mark();
    phones.a.command('resume');
    await waitEvent('call.resumed', (e) => e.callId === s.call.id && e.legId === s.legB.id, m2);
    await bridged(s.call.id, [s.legA, s.legB], m2);
    await sleep(4000);
    phones.b.command('hangup');
    const { record, heard } = await finished(s, ['a', 'b']);

    const [, onHold, back] = expectSequence('B', heard.b, [
      { what: "A's tone", pred: only(TONE.a), min: 2 * SECONDS },
      { what: 'music on hold', pred: music, min: 3 * SECONDS },
      { what: "A's tone after resume", pred: only(TONE.a), min: 3 * SECONDS },
    ]) as [Run, Run, Run];
    expect(innerRms(heard.b, onHold)).toBeGreaterThan(1000);
    expectLevel(heard.b, back, SOURCE_RMS, 'B hears A after resume');
    expect((record.segments ?? []).map((x) => x.kind)).toEqual(['flow', 'bridge', 'hold', 'bridge']);
    expect(record.hangupSide).toBe('callee');
  }, 90_000);

  it('three-way by command: each phone hears the other two tones and not its own', async () => {
    const s = await aCallsB();
    await sleep(3000);
    const m = mark();
    const added = await run({
      command: 'conferenceAdd',
      callId: s.call.id,
      legId: s.legB.id,
      target: { extension: '1003' },
    });
    expect(added).toMatchObject({ outcome: 'answered' });
    const legC = await legTo(s.call, '1003');
    await waitEvent('conference.joined', (e) => e.callId === s.call.id && e.legId === legC.id, m);
    await bridged(s.call.id, [s.legA, s.legB, legC], m);
    await phones.c.waitFor((e) => e.type === 'CALL_ESTABLISHED', 15_000);
    await sleep(5000);
    // C muted: A and B hear only each other, C still hears both; then C is heard again.
    expect(await run({ command: 'mute', callId: s.call.id, legId: legC.id, muted: true })).toEqual({ ok: true });
    await sleep(3000);
    expect(await run({ command: 'mute', callId: s.call.id, legId: legC.id, muted: false })).toEqual({ ok: true });
    await sleep(3000);
    // C leaves: A and B go on as a two-party call (the mixer gives way to the relay).
    const m2 = mark();
    phones.c.command('hangup');
    await bridged(s.call.id, [s.legA, s.legB], m2);
    await sleep(3000);
    expect(s.call.isEnded).toBe(false);
    await run({ command: 'hangup', callId: s.call.id });
    const { record, heard } = await finished(s, ['a', 'b', 'c']);

    const mix = Math.SQRT2 * SOURCE_RMS;
    const check = (k: 'a' | 'b' | 'c', f: number, g: number, own: number) => {
      const [run3] = expectSequence(k.toUpperCase(), heard[k], [
        { what: `the mix of ${f} and ${g} Hz`, pred: pair(f, g), min: 3 * SECONDS },
      ]) as [Run];
      const block = heard[k].slice(run3.start + 1, run3.end - 1);
      const ownShare = Math.max(...block.map((w) => share(w, own)));
      console.info(`${k.toUpperCase()} in the conference: own ${own} Hz share at most ${ownShare.toFixed(4)}`);
      expect(ownShare).toBeLessThan(0.02);
      expectLevel(heard[k], run3, mix, `${k.toUpperCase()} hears the other two`);
    };
    check('a', TONE.b, TONE.c, TONE.a);
    check('b', TONE.a, TONE.c, TONE.b);
    check('c', TONE.a, TONE.b, TONE.c);
    const [, muted, , aAfter] = expectSequence('A', heard.a, [
      { what: 'the conference', pred: pair(TONE.b, TONE.c), min: 3 * SECONDS },
      { what: "B's tone alone while C is muted", pred: only(TONE.b), min: 2 * SECONDS },
      { what: 'the conference after unmute', pred: pair(TONE.b, TONE.c), min: 2 * SECONDS },
      { what: "B's tone after C left", pred: only(TONE.b), min: 2 * SECONDS },
    ]) as [Run, Run, Run, Run];
    expectLevel(heard.a, muted, SOURCE_RMS, 'A hears B (C muted)');
    expectLevel(heard.a, aAfter, SOURCE_RMS, 'A hears B after C left');
    expectSequence('B', heard.b, [
      { what: 'the conference', pred: pair(TONE.a, TONE.c), min: 3 * SECONDS },
      { what: "A's tone alone while C is muted", pred: only(TONE.a), min: 2 * SECONDS },
      { what: 'the conference after unmute', pred: pair(TONE.a, TONE.c), min: 2 * SECONDS },
      { what: "A's tone after C left", pred: only(TONE.a), min: 2 * SECONDS },
    ]);
    // C, muted, still heard the other two all along: never one of them alone.
    expect(describeTimeline(heard.c, letter)).not.toMatch(/[ab]/);
    expect(heard.c.filter(pair(TONE.a, TONE.b)).length).toBeGreaterThanOrEqual(9 * SECONDS);
    const conference = (record.segments ?? []).find((x) => x.kind === 'conference');
    expect(conference?.legIds.slice().sort()).toEqual([s.legA.id, s.legB.id, legC.id].sort());
    expect(record.hangupSide).toBe('system');
  }, 90_000);

  it('the recording follows hold, transfer and a three-way and plays end to end', async () => {
    const s = await aCallsB();
    await sleep(3000);
    let m = mark();
    phones.b.command('hold');
    const held = await waitEvent('call.held', (e) => e.callId === s.call.id && e.legId === s.legA.id, m);
    await sleep(3000);
    m = mark();
    phones.b.command('resume');
    const resumed = await bridged(s.call.id, [s.legA, s.legB], m);
    await sleep(3000);
    m = mark();
    phones.b.command('transfer', 'sip:1003@acme');
    const transferred = await waitEvent('call.transferred', (e) => e.callId === s.call.id, m);
    const legC = await legTo(s.call, '1003');
    const withC = await bridged(s.call.id, [s.legA, legC], m);
    await phones.b.waitFor((e) => e.type === 'CALL_CLOSED', 15_000);
    await sleep(3000);
    m = mark();
    phones.b.events.length = 0;
    await run({ command: 'conferenceAdd', callId: s.call.id, legId: legC.id, target: { extension: '1002' } });
    const legB2 = s.call.legs.find((l) => l.extension === '1002' && l !== s.legB && l.isAnswered) as Leg;
    expect(legB2).toBeDefined();
    const joined = await bridged(s.call.id, [s.legA, legC, legB2], m);
    await sleep(4000);
    // A, whose side the recording took, leaves; B and C go on and the recording follows one of them.
    m = mark();
    phones.a.command('hangup');
    const aLeft = await waitEvent('leg.ended', (e) => e.callId === s.call.id && e.legId === s.legA.id, m);
    await bridged(s.call.id, [legC, legB2], m);
    await sleep(3000);
    expect(s.call.isEnded).toBe(false);
    await run({ command: 'hangup', callId: s.call.id });
    const { record } = await finished(s, ['a', 'b', 'c']);

    expect(record.recordingPath).toBeTruthy();
    const wav = readFileSync(record.recordingPath as string);
    const left = wavChannel(wav, 0);
    const right = wavChannel(wav, 1);
    const seconds = left.length / 8000;
    const answered = (record.answeredAt as Date).getTime();
    const ended = record.endedAt.getTime();
    console.info(
      `recording ${seconds.toFixed(2)} s; call answered→ended ${((ended - answered) / 1000).toFixed(2)} s, first bridge→ended ${((ended - s.bridgedAt) / 1000).toFixed(2)} s`,
    );
    expect(right.length).toBe(left.length);
    expect(Math.abs(seconds - (ended - answered) / 1000)).toBeLessThan(1);

    console.info(
      `recording left ${describeTimeline(toneTimeline(left, FREQS, 250), letter)}\nrecording right ${describeTimeline(toneTimeline(right, FREQS, 250), letter)}`,
    );
    // Stretches of the call on the recording's time line (it starts at the first bridge), well inside each.
    const at = (iso: string | number) => ((typeof iso === 'number' ? iso : Date.parse(iso)) - s.bridgedAt) / 1000;
    // Left: what the anchor says (A; after A left, C or B); right: what it hears. Each stretch, 0.75 s in from its
    // ends, is measured as one block (Goertzel over the whole stretch, so that a stall of a loaded machine cutting a
    // few frames does not sway it): its party's tones carry the energy, nobody else's is there.
    type Want = number[] | 'music';
    const { a, b, c } = TONE;
    const stretches: Array<{ what: string; from: number; to: number; left: Want; right: Want }> = [
      { what: 'A with B', from: 0, to: at(held.at), left: [a], right: [b] },
      { what: 'A on hold', from: at(held.at), to: at(resumed.at), left: [a], right: 'music' },
      { what: 'A with B again', from: at(resumed.at), to: at(transferred.at), left: [a], right: [b] },
      { what: 'A with C', from: at(withC.at), to: at(joined.at), left: [a], right: [c] },
      { what: 'three-way', from: at(joined.at), to: at(aLeft.at), left: [a], right: [b, c] },
    ];
    const part = (samples: Int16Array, from: number, to: number) =>
      samples.subarray(Math.round((from + 0.75) * 8000), Math.round((to - 0.75) * 8000));
    const shares = (pcm: Int16Array) => new Map(toneLevels(pcm, 8000, FREQS).map((l) => [l.frequency, l.relative]));
    const expectBlock = (pcm: Int16Array, want: Want, what: string) => {
      const sh = shares(pcm);
      const of = (f: number) => sh.get(f) ?? 0;
      const detail = `${what}: ${describeTimeline(toneTimeline(pcm, FREQS, 250), letter)}; ${[...sh]
        .map(([f, v]) => `${f} Hz ${v.toFixed(2)}`)
        .join(', ')}; RMS ${rms(pcm).toFixed(0)}`;
      console.info(detail);
      expect(pcm.length, `${what}: too short on the recording`).toBeGreaterThanOrEqual(8000);
      const tones = want === 'music' ? [] : want;
      for (const f of [a, b, c]) {
        if (!tones.includes(f)) expect(of(f), detail).toBeLessThan(0.05);
        else expect(of(f), detail).toBeGreaterThan(tones.length === 1 ? 0.6 : 0.25);
      }
      if (tones.length === 2) expect(of(tones[0] as number) + of(tones[1] as number), detail).toBeGreaterThan(0.7);
      if (want === 'music') expect(rms(pcm), detail).toBeGreaterThan(1000);
    };
    for (const st of stretches) {
      expectBlock(part(left, st.from, st.to), st.left, `${st.what}, left channel (the anchor says)`);
      expectBlock(part(right, st.from, st.to), st.right, `${st.what}, right channel (the anchor hears)`);
    }
    // After A left the recording moved to C or B: its two channels are the two of them, one each.
    const lastLeft = part(left, at(aLeft.at), at(ended));
    const moved = (shares(lastLeft).get(b) ?? 0) > 0.6 ? b : c;
    expectBlock(lastLeft, [moved], 'after A left, left channel (the new anchor says)');
    expectBlock(part(right, at(aLeft.at), at(ended)), [moved === b ? c : b], 'after A left, right channel');
    const kinds = (record.segments ?? []).map((x) => x.kind);
    expect(kinds).toEqual(['flow', 'bridge', 'hold', 'bridge', 'transfer', 'bridge', 'conference', 'bridge']);
  }, 120_000);
});
