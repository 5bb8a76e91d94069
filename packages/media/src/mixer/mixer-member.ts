import { AudioTap } from '../audio/audio-tap.ts';
import type { G711Law } from '../codec/g711.ts';
import type { MediaLogger } from '../logger.ts';
import { SampleFifo } from './sample-fifo.ts';

export const MIXER_SAMPLE_RATE = 8000;
/** One 20 ms frame at 8 kHz. */
export const MIXER_FRAME_SAMPLES = 160;

/**
 * Who hears a member: everybody who hears (a party of a conference, a barge-in), nobody (a supervisor listening
 * in), or only the listed members (a supervisor whispering to the agent: `[agentId]`).
 */
export type HeardBy = 'all' | 'none' | readonly string[];

export interface MixerMemberOptions {
  /** Codec of the frames sent to this member. */
  law: G711Law;
  /**
   * Gets this member's mix, one 20 ms G.711 payload per tick. The buffer is reused at the next tick: send it (or
   * copy it) before returning — RtpSession.sendPayload copies it into the packet.
   */
  send: (payload: Buffer) => void;
  /** Whether anything is sent to this member. Default true. */
  hears?: boolean;
  /** Default 'all'. */
  heardBy?: HeardBy;
  /** A muted member's input is discarded: nobody hears it, its `said` tap gets silence. Default false. */
  muted?: boolean;
}

export interface MixerMemberUpdate {
  hears?: boolean;
  heardBy?: HeardBy;
  muted?: boolean;
}

export interface MixerMemberStats {
  /** Samples received (decoded into the member's FIFO). */
  receivedSamples: number;
  /** Samples dropped because the FIFO was full (a burst, or a sender faster than the mixer's clock). */
  droppedSamples: number;
  /** Ticks at which the member had no frame of input (contributed silence). */
  silentTicks: number;
  /** Payloads handed to send(). */
  framesSent: number;
  /** Exceptions thrown by send(), caught. */
  sendErrors: number;
}

/** The handle add() returns. Its taps get decoded PCM each tick, valid only during the call. */
export interface MixerMember {
  readonly id: string;
  readonly law: G711Law;
  readonly hears: boolean;
  readonly heardBy: HeardBy;
  readonly muted: boolean;
  /** What this member hears (the mix sent to it, before encoding), each tick while it hears or is tapped. */
  readonly heard: AudioTap;
  /** What this member said: its input frame each tick (silence when it sent nothing). */
  readonly said: AudioTap;
  readonly stats: Readonly<MixerMemberStats>;
  /** Same as mixer.input(id, law, payload); `law` defaults to the member's law. */
  input(payload: Uint8Array, law?: G711Law): void;
}

const FRAME = MIXER_FRAME_SAMPLES;

/** A member's state inside the mixer (the mixer hands it out as its MixerMember interface). */
export class Member implements MixerMember {
  law: G711Law;
  hears: boolean;
  heardBy: HeardBy;
  muted: boolean;
  readonly send: (payload: Buffer) => void;
  readonly heard: AudioTap;
  readonly said: AudioTap;
  readonly stats: MixerMemberStats = {
    receivedSamples: 0,
    droppedSamples: 0,
    silentTicks: 0,
    framesSent: 0,
    sendErrors: 0,
  };
  readonly fifo: SampleFifo;
  /** This tick's input. */
  readonly frame = new Int16Array(FRAME);
  /** This tick's mix for the member. */
  readonly out = new Int16Array(FRAME);
  readonly payload = Buffer.alloc(FRAME);
  /** Members heard only by some, this one among them (whisperers to it). */
  extras: Member[] = [];
  /** Whether `frame` holds input this tick. */
  active = false;
  removed = false;
  private frameZero = true;
  outZero = true;
  /** The law `payload` holds silence in, when it does. */
  payloadSilence: G711Law | undefined;
  /** A partial frame waited one tick for the rest. */
  private waited = false;

  constructor(
    readonly id: string,
    options: MixerMemberOptions,
    fifoSamples: number,
    logger: MediaLogger,
    private readonly sink: (id: string, law: G711Law, payload: Uint8Array) => void,
  ) {
    this.law = options.law;
    this.send = options.send;
    this.hears = options.hears ?? true;
    this.heardBy = options.heardBy ?? 'all';
    this.muted = options.muted ?? false;
    this.fifo = new SampleFifo(fifoSamples);
    this.heard = new AudioTap({ logger, name: `heard:${id}` });
    this.said = new AudioTap({ logger, name: `said:${id}` });
  }

  get toAll(): boolean {
    return this.heardBy === 'all';
  }

  input(payload: Uint8Array, law: G711Law = this.law): void {
    this.sink(this.id, law, payload);
  }

  write(law: G711Law, payload: Uint8Array): void {
    if (this.muted || this.removed) return;
    this.fifo.writeG711(law, payload);
    this.stats.receivedSamples = this.fifo.received;
    this.stats.droppedSamples = this.fifo.dropped;
  }

  /** Takes this tick's frame. A partial frame (10 ms packets arriving unevenly) waits one tick for the rest. */
  pull(): void {
    const available = this.fifo.length;
    if (available >= FRAME || (available > 0 && this.waited)) {
      this.fifo.read(this.frame);
      this.waited = false;
      this.active = true;
      this.frameZero = false;
      return;
    }
    this.waited = available > 0;
    this.active = false;
    this.stats.silentTicks++;
    if (!this.frameZero) {
      this.frame.fill(0);
      this.frameZero = true;
    }
  }
}
