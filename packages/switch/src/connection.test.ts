import { decodeG711, encodeG711, ToneGenerator, toneLevels } from '@hujiao/media';
import { describe, expect, it } from 'vitest';
import { Connection, ConnectionKind, PartyMode } from './connection.ts';
import type { LegMedia } from './sdp-rewrite.ts';
import { FakeLeg, fakeSwitchContext, ManualClock, PCMA, PCMU } from './test-support/fake-leg.ts';

const FREQS = [400, 800, 1200, 1600];

/** A leg that sends a pure tone, one 20 ms frame per `say()`. */
class Speaker {
  private readonly gen: ToneGenerator;
  private readonly pcm = new Int16Array(160);
  constructor(
    readonly leg: FakeLeg,
    freq: number,
  ) {
    this.gen = new ToneGenerator({ frequencies: [freq], cadenceMs: [], levelDbm0: -12 });
  }
  say(): void {
    const media = this.leg.media as LegMedia;
    const payload = encodeG711(media.law, this.gen.next(this.pcm), Buffer.alloc(160));
    this.leg.receive(media.payloadType, payload);
  }
}

function setup(medias: LegMedia[]) {
  const clock = new ManualClock();
  const ctx = fakeSwitchContext({ clock: clock.asMediaClock() });
  const changes: number[] = [];
  const connection = new Connection(clock.asMediaClock(), (c) => changes.push(c.size));
  const speakers = medias.map(
    (m, i) => new Speaker(new FakeLeg(ctx, { media: m, extension: `100${i}` }), FREQS[i] ?? 0),
  );
  return { clock, connection, speakers, legs: speakers.map((s) => s.leg), changes };
}

/** Runs `frames` mixer ticks with every speaker talking; returns the tone shares each leg heard in the last half. */
function talk(o: ReturnType<typeof setup>, frames: number, quiet: FakeLeg[] = []) {
  const from = o.legs.map((l) => l.rtp.payloads.length);
  for (let i = 0; i < frames; i++) {
    for (const s of o.speakers) if (!quiet.includes(s.leg)) s.say();
    o.clock.tick();
  }
  return o.legs.map((leg, i) => {
    const sent = leg.rtp.payloads.slice((from[i] as number) + Math.floor(frames / 2));
    const pcm = new Int16Array(sent.length * 160);
    sent.forEach((p, k) => {
      pcm.set(decodeG711((leg.media as LegMedia).law, p.payload, new Int16Array(160)), k * 160);
    });
    const levels = toneLevels(pcm, 8000, FREQS);
    return {
      frames: sent.length,
      payloadTypes: new Set(sent.map((p) => p.payloadType)),
      hears: (f: number) => (levels.find((l) => l.frequency === f)?.relative ?? 0) > 0.1,
    };
  });
}

describe('Connection', () => {
  it('relays two full parties (datagrams forwarded, nothing mixed)', () => {
    const o = setup([PCMU, PCMA]);
    const [a, b] = o.legs as [FakeLeg, FakeLeg];
    o.connection.add(a);
    expect(o.connection.kind).toBe(ConnectionKind.None);
    o.connection.add(b);
    expect(o.connection.kind).toBe(ConnectionKind.Relay);
    expect(o.clock.subscriberCount).toBe(0);
    a.receive(0, a.frame(0x55));
    expect(b.rtp.packets().map((p) => p.payloadType)).toEqual([8]);
    expect(b.rtp.payloads).toHaveLength(0);
    expect(o.connection.partnersOf(a)).toEqual([b]);
    expect(o.changes).toEqual([1, 2]);
  });

  it('switches to the mixer when a third party joins and back to the relay when one leaves', () => {
    const o = setup([PCMU, PCMU, PCMA]);
    const [a, b, c] = o.legs as [FakeLeg, FakeLeg, FakeLeg];
    o.connection.add(a);
    o.connection.add(b);
    o.connection.add(c);
    expect(o.connection.kind).toBe(ConnectionKind.Mixer);
    expect(o.clock.subscriberCount).toBe(1);
    const heard = talk(o, 30);
    // Each hears the other two and not itself; the PCMA party gets PT 8.
    expect([heard[0]?.hears(400), heard[0]?.hears(800), heard[0]?.hears(1200)]).toEqual([false, true, true]);
    expect([heard[1]?.hears(400), heard[1]?.hears(800), heard[1]?.hears(1200)]).toEqual([true, false, true]);
    expect([heard[2]?.hears(400), heard[2]?.hears(800), heard[2]?.hears(1200)]).toEqual([true, true, false]);
    expect([...(heard[2]?.payloadTypes ?? [])]).toEqual([8]);
    expect(a.rtp.raw).toHaveLength(0); // nothing relayed while mixing
    o.connection.remove(c);
    expect(o.connection.kind).toBe(ConnectionKind.Relay);
    expect(c.sink).toBeNull();
    expect(o.clock.subscriberCount).toBe(0);
    const before = b.rtp.raw.length;
    a.receive(0, a.frame(0x33));
    expect(b.rtp.raw.length).toBe(before + 1);
    const cBefore = c.rtp.raw.length + c.rtp.payloads.length;
    a.receive(0, a.frame(0x33));
    expect(c.rtp.raw.length + c.rtp.payloads.length).toBe(cBefore);
    expect(o.changes).toEqual([1, 2, 3, 2]);
  });

  it('a listener hears both parties and is heard by nobody (mixer even for two talkers)', () => {
    const o = setup([PCMU, PCMU, PCMU]);
    const [a, b, s] = o.legs as [FakeLeg, FakeLeg, FakeLeg];
    o.connection.add(a);
    o.connection.add(b);
    o.connection.add(s, PartyMode.Listen);
    expect(o.connection.kind).toBe(ConnectionKind.Mixer);
    expect(o.connection.partnersOf(a)).toEqual([b]);
    const heard = talk(o, 30);
    expect(heard[0]?.hears(1200)).toBe(false);
    expect(heard[1]?.hears(1200)).toBe(false);
    expect([heard[2]?.hears(400), heard[2]?.hears(800)]).toEqual([true, true]);
  });

  it('a whisperer is heard only by the parties named; barge-in (full) makes it heard by all', () => {
    const o = setup([PCMU, PCMU, PCMU]);
    const [agent, customer, sup] = o.legs as [FakeLeg, FakeLeg, FakeLeg];
    o.connection.add(agent);
    o.connection.add(customer);
    o.connection.add(sup, PartyMode.Whisper, [agent.id]);
    let heard = talk(o, 30);
    expect(heard[0]?.hears(1200)).toBe(true);
    expect(heard[1]?.hears(1200)).toBe(false);
    expect([heard[2]?.hears(400), heard[2]?.hears(800)]).toEqual([true, true]);
    o.connection.setMode(sup, PartyMode.Full);
    heard = talk(o, 30);
    expect(heard[1]?.hears(1200)).toBe(true);
  });

  it('two parties with one listening go through the mixer; setMode(full) goes back to the relay', () => {
    const o = setup([PCMU, PCMU]);
    const [a, b] = o.legs as [FakeLeg, FakeLeg];
    o.connection.add(a);
    o.connection.add(b, PartyMode.Listen);
    expect(o.connection.kind).toBe(ConnectionKind.Mixer);
    const heard = talk(o, 20);
    expect(heard[1]?.hears(400)).toBe(true);
    expect(heard[0]?.hears(800)).toBe(false);
    o.connection.setMode(b, PartyMode.Full);
    expect(o.connection.kind).toBe(ConnectionKind.Relay);
  });

  it('a muted party is not heard in the mix (and not relayed); unmuted it is again', () => {
    const o = setup([PCMU, PCMU, PCMU]);
    const [a, b, c] = o.legs as [FakeLeg, FakeLeg, FakeLeg];
    for (const l of [a, b, c]) o.connection.add(l);
    o.connection.setMuted(a, true);
    let heard = talk(o, 30);
    expect([heard[1]?.hears(400), heard[2]?.hears(400)]).toEqual([false, false]);
    expect(heard[1]?.hears(1200)).toBe(true);
    o.connection.setMuted(a, false);
    heard = talk(o, 30);
    expect([heard[1]?.hears(400), heard[2]?.hears(400)]).toEqual([true, true]);
    // Muted in a relay too, and the mute survives a re-plan into the relay.
    o.connection.setMuted(a, true);
    o.connection.remove(c);
    const before = b.rtp.raw.length;
    a.receive(0, a.frame(0x44));
    expect(b.rtp.raw.length).toBe(before);
  });

  it('close() stops the media and takes the sinks back', () => {
    const o = setup([PCMU, PCMU, PCMU]);
    for (const l of o.legs) o.connection.add(l);
    o.connection.close();
    expect(o.clock.subscriberCount).toBe(0);
    for (const l of o.legs) expect(l.sink).toBeNull();
    expect(o.connection.size).toBe(0);
    o.connection.add(o.legs[0] as FakeLeg);
    expect(o.connection.size).toBe(0);
  });
});
