import { describe, expect, it } from 'vitest';
import { toneLevels, tonesPresent } from '../audio/goertzel.ts';
import { ToneGenerator } from '../audio/tone-generator.ts';
import { decodeG711, encodeG711, G711Law } from '../codec/g711.ts';
import type { MediaLogger } from '../logger.ts';
import { MediaClock } from '../session/media-clock.ts';
import { AudioMixer } from './audio-mixer.ts';
import { type HeardBy, MIXER_FRAME_SAMPLES, type MixerMember } from './mixer-member.ts';

const FRAME = MIXER_FRAME_SAMPLES;
const FREQS = [400, 800, 1200, 2000];

class FakeClock {
  readonly listeners = new Set<() => void>();
  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  tick(): void {
    for (const l of this.listeners) l();
  }
}

interface Party {
  id: string;
  law: G711Law;
  /** Tone it sends, or undefined for a member that sends nothing. */
  freq?: number;
  hears?: boolean;
  heardBy?: HeardBy;
  /** Decoded audio this party received, concatenated. */
  got: Int16Array[];
  gen?: ToneGenerator;
  member?: MixerMember;
}

function party(id: string, law: G711Law, freq?: number, extra: Partial<Party> = {}): Party {
  const p: Party = { id, law, got: [], ...extra };
  if (freq !== undefined) p.freq = freq;
  if (freq !== undefined) p.gen = new ToneGenerator({ frequencies: [freq], cadenceMs: [], levelDbm0: -10 });
  return p;
}

function setUp(parties: Party[], clock = new FakeClock()): { mixer: AudioMixer; clock: FakeClock } {
  const mixer = new AudioMixer({ clock });
  for (const p of parties) {
    const opts = {
      law: p.law,
      send: (payload: Buffer) => p.got.push(decodeG711(p.law, payload)), // decodeG711 without `out` copies
      ...(p.hears !== undefined ? { hears: p.hears } : {}),
      ...(p.heardBy !== undefined ? { heardBy: p.heardBy } : {}),
    };
    p.member = mixer.add(p.id, opts);
  }
  return { mixer, clock };
}

/** Every party with a tone sends one 20 ms payload, then the clock ticks; `frames` times. */
function run(mixer: AudioMixer, clock: FakeClock, parties: Party[], frames: number): void {
  for (let f = 0; f < frames; f++) {
    for (const p of parties) if (p.gen) mixer.input(p.id, p.law, encodeG711(p.law, p.gen.next(new Int16Array(FRAME))));
    clock.tick();
  }
}

function joined(frames: Int16Array[], from = 0): Int16Array {
  const part = frames.slice(from);
  const out = new Int16Array(part.length * FRAME);
  for (let i = 0; i < part.length; i++) out.set(part[i] as Int16Array, i * FRAME);
  return out;
}

const heard = (p: Party, from = 0): number[] => tonesPresent(joined(p.got, from), 8000, FREQS, 0.05);

describe('AudioMixer', () => {
  it('three parties in PCMU and PCMA: each hears the other two and never itself', () => {
    const parties = [party('a', G711Law.PCMU, 400), party('b', G711Law.PCMA, 800), party('c', G711Law.PCMU, 1200)];
    const { mixer, clock } = setUp(parties);
    run(mixer, clock, parties, 50);
    expect(heard(parties[0] as Party)).toEqual([800, 1200]);
    expect(heard(parties[1] as Party)).toEqual([400, 1200]);
    expect(heard(parties[2] as Party)).toEqual([400, 800]);
    for (const p of parties) {
      // Its own tone is gone down to G.711 quantisation noise; each of the others carries half the energy.
      for (const level of toneLevels(joined(p.got), 8000, [400, 800, 1200])) {
        if (level.frequency === p.freq) expect(level.relative).toBeLessThan(0.001);
        else expect(level.relative).toBeGreaterThan(0.45);
      }
      expect(p.got).toHaveLength(50);
      expect(p.member?.stats).toMatchObject({ receivedSamples: 50 * FRAME, droppedSamples: 0, silentTicks: 0 });
    }
    mixer.close();
    expect(clock.listeners.size).toBe(0);
  });

  it('passes a single talker through unchanged to the others (decode, mix, encode is lossless for µ-law)', () => {
    const talker = party('t', G711Law.PCMU, 400);
    const other = party('o', G711Law.PCMU);
    const { mixer, clock } = setUp([talker, other]);
    const sent: Buffer[] = [];
    for (let f = 0; f < 10; f++) {
      const payload = encodeG711(G711Law.PCMU, talker.gen?.next(new Int16Array(FRAME)) ?? new Int16Array(FRAME));
      sent.push(payload);
      mixer.input('t', G711Law.PCMU, payload);
      clock.tick();
    }
    expect(other.got.map((pcm) => Buffer.from(encodeG711(G711Law.PCMU, pcm)))).toEqual(sent);
    // The talker hears the silent member: exact silence.
    expect(talker.got.every((pcm) => pcm.every((s) => s === 0))).toBe(true);
    expect(other.member?.stats.silentTicks).toBe(10);
  });

  it('sends G.711 silence when nobody talks, in each member law', () => {
    const payloads: Record<string, Buffer[]> = { u: [], a: [] };
    const clock = new FakeClock();
    const mixer = new AudioMixer({ clock });
    mixer.add('u', { law: G711Law.PCMU, send: (p) => payloads.u?.push(Buffer.from(p)) });
    mixer.add('a', { law: G711Law.PCMA, send: (p) => payloads.a?.push(Buffer.from(p)) });
    clock.tick();
    clock.tick();
    expect(payloads.u?.map((p) => p.every((b) => b === 0xff))).toEqual([true, true]);
    expect(payloads.a?.map((p) => p.every((b) => b === 0xd5))).toEqual([true, true]);
    mixer.setLaw('u', G711Law.PCMA);
    clock.tick();
    expect(payloads.u?.[2]?.every((b) => b === 0xd5)).toBe(true);
  });

  it('a listener (heardBy none) hears everybody and is heard by nobody; barge-in makes it a party', () => {
    const parties = [
      party('cust', G711Law.PCMA, 400),
      party('agent', G711Law.PCMA, 800),
      party('sup', G711Law.PCMU, 2000, { heardBy: 'none' }),
    ];
    const { mixer, clock } = setUp(parties);
    run(mixer, clock, parties, 25);
    const [cust, agent, sup] = parties as [Party, Party, Party];
    expect(heard(sup)).toEqual([400, 800]);
    expect(heard(cust)).toEqual([800]);
    expect(heard(agent)).toEqual([400]);
    mixer.update('sup', { heardBy: 'all' }); // barge-in
    run(mixer, clock, parties, 25);
    expect(heard(cust, 25)).toEqual([800, 2000]);
    expect(heard(agent, 25)).toEqual([400, 2000]);
    expect(heard(sup, 25)).toEqual([400, 800]);
  });

  it('a whisper is heard only by its target', () => {
    const parties = [
      party('cust', G711Law.PCMU, 400),
      party('agent', G711Law.PCMA, 800),
      party('sup', G711Law.PCMU, 1200, { heardBy: ['agent'] }),
    ];
    const { mixer, clock } = setUp(parties);
    run(mixer, clock, parties, 25);
    const [cust, agent, sup] = parties as [Party, Party, Party];
    expect(heard(agent)).toEqual([400, 1200]);
    expect(heard(cust)).toEqual([800]);
    expect(heard(sup)).toEqual([400, 800]);
    // Whispering to a member that joins later works once it is there.
    const late = party('late', G711Law.PCMU);
    mixer.add('late', { law: G711Law.PCMU, send: (p) => late.got.push(decodeG711(G711Law.PCMU, p)) });
    mixer.update('sup', { heardBy: ['late'] });
    run(mixer, clock, parties, 10);
    expect(heard(late)).toEqual([400, 800, 1200]);
    expect(heard(agent, 25)).toEqual([400]);
  });

  it('sends nothing to a member that does not hear, and nothing of a muted member to anyone', () => {
    const parties = [party('a', G711Law.PCMU, 400), party('b', G711Law.PCMU, 800, { hears: false })];
    const { mixer, clock } = setUp(parties);
    run(mixer, clock, parties, 10);
    const [a, b] = parties as [Party, Party];
    expect(b.got).toHaveLength(0);
    expect(heard(a)).toEqual([800]);
    mixer.update('b', { muted: true });
    expect(b.member?.muted).toBe(true);
    run(mixer, clock, parties, 10);
    expect(heard(a, 10)).toEqual([]);
    mixer.update('b', { muted: false, hears: true });
    run(mixer, clock, parties, 10);
    expect(heard(a, 20)).toEqual([800]);
    expect(heard(b)).toEqual([400]);
  });

  it('bounds each FIFO under a burst, dropping the oldest, and counts the drops', () => {
    const talker = party('t', G711Law.PCMU);
    const other = party('o', G711Law.PCMU);
    const { mixer, clock } = setUp([talker, other]);
    // 20 packets of 20 ms at once (400 ms): only the newest 80 ms (4 frames) are kept.
    for (let k = 0; k < 20; k++) mixer.input('t', G711Law.PCMU, Buffer.alloc(FRAME, k + 1));
    expect(talker.member?.stats).toMatchObject({ receivedSamples: 20 * FRAME, droppedSamples: 16 * FRAME });
    for (let f = 0; f < 6; f++) clock.tick();
    const codes = other.got.map((pcm) => encodeG711(G711Law.PCMU, pcm)[0]);
    expect(codes).toEqual([17, 18, 19, 20, 0xff, 0xff]);
    // One oversized payload: its newest samples survive.
    const big = Buffer.concat([Buffer.alloc(1000, 0x10), Buffer.alloc(640, 0x20)]);
    mixer.input('t', G711Law.PCMU, big);
    expect(talker.member?.stats.droppedSamples).toBe(16 * FRAME + 1000);
    clock.tick();
    expect(encodeG711(G711Law.PCMU, other.got[6] as Int16Array)[0]).toBe(0x20);
  });

  it('takes payloads of any length: 10 ms and 30 ms packets play continuously', () => {
    const tenMs = party('ten', G711Law.PCMU, 400);
    const thirty = party('thirty', G711Law.PCMA, 800);
    const ear = party('ear', G711Law.PCMU);
    const { mixer, clock } = setUp([tenMs, thirty, ear]);
    let thirtyDebt = 0;
    for (let f = 0; f < 60; f++) {
      for (let k = 0; k < 2; k++)
        mixer.input(
          'ten',
          G711Law.PCMU,
          encodeG711(G711Law.PCMU, tenMs.gen?.next(new Int16Array(80)) ?? new Int16Array(80)),
        );
      thirtyDebt += FRAME;
      if (thirtyDebt >= 240) {
        thirtyDebt -= 240;
        mixer.input(
          'thirty',
          G711Law.PCMA,
          encodeG711(G711Law.PCMA, thirty.gen?.next(new Int16Array(240)) ?? new Int16Array(240)),
        );
      }
      clock.tick();
    }
    expect(heard(ear, 4)).toEqual([400, 800]);
    expect(tenMs.member?.stats.silentTicks).toBe(0);
    expect(tenMs.member?.stats.droppedSamples).toBe(0);
    // The 30 ms sender is a frame short every third tick at most until its FIFO has a frame of slack.
    expect(thirty.member?.stats.silentTicks).toBeLessThanOrEqual(1);
    expect(thirty.member?.stats.droppedSamples).toBe(0);
  });

  it('lets a partial frame wait one tick, then plays it padded', () => {
    const t = party('t', G711Law.PCMU);
    const o = party('o', G711Law.PCMU);
    const { mixer, clock } = setUp([t, o]);
    mixer.input('t', G711Law.PCMU, Buffer.alloc(80, 0x20));
    clock.tick(); // waits
    expect((o.got[0] as Int16Array).every((s) => s === 0)).toBe(true);
    clock.tick(); // nothing more came: played, padded with silence
    const second = o.got[1] as Int16Array;
    expect(second.subarray(0, 80).every((s) => s !== 0)).toBe(true);
    expect(second.subarray(80).every((s) => s === 0)).toBe(true);
  });

  it('clips the sum to 16 bits', () => {
    const loud = (id: string): Party => party(id, G711Law.PCMU);
    const [a, b, ear] = [loud('a'), loud('b'), loud('ear')];
    const { mixer, clock } = setUp([a, b, ear]);
    mixer.input('a', G711Law.PCMU, Buffer.alloc(FRAME, 0x80)); // +32124
    mixer.input('b', G711Law.PCMU, Buffer.alloc(FRAME, 0x80));
    clock.tick();
    expect(Math.max(...(ear.got[0] as Int16Array))).toBe(32124); // 32767 clipped, re-encoded to the top code
    expect(Math.min(...(a.got[0] as Int16Array))).toBe(32124); // a hears b alone, not clipped
  });

  it('taps what each member hears and says, and option callbacks get every member', () => {
    const clock = new FakeClock();
    const heardByOption: string[] = [];
    const saidByOption: string[] = [];
    const mixer = new AudioMixer({
      clock,
      onHeard: (id, pcm) => heardByOption.push(`${id}:${pcm[0]}`),
      onSaid: (id, pcm) => saidByOption.push(`${id}:${pcm[0]}`),
    });
    const sentToA: Int16Array[] = [];
    const a = mixer.add('a', { law: G711Law.PCMU, send: (p) => sentToA.push(decodeG711(G711Law.PCMU, p)) });
    mixer.add('b', { law: G711Law.PCMA, send: () => {}, hears: false });
    const aHeard: Int16Array[] = [];
    const aSaid: Int16Array[] = [];
    const bHeard: Int16Array[] = [];
    const offHeard = a.heard.subscribe((pcm) => aHeard.push(pcm.slice()));
    a.said.subscribe((pcm) => aSaid.push(pcm.slice()));
    mixer.get('b')?.heard.subscribe((pcm) => bHeard.push(pcm.slice()));
    a.input(encodeG711(G711Law.PCMU, new Int16Array(FRAME).fill(1000)));
    mixer.input('b', G711Law.PCMA, encodeG711(G711Law.PCMA, new Int16Array(FRAME).fill(-2000)));
    clock.tick();
    // The tap is the mix a was sent, before encoding.
    expect(encodeG711(G711Law.PCMU, aHeard[0] as Int16Array)).toEqual(
      encodeG711(G711Law.PCMU, sentToA[0] as Int16Array),
    );
    expect(aHeard[0]?.[0]).toBe(decodeG711(G711Law.PCMA, encodeG711(G711Law.PCMA, Int16Array.of(-2000)))[0]);
    expect(aSaid[0]?.[0]).toBe(decodeG711(G711Law.PCMU, encodeG711(G711Law.PCMU, Int16Array.of(1000)))[0]);
    expect(bHeard[0]?.[0]).toBe(aSaid[0]?.[0]); // b does not hear, but its tap still gets its mix
    expect(saidByOption).toEqual([`a:${aSaid[0]?.[0]}`, `b:${aHeard[0]?.[0]}`]);
    expect(heardByOption).toEqual([`a:${aHeard[0]?.[0]}`, `b:${bHeard[0]?.[0]}`]);
    offHeard();
    clock.tick();
    expect(aHeard).toHaveLength(1);
    expect(aSaid).toHaveLength(2);
    expect(aSaid[1]?.every((s) => s === 0)).toBe(true); // said nothing this tick: silence
  });

  it('keeps mixing for the others when one send throws, and logs it', () => {
    const warnings: unknown[] = [];
    const logger: MediaLogger = { debug: () => {}, info: () => {}, warn: (o) => warnings.push(o), error: () => {} };
    const clock = new FakeClock();
    const mixer = new AudioMixer({ clock, logger, name: 'conf-1' });
    const bad = mixer.add('bad', {
      law: G711Law.PCMU,
      send: () => {
        throw new Error('socket closed');
      },
    });
    let good = 0;
    mixer.add('good', { law: G711Law.PCMU, send: () => good++ });
    for (let i = 0; i < 5; i++) clock.tick();
    expect(good).toBe(5);
    expect(bad.stats).toMatchObject({ sendErrors: 5, framesSent: 0 });
    expect(warnings[0]).toMatchObject({ mixer: 'conf-1', member: 'bad' });
  });

  it('subscribes to the clock while it has members, and refuses members after close', () => {
    const clock = new FakeClock();
    const mixer = new AudioMixer({ clock });
    expect(clock.listeners.size).toBe(0);
    mixer.add('a', { law: G711Law.PCMU, send: () => {} });
    mixer.add('b', { law: G711Law.PCMU, send: () => {} });
    expect(clock.listeners.size).toBe(1);
    expect(mixer.size).toBe(2);
    expect(mixer.remove('a')).toBe(true);
    expect(mixer.remove('a')).toBe(false);
    expect(mixer.input('a', G711Law.PCMU, Buffer.alloc(160))).toBe(false);
    expect(mixer.update('a', { hears: false })).toBe(false);
    expect(mixer.setLaw('a', G711Law.PCMA)).toBe(false);
    expect(clock.listeners.size).toBe(1);
    mixer.remove('b');
    expect(clock.listeners.size).toBe(0);
    mixer.add('c', { law: G711Law.PCMU, send: () => {} });
    expect(clock.listeners.size).toBe(1);
    expect(mixer.members().map((m) => m.id)).toEqual(['c']);
    mixer.close();
    expect(mixer.closed).toBe(true);
    expect(clock.listeners.size).toBe(0);
    expect(() => mixer.add('d', { law: G711Law.PCMU, send: () => {} })).toThrow('closed');
    expect(() => new AudioMixer({ clock, maxBufferMs: 10 })).toThrow(RangeError);
  });

  it('replaces a member added again under the same id', () => {
    const clock = new FakeClock();
    const mixer = new AudioMixer({ clock });
    let first = 0;
    let second = 0;
    mixer.add('a', { law: G711Law.PCMU, send: () => first++ });
    mixer.add('a', { law: G711Law.PCMU, send: () => second++ });
    clock.tick();
    expect([first, second, mixer.size]).toEqual([0, 1, 1]);
  });

  it('runs on the real MediaClock: one subscription, a frame every 20 ms, none after close', async () => {
    const clock = new MediaClock();
    const mixer = new AudioMixer({ clock });
    let sent = 0;
    mixer.add('a', { law: G711Law.PCMU, send: () => sent++ });
    mixer.add('b', { law: G711Law.PCMA, send: () => {} });
    expect(clock.subscriberCount).toBe(1);
    const start = performance.now();
    await new Promise((r) => setTimeout(r, 130));
    mixer.close();
    const elapsed = performance.now() - start;
    expect(clock.subscriberCount).toBe(0);
    expect(sent).toBeGreaterThanOrEqual(4);
    expect(sent).toBeLessThanOrEqual(Math.floor(elapsed / 20) + 1); // real-time pace, however late the timer
    expect(mixer.ticks).toBe(sent);
    const after = sent;
    await new Promise((r) => setTimeout(r, 50));
    expect(sent).toBe(after);
  });
});
