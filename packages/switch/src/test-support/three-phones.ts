import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CommandResult, SwitchCommand } from '@hujiao/shared';
import { expect } from 'vitest';
import type { Call } from '../call.ts';
import { InMemoryDirectory } from '../directory.ts';
import type { Leg } from '../leg.ts';
import { createSwitch, type Switch } from '../switch.ts';
import type { CallRecordData, SwitchEvent } from '../types.ts';
import { writeTone } from './audio.ts';
import { Baresip } from './baresip.ts';
import { CdrLog, EventLog, testLogger } from './peers.ts';
import { describeTimeline, firstRun, type Run, readDumps, type ToneWindow, toneTimeline } from './tone-timeline.ts';

/**
 * A switch and three baresip phones A (1001), B (1002), C (1003) for real-peer tests of call control: each phone
 * sends its own tone (400/800/1200 Hz) and auto-answers; helpers wait on the switch's events and read what each
 * phone heard (its `-dec.wav` dumps) as a timeline of tone windows.
 */

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The phones' tones: A 400 Hz, B 800 Hz, C 1200 Hz; ringback (450 Hz) is told apart from music on hold. */
export const TONE = { a: 400, b: 800, c: 1200 } as const;
export const RINGBACK = 450;
export const FREQS = [TONE.a, TONE.b, TONE.c, RINGBACK];
const VOLUME = 0.2;
/** RMS of each source: a sine of amplitude VOLUME at full scale. */
export const SOURCE_RMS = (VOLUME * 32767) / Math.SQRT2;
/** Windows of 0.5 s: a run of N windows is N/2 seconds of audio. */
export const SECONDS = 2;

export type PhoneKey = 'a' | 'b' | 'c';
const KEYS = ['a', 'b', 'c'] as const;
const NUMBERS = { a: '1001', b: '1002', c: '1003' } as const;

export const share = (w: ToneWindow, f: number) => w.share.get(f) ?? 0;
const loud = (w: ToneWindow) => w.rms > 300;
/** One phone's tone alone. */
export const only = (f: number) => (w: ToneWindow) =>
  loud(w) && share(w, f) > 0.8 && [TONE.a, TONE.b, TONE.c].every((g) => g === f || share(w, g) < 0.05);
/** Two tones (a conference mix), the third absent. */
export const pair = (f: number, g: number) => (w: ToneWindow) =>
  loud(w) &&
  share(w, f) > 0.25 &&
  share(w, g) > 0.25 &&
  share(w, f) + share(w, g) > 0.9 &&
  [TONE.a, TONE.b, TONE.c].every((h) => h === f || h === g || share(w, h) < 0.02);
/** Music on hold: loud, none of the phones' tones, not the ringback tone. */
export const music = (w: ToneWindow) =>
  loud(w) && [TONE.a, TONE.b, TONE.c].every((f) => share(w, f) < 0.05) && share(w, RINGBACK) < 0.5;

/** One letter per window, for failure messages: a/b/c a phone's tone, x b+c, y a+c, z a+b, m music, r ringback. */
export function letter(w: ToneWindow): string {
  if (!loud(w)) return '.';
  for (const [k, f] of Object.entries(TONE)) if (only(f)(w)) return k;
  if (pair(TONE.b, TONE.c)(w)) return 'x';
  if (pair(TONE.a, TONE.c)(w)) return 'y';
  if (pair(TONE.a, TONE.b)(w)) return 'z';
  if (share(w, RINGBACK) >= 0.5) return 'r';
  if (music(w)) return 'm';
  return '?';
}

/** A window that shows nothing recognisable (silence, or a tone cut by a stall): tolerated inside a run. */
const glitch = (w: ToneWindow) => letter(w) === '?' || letter(w) === '.';

/** Mean RMS of a run's windows, one window in from each end (set-up and tear-down edges), glitches left out. */
export function innerRms(timeline: readonly ToneWindow[], run: Run): number {
  const inner = timeline.slice(run.start + 1, Math.max(run.start + 2, run.end - 1)).filter((w) => !glitch(w));
  return inner.reduce((s, w) => s + w.rms, 0) / inner.length;
}

export function concat(parts: readonly Int16Array[]): Int16Array {
  const out = new Int16Array(parts.reduce((n, p) => n + p.length, 0));
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.length;
  }
  return out;
}

/** Expects runs matching `steps` in order (each at least `min` windows), returns them. */
export function expectSequence(
  name: string,
  timeline: readonly ToneWindow[],
  steps: Array<{ what: string; pred: (w: ToneWindow) => boolean; min: number }>,
): Run[] {
  const found: Run[] = [];
  let from = 0;
  for (const step of steps) {
    const run = firstRun(timeline, step.pred, step.min, from, glitch);
    if (!run)
      throw new Error(
        `${name}: no ${step.min / SECONDS} s of ${step.what} after window ${from}: ${describeTimeline(timeline, letter)}`,
      );
    found.push(run);
    from = run.end;
  }
  return found;
}

/** Expects a run's level within 25 % of `expected`. */
export function expectLevel(timeline: readonly ToneWindow[], run: Run, expected: number, what: string): void {
  const level = innerRms(timeline, run);
  console.info(`${what}: RMS ${level.toFixed(0)} (expected about ${expected.toFixed(0)})`);
  expect(Math.abs(level - expected) / expected).toBeLessThan(0.25);
}

export interface ThreePhonesPorts {
  /** The switch's SIP port. */
  sip: number;
  /** The switch's RTP range. */
  rtp: [number, number];
  /** Phone n (0..2) listens for SIP on sipBase + 10·n (baresip takes port+1 for TLS). */
  phoneSipBase: number;
  /** Phone n's ctrl_tcp port is ctrlBase + n. */
  ctrlBase: number;
  /** Phone n's RTP range is rtpBase + 100·n … + 99. */
  phoneRtpBase: number;
}

/** A call from A to B under way, with what is needed to read its outcome. */
export interface Started {
  call: Call;
  legA: Leg;
  legB: Leg;
  /** When A and B were first bridged (the recording starts then). */
  bridgedAt: number;
  dumpsBefore: Record<PhoneKey, Set<string>>;
}

export class ThreePhones {
  sw!: Switch;
  readonly events = new EventLog();
  readonly cdr = new CdrLog();
  readonly phones = {} as Record<PhoneKey, Baresip>;
  private readonly dir = mkdtempSync(join(tmpdir(), 'switch-call-control-'));

  constructor(private readonly ports: ThreePhonesPorts) {}

  async start(): Promise<void> {
    const p = this.ports;
    const directory = new InMemoryDirectory();
    directory.addTenant('t1', 'acme');
    for (const k of KEYS) directory.addExtension('t1', { number: NUMBERS[k], password: `secret-${k}` });
    this.sw = await createSwitch({
      sipPort: p.sip,
      bindAddress: '127.0.0.1',
      rtpPortMin: p.rtp[0],
      rtpPortMax: p.rtp[1],
      directory,
      events: this.events,
      cdr: this.cdr,
      logger: testLogger(),
      recordings: { pathFor: (t, c) => join(this.dir, 'recordings', t, `${c}.wav`) },
      // baresip 1.0 (libre) fails on any challenge it cannot compute (ENOSYS), so offer MD5 only.
      digestAlgorithms: ['MD5'],
    });
    const outbound = `outbound="sip:127.0.0.1:${p.sip}"`;
    // A takes both laws, B only PCMA, C only PCMU: relays and the mixer transcode between them.
    const codecs = { a: 'PCMU,PCMA', b: 'PCMA', c: 'PCMU' } as const;
    KEYS.forEach((k, n) => {
      const home = join(this.dir, k);
      mkdirSync(home);
      const source = join(this.dir, `${k}.wav`);
      // 60 s sources: longer than any call (baresip hangs up at the end of an aufile source).
      writeTone(source, TONE[k], VOLUME);
      this.phones[k] = new Baresip({
        dir: home,
        sipPort: p.phoneSipBase + 10 * n,
        ctrlPort: p.ctrlBase + n,
        rtpPorts: [p.phoneRtpBase + 100 * n, p.phoneRtpBase + 100 * n + 99],
        source,
        account: `<sip:${NUMBERS[k]}@acme>;auth_pass=secret-${k};${outbound};regint=60;answermode=auto;audio_codecs=${codecs[k]}`,
      });
    });
    await Promise.all(Object.values(this.phones).map((b) => b.start()));
    const end = Date.now() + 15_000;
    while (this.sw.registrations('t1').length < 3 && Date.now() < end) await sleep(100);
  }

  async stop(): Promise<void> {
    await Promise.all(Object.values(this.phones).map((b) => b?.stop()));
    await this.sw?.close();
    rmSync(this.dir, { recursive: true, force: true });
  }

  /** Waits for an event of `type` matching `pred` among those from index `from` of the log on. */
  readonly waitEvent = async <T extends SwitchEvent['type']>(
    type: T,
    pred: (e: Extract<SwitchEvent, { type: T }>) => boolean = () => true,
    from = 0,
    timeoutMs = 20_000,
  ): Promise<Extract<SwitchEvent, { type: T }>> => {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      const e = this.events.events
        .slice(from)
        .find(
          (x): x is Extract<SwitchEvent, { type: T }> =>
            x.type === type && pred(x as Extract<SwitchEvent, { type: T }>),
        );
      if (e) return e;
      await sleep(50);
    }
    throw new Error(`no ${type} event within ${timeoutMs} ms; got ${this.events.events.map((e) => e.type).join(' ')}`);
  };

  /** The position in the event log now: wait for events after it. */
  readonly mark = (): number => this.events.events.length;

  /** Waits until `call` has a live leg to `extension` (answered when asked) and returns it. */
  readonly legTo = async (call: Call, extension: string, answered = true, timeoutMs = 20_000): Promise<Leg> => {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      const leg = call.legs.find((l) => l.extension === extension && !l.isEnded && (!answered || l.isAnswered));
      if (leg) return leg;
      await sleep(50);
    }
    throw new Error(`no ${answered ? 'answered ' : ''}leg to ${extension} in call ${call.id}`);
  };

  /** Waits for the event that `legs` (and no others) are in one bridge or conference (after `from`). */
  readonly bridged = (callId: string, legs: Leg[], from = 0) => {
    const want = legs.map((l) => l.id).sort();
    return this.waitEvent(
      'call.bridged',
      (e) => e.callId === callId && e.legIds.slice().sort().join() === want.join(),
      from,
    );
  };

  /** A command's result, which must be ok. */
  readonly run = async (command: SwitchCommand): Promise<Extract<CommandResult, { ok: true }>> => {
    const r = await this.sw.execute(command);
    if (!r.ok) throw new Error(`${command.command} failed: ${r.error} ${r.message}`);
    return r;
  };

  /** Clears the phones' events, remembers their dumps, and has A call B until they talk. */
  readonly aCallsB = async (): Promise<Started> => {
    const { phones } = this;
    for (const b of Object.values(phones)) b.events.length = 0;
    const dumpsBefore = {
      a: new Set(phones.a.dumps('dec')),
      b: new Set(phones.b.dumps('dec')),
      c: new Set(phones.c.dumps('dec')),
    };
    const seen = new Set(this.events.of('call.created').map((e) => e.callId));
    phones.a.command('dial', 'sip:1002@acme');
    const created = await this.waitEvent('call.created', (e) => e.caller === '1001' && !seen.has(e.callId));
    const call = this.sw.calls().find((c) => c.id === created.callId);
    if (!call) throw new Error('call not found');
    const legA = await this.legTo(call, '1001');
    const legB = await this.legTo(call, '1002');
    const first = await this.bridged(call.id, [legA, legB]);
    await phones.a.waitFor((e) => e.type === 'CALL_ESTABLISHED', 15_000);
    await phones.b.waitFor((e) => e.type === 'CALL_ESTABLISHED', 15_000);
    return { call, legA, legB, bridgedAt: Date.parse(first.at), dumpsBefore };
  };

  /** Waits for the call's record and for each phone that took part to close its call; then reads the dumps. */
  readonly finished = async (
    s: Started,
    took: PhoneKey[],
  ): Promise<{ record: CallRecordData; heard: Record<PhoneKey, ToneWindow[]> }> => {
    const record = await this.cdr.waitFor((r) => r.callId === s.call.id, 20_000);
    for (const k of took) await this.phones[k].waitFor((e) => e.type === 'CALL_CLOSED', 15_000);
    await sleep(800); // sndfile closes its files after the call
    if (process.env.CALL_CONTROL_DEBUG)
      for (const k of took) console.info(`--- ${k.toUpperCase()} log ---\n${this.phones[k].log.slice(-6000)}`);
    const heard = {} as Record<PhoneKey, ToneWindow[]>;
    for (const k of KEYS) {
      const fresh = this.phones[k].dumps('dec').filter((f) => !s.dumpsBefore[k].has(f));
      heard[k] = toneTimeline(readDumps(fresh), FREQS);
      console.info(
        `${k.toUpperCase()} heard (${fresh.map((f) => f.slice(-28)).join(', ')}): ${describeTimeline(heard[k], letter)}`,
      );
    }
    return { record, heard };
  };
}
