import type { MediaLogger } from '../logger.ts';
import { silentLogger } from '../logger.ts';

/**
 * Receives one frame of 8 kHz 16-bit PCM. The frame is the producer's reusable buffer: it is valid only during the
 * call, so a subscriber that keeps audio copies it (StereoWavRecorder.write and MonoWavRecorder.write do).
 */
export type PcmListener = (pcm: Int16Array) => void;

export interface AudioTapOptions {
  /** Where a subscriber's exception is reported (it is caught: the other subscribers still get the frame). */
  logger?: MediaLogger;
  /** Name in log lines, e.g. "heard:leg-7". */
  name?: string;
}

/**
 * Fans PCM frames out to any number of subscribers: a recording, a supervisor listening, later speech
 * recognition, all on the same leg. push() with no subscriber costs one length check, so a producer can push every
 * frame unconditionally (or test hasSubscribers first to skip producing the frame at all).
 *
 * The subscriber list is copied on change and never in push(), so a subscriber may unsubscribe itself (or another)
 * during a push without allocation on the hot path; a subscriber added during a push gets the next frame.
 */
export class AudioTap {
  private listeners: readonly PcmListener[] = [];
  private readonly logger: MediaLogger;
  private readonly name: string | undefined;
  private errorCount = 0;

  constructor(options: AudioTapOptions = {}) {
    this.logger = options.logger ?? silentLogger;
    this.name = options.name;
  }

  get hasSubscribers(): boolean {
    return this.listeners.length > 0;
  }

  get subscriberCount(): number {
    return this.listeners.length;
  }

  /** Exceptions thrown by subscribers so far (each was caught and logged). */
  get errors(): number {
    return this.errorCount;
  }

  /** Adds `listener`; the returned function removes it (calling it again does nothing). */
  subscribe(listener: PcmListener): () => void {
    // Wrapped so that the same function subscribed twice gets two independent subscriptions.
    const entry: PcmListener = (pcm) => listener(pcm);
    this.listeners = [...this.listeners, entry];
    return () => {
      if (this.listeners.includes(entry)) this.listeners = this.listeners.filter((l) => l !== entry);
    };
  }

  /** Hands `pcm` to every subscriber in subscription order. */
  push(pcm: Int16Array): void {
    const list = this.listeners;
    for (let i = 0; i < list.length; i++) {
      try {
        (list[i] as PcmListener)(pcm);
      } catch (err) {
        this.errorCount++;
        // Rate-limited: a subscriber that throws on every frame would otherwise log 50 lines a second.
        if (this.errorCount <= 3 || this.errorCount % 1000 === 0) {
          this.logger.warn({ err, tap: this.name, errors: this.errorCount }, 'audio tap subscriber threw');
        }
      }
    }
  }

  /** Removes every subscriber. */
  clear(): void {
    this.listeners = [];
  }
}
