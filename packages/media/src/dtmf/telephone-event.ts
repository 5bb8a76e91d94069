import { fail, ok, type ParseResult } from '../result.ts';

/**
 * RFC 4733 §2.3 telephone-event payload:
 *
 *  0                   1                   2                   3
 *  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 * |     event     |E|R| volume    |          duration             |
 * +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
 *
 * Event codes for DTMF, RFC 4733 §3.2: 0-9, * = 10, # = 11, A-D = 12-15, flash = 16.
 * Volume is the power level in -dBm0 (0..63); duration is in RTP timestamp units.
 */
export const TELEPHONE_EVENT_LENGTH = 4;
export const DEFAULT_TELEPHONE_EVENT_PAYLOAD_TYPE = 101;

const DIGITS = '0123456789*#ABCD';

/** Maps a DTMF digit ('0'-'9', '*', '#', 'A'-'D', case-insensitive) to its event code, or undefined. */
export function dtmfDigitToEvent(digit: string): number | undefined {
  if (digit.length !== 1) return undefined;
  const i = DIGITS.indexOf(digit.toUpperCase());
  return i < 0 ? undefined : i;
}

/** Maps an event code to its DTMF digit ('!' for flash, 16), or undefined for other events. */
export function dtmfEventToDigit(event: number): string | undefined {
  if (event === 16) return '!';
  return event >= 0 && event < DIGITS.length ? DIGITS[event] : undefined;
}

export interface TelephoneEventFields {
  event: number;
  end?: boolean;
  volume?: number;
  duration: number;
}

export class TelephoneEvent {
  event: number;
  end: boolean;
  volume: number;
  duration: number;

  constructor(f: TelephoneEventFields) {
    this.event = f.event;
    this.end = f.end ?? false;
    this.volume = f.volume ?? 10;
    this.duration = f.duration;
  }

  /** Parses the first event block of a payload; later blocks (redundancy, RFC 4733 §2.5.1.6) are ignored. */
  static parse(payload: Buffer): ParseResult<TelephoneEvent> {
    if (payload.length < TELEPHONE_EVENT_LENGTH) return fail(`telephone-event payload too short: ${payload.length}`);
    const flags = payload[1] as number;
    return ok(
      new TelephoneEvent({
        event: payload[0] as number,
        end: (flags & 0x80) !== 0,
        volume: flags & 0x3f,
        duration: payload.readUInt16BE(2),
      }),
    );
  }

  serialize(): Buffer {
    const out = Buffer.allocUnsafe(TELEPHONE_EVENT_LENGTH);
    this.serializeInto(out, 0);
    return out;
  }

  serializeInto(target: Buffer, offset = 0): number {
    if (this.event < 0 || this.event > 255) throw new RangeError(`telephone-event code ${this.event} out of range`);
    target[offset] = this.event;
    target[offset + 1] = (this.end ? 0x80 : 0) | (this.volume & 0x3f); // R bit sent as 0
    target.writeUInt16BE(Math.min(0xffff, Math.max(0, this.duration)), offset + 2);
    return TELEPHONE_EVENT_LENGTH;
  }
}
