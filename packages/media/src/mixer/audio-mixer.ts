import { G711Law, g711Silence } from '../codec/g711.ts';
import type { MediaLogger } from '../logger.ts';
import { silentLogger } from '../logger.ts';
import type { MediaClock } from '../session/media-clock.ts';
import { ALAW_ENCODE, ULAW_ENCODE } from './g711-tables.ts';
import {
  Member,
  MIXER_FRAME_SAMPLES,
  MIXER_SAMPLE_RATE,
  type MixerMember,
  type MixerMemberOptions,
  type MixerMemberUpdate,
} from './mixer-member.ts';

export type MixerFrameListener = (id: string, pcm: Int16Array) => void;

export interface AudioMixerOptions {
  /** The shared 20 ms ticker; the mixer subscribes while it has members. */
  clock: Pick<MediaClock, 'subscribe'>;
  /** Every member's heard frame, each tick (as member.heard). */
  onHeard?: MixerFrameListener;
  /** Every member's said frame, each tick (as member.said). */
  onSaid?: MixerFrameListener;
  /** Input each member may have queued before the oldest is dropped. Default 80 ms. */
  maxBufferMs?: number;
  logger?: MediaLogger;
  /** Name in log lines (e.g. the conference id). */
  name?: string;
}

const FRAME = MIXER_FRAME_SAMPLES;

/**
 * A conference bridge for G.711 legs at 8 kHz: members' RTP payloads are decoded into per-member FIFOs; at each
 * 20 ms tick of the shared MediaClock the mixer takes one frame per member, sums once what everybody hears (Int32),
 * and sends every member that sum minus its own contribution plus what is whispered to it only, clipped to 16 bits
 * and encoded in its own law. So each party hears the others and never itself; a listener (heardBy 'none') is
 * heard by nobody; a whisperer (heardBy [agent]) only by the agent. Nothing is allocated per tick: cost is a few
 * passes over 160 samples per member. Exceptions from send() and taps are caught (one bad leg never stops the
 * clock's other subscribers).
 */
export class AudioMixer {
  readonly name: string | undefined;
  private readonly clock: Pick<MediaClock, 'subscribe'>;
  private readonly onHeard: MixerFrameListener | undefined;
  private readonly onSaid: MixerFrameListener | undefined;
  private readonly fifoSamples: number;
  private readonly logger: MediaLogger;
  private readonly byId = new Map<string, Member>();
  private list: Member[] = [];
  private readonly total = new Int32Array(FRAME);
  private readonly scratch = new Int32Array(FRAME);
  private unsubscribe: (() => void) | undefined;
  private closedFlag = false;
  private tickCount = 0;
  private callbackErrors = 0;
  private readonly sink = (id: string, law: G711Law, payload: Uint8Array): void => {
    this.input(id, law, payload);
  };

  constructor(options: AudioMixerOptions) {
    this.clock = options.clock;
    this.onHeard = options.onHeard;
    this.onSaid = options.onSaid;
    this.logger = options.logger ?? silentLogger;
    this.name = options.name;
    const ms = options.maxBufferMs ?? 80;
    if (!(ms >= 20)) throw new RangeError(`maxBufferMs ${ms} is below one frame`);
    this.fifoSamples = Math.round((ms * MIXER_SAMPLE_RATE) / 1000);
  }

  get size(): number {
    return this.list.length;
  }

  get closed(): boolean {
    return this.closedFlag;
  }

  /** Ticks mixed so far. */
  get ticks(): number {
    return this.tickCount;
  }

  has(id: string): boolean {
    return this.byId.has(id);
  }

  get(id: string): MixerMember | undefined {
    return this.byId.get(id);
  }

  members(): MixerMember[] {
    return [...this.list];
  }

  /** Adds a member (an id already present is replaced). */
  add(id: string, options: MixerMemberOptions): MixerMember {
    if (this.closedFlag) throw new Error('mixer is closed');
    if (this.byId.has(id)) this.remove(id);
    const member = new Member(id, options, this.fifoSamples, this.logger, this.sink);
    this.byId.set(id, member);
    this.list = [...this.list, member];
    this.relink();
    if (!this.unsubscribe) this.unsubscribe = this.clock.subscribe(() => this.tick());
    return member;
  }

  /** Removes a member; the clock subscription ends with the last one. Returns false for an unknown id. */
  remove(id: string): boolean {
    const member = this.byId.get(id);
    if (!member) return false;
    member.removed = true;
    this.byId.delete(id);
    this.list = this.list.filter((m) => m !== member);
    this.relink();
    if (this.list.length === 0) this.stopClock();
    return true;
  }

  /** Changes the codec of what is sent to the member (e.g. after a re-INVITE). */
  setLaw(id: string, law: G711Law): boolean {
    const member = this.byId.get(id);
    if (!member) return false;
    member.law = law;
    member.payloadSilence = undefined;
    return true;
  }

  /** Changes who the member hears and is heard by: listen → barge-in is update(id, { heardBy: 'all' }). */
  update(id: string, change: MixerMemberUpdate): boolean {
    const member = this.byId.get(id);
    if (!member) return false;
    if (change.hears !== undefined) member.hears = change.hears;
    if (change.muted !== undefined) {
      member.muted = change.muted;
      if (change.muted) member.fifo.clear();
    }
    if (change.heardBy !== undefined) {
      member.heardBy = Array.isArray(change.heardBy) ? [...change.heardBy] : change.heardBy;
      this.relink();
    }
    return true;
  }

  /** Queues one received RTP audio payload (any length) of member `id`. Returns false for an unknown id. */
  input(id: string, law: G711Law, payload: Uint8Array): boolean {
    const member = this.byId.get(id);
    if (!member) return false;
    member.write(law, payload);
    return true;
  }

  /** Removes every member and stops ticking; the mixer cannot be used again. */
  close(): void {
    if (this.closedFlag) return;
    this.closedFlag = true;
    for (const m of this.list) m.removed = true;
    this.list = [];
    this.byId.clear();
    this.stopClock();
  }

  /** Mixes and sends one frame; called by the clock every 20 ms (public for tests and benchmarks). */
  tick(): void {
    const list = this.list;
    const total = this.total;
    this.tickCount++;
    let summed = false;
    for (let k = 0; k < list.length; k++) {
      const m = list[k] as Member;
      m.pull();
      if (!m.active || !m.toAll) continue;
      const f = m.frame;
      if (summed) for (let i = 0; i < FRAME; i++) total[i] = (total[i] as number) + (f[i] as number);
      else total.set(f);
      summed = true;
    }
    for (let k = 0; k < list.length; k++) {
      const m = list[k] as Member;
      if (m.said.hasSubscribers) m.said.push(m.frame);
      if (this.onSaid) this.guard(this.onSaid, m.id, m.frame);
    }
    for (let k = 0; k < list.length; k++) {
      const m = list[k] as Member;
      if (m.removed || (!m.hears && !m.heard.hasSubscribers && !this.onHeard)) continue;
      const silent = this.mixFor(m, summed);
      if (m.heard.hasSubscribers) m.heard.push(m.out);
      if (this.onHeard) this.guard(this.onHeard, m.id, m.out);
      if (m.hears && !m.removed) this.sendTo(m, silent);
    }
  }

  /** Writes member m's mix into m.out; returns true when it is silence. */
  private mixFor(m: Member, summed: boolean): boolean {
    const extras = m.extras;
    let whispers = 0;
    for (let e = 0; e < extras.length; e++) if ((extras[e] as Member).active) whispers++;
    const own = m.active && m.toAll;
    const out = m.out;
    if (!summed && whispers === 0) {
      if (!m.outZero) out.fill(0);
      m.outZero = true;
      return true;
    }
    m.outZero = false;
    const total = this.total;
    if (whispers === 0) {
      if (summed && own) {
        const f = m.frame;
        for (let i = 0; i < FRAME; i++) out[i] = clip((total[i] as number) - (f[i] as number));
      } else {
        for (let i = 0; i < FRAME; i++) out[i] = clip(total[i] as number);
      }
      return false;
    }
    const acc = this.scratch;
    if (summed) acc.set(total);
    else acc.fill(0);
    if (own) {
      const f = m.frame;
      for (let i = 0; i < FRAME; i++) acc[i] = (acc[i] as number) - (f[i] as number);
    }
    for (let e = 0; e < extras.length; e++) {
      const w = extras[e] as Member;
      if (!w.active) continue;
      const f = w.frame;
      for (let i = 0; i < FRAME; i++) acc[i] = (acc[i] as number) + (f[i] as number);
    }
    for (let i = 0; i < FRAME; i++) out[i] = clip(acc[i] as number);
    return false;
  }

  private sendTo(m: Member, silent: boolean): void {
    const payload = m.payload;
    if (silent) {
      if (m.payloadSilence !== m.law) {
        payload.fill(g711Silence(m.law));
        m.payloadSilence = m.law;
      }
    } else {
      m.payloadSilence = undefined;
      const out = m.out;
      // Tables in locals: an imported binding read in the loop may cost a getter call per sample (tsx's ESM).
      if (m.law === G711Law.PCMU) {
        const table = ULAW_ENCODE;
        for (let i = 0; i < FRAME; i++) payload[i] = table[((out[i] as number) >> 2) & 0x3fff] as number;
      } else {
        const table = ALAW_ENCODE;
        for (let i = 0; i < FRAME; i++) payload[i] = table[((out[i] as number) >> 3) & 0x1fff] as number;
      }
    }
    try {
      m.send(payload);
      m.stats.framesSent++;
    } catch (err) {
      m.stats.sendErrors++;
      if (m.stats.sendErrors <= 3 || m.stats.sendErrors % 1000 === 0) {
        this.logger.warn({ err, mixer: this.name, member: m.id, errors: m.stats.sendErrors }, 'mixer send threw');
      }
    }
  }

  private guard(fn: MixerFrameListener, id: string, pcm: Int16Array): void {
    try {
      fn(id, pcm);
    } catch (err) {
      this.callbackErrors++;
      if (this.callbackErrors <= 3 || this.callbackErrors % 1000 === 0) {
        this.logger.warn({ err, mixer: this.name, member: id }, 'mixer frame listener threw');
      }
    }
  }

  /** Recomputes, for every member, the members heard only by a list that names it. */
  private relink(): void {
    for (const listener of this.list) {
      listener.extras = this.list.filter(
        (w) => w !== listener && Array.isArray(w.heardBy) && w.heardBy.includes(listener.id),
      );
    }
  }

  private stopClock(): void {
    this.unsubscribe?.();
    this.unsubscribe = undefined;
  }
}

function clip(v: number): number {
  return Math.max(-32768, Math.min(32767, v));
}
