import type { MediaLogger } from '../logger.ts';
import { silentLogger } from '../logger.ts';
import { dtmfEventToDigit, TelephoneEvent } from './telephone-event.ts';

export interface DtmfDigit {
  /** '0'-'9', '*', '#', 'A'-'D', or '!' for flash. */
  digit: string;
  event: number;
  /** RTP timestamp of the event start (identifies the event, RFC 4733 §2.5.2.1). */
  timestamp: number;
  /** Duration in RTP timestamp units as last reported by the sender. */
  duration: number;
  volume: number;
  /** False when the digit was reported without an end packet (lost end packets, or flush()). */
  ended: boolean;
}

export interface DtmfDetectorOptions {
  onDigit: (digit: DtmfDigit) => void;
  logger?: MediaLogger;
}

interface PendingEvent {
  timestamp: number;
  event: number;
  duration: number;
  volume: number;
}

const RECENT = 8;

/**
 * Receiver side of RFC 4733 §2.5.2: folds the packets of one event (same RTP timestamp, updates with growing
 * duration, the end packet usually sent three times) into exactly one digit. A digit is reported when its first
 * end packet arrives, or — if every end packet was lost — when a packet of the next event arrives or flush() is
 * called. Repeated end packets and late, reordered packets of an event already reported are ignored.
 * Feed it only packets whose payload type is the negotiated telephone-event type.
 */
export class DtmfDetector {
  private pending: PendingEvent | undefined;
  private readonly recent: number[] = [];
  private readonly onDigit: (digit: DtmfDigit) => void;
  private readonly logger: MediaLogger;

  constructor(options: DtmfDetectorOptions) {
    this.onDigit = options.onDigit;
    this.logger = options.logger ?? silentLogger;
  }

  /** Feeds one RTP packet's timestamp and payload. Returns false if the payload was malformed. */
  push(timestamp: number, payload: Buffer): boolean {
    const parsed = TelephoneEvent.parse(payload);
    if (!parsed.ok) {
      this.logger.debug({ error: parsed.error }, 'dropping malformed telephone-event');
      return false;
    }
    const ev = parsed.value;
    if (this.recent.includes(timestamp)) return true; // repeat of an event already reported
    const p = this.pending;
    if (p && p.timestamp !== timestamp) {
      // A new event started while the previous never showed its end: report the previous one now.
      this.report(p, false);
      this.pending = undefined;
    }
    if (ev.end) {
      this.report({ timestamp, event: ev.event, duration: ev.duration, volume: ev.volume }, true);
      this.pending = undefined;
      return true;
    }
    if (this.pending) {
      this.pending.duration = Math.max(this.pending.duration, ev.duration);
    } else {
      this.pending = { timestamp, event: ev.event, duration: ev.duration, volume: ev.volume };
    }
    return true;
  }

  /** Reports an event still waiting for its end packet (call when the stream stops or after a timeout). */
  flush(): void {
    if (this.pending) this.report(this.pending, false);
    this.pending = undefined;
  }

  private report(p: PendingEvent, ended: boolean): void {
    this.recent.push(p.timestamp);
    if (this.recent.length > RECENT) this.recent.shift();
    const digit = dtmfEventToDigit(p.event);
    if (digit === undefined) {
      this.logger.debug({ event: p.event }, 'ignoring non-DTMF telephone-event');
      return;
    }
    this.onDigit({ digit, event: p.event, timestamp: p.timestamp, duration: p.duration, volume: p.volume, ended });
  }
}
