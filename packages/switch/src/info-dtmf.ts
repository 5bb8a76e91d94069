import { dtmfDigitToEvent, dtmfEventToDigit } from '@hujiao/media';

/** How a digit reached a leg. */
export const DtmfVia = {
  /** RFC 4733 telephone-event packets in the RTP stream. */
  Rfc4733: 'rfc4733',
  /** A SIP INFO request (application/dtmf-relay or application/dtmf, the legacy usage of RFC 6086 §2). */
  Info: 'info',
} as const;
export type DtmfVia = (typeof DtmfVia)[keyof typeof DtmfVia];

export const DTMF_RELAY = 'application/dtmf-relay';
export const DTMF = 'application/dtmf';
/** The INFO bodies we accept (the Accept header of a 415, RFC 3261 §21.4.13). */
export const INFO_ACCEPT = [DTMF_RELAY, DTMF].join(', ');

export type InfoDtmf =
  /** No body: a keep-alive or probe; answered 200. */
  | { kind: 'empty' }
  | { kind: 'digit'; digit: string; durationMs: number | undefined }
  /** A DTMF content type whose body names no digit. */
  | { kind: 'invalid' }
  /** Another content type (→ 415). */
  | { kind: 'unsupported' };

/**
 * One digit from a signal value: '0'-'9', '*', '#', 'A'-'D', or the RFC 4733 §3.2 event code (10 = *, 11 = #,
 * 12-15 = A-D) that some phones write instead. Flash (16) and anything else are not digits.
 */
export function normalizeDigit(value: string): string | undefined {
  const v = value.trim();
  if (/^\d{2}$/.test(v)) {
    const d = dtmfEventToDigit(Number(v));
    return d === '!' ? undefined : d;
  }
  return dtmfDigitToEvent(v) === undefined ? undefined : v.toUpperCase();
}

/**
 * Reads DTMF from the body of an INFO request. `application/dtmf-relay` (the de-facto format of Cisco and most
 * phones) is `Signal=5\r\nDuration=160\r\n`; `application/dtmf` is the digit alone.
 */
export function parseInfoDtmf(contentType: string | undefined, body: Buffer): InfoDtmf {
  if (body.length === 0) return { kind: 'empty' };
  const type = (contentType ?? '').split(';')[0]?.trim().toLowerCase();
  const text = body.toString('utf8');
  if (type === DTMF_RELAY) {
    let digit: string | undefined;
    let durationMs: number | undefined;
    for (const line of text.split(/\r?\n/)) {
      const eq = line.indexOf('=');
      if (eq < 0) continue;
      const key = line.slice(0, eq).trim().toLowerCase();
      const value = line.slice(eq + 1).trim();
      if (key === 'signal') digit = normalizeDigit(value);
      else if (key === 'duration' && /^\d+$/.test(value)) durationMs = Number(value);
    }
    return digit ? { kind: 'digit', digit, durationMs } : { kind: 'invalid' };
  }
  if (type === DTMF) {
    const digit = normalizeDigit(text);
    return digit ? { kind: 'digit', digit, durationMs: undefined } : { kind: 'invalid' };
  }
  return { kind: 'unsupported' };
}

/** The body of an INFO we send for one digit (application/dtmf-relay). */
export function dtmfRelayBody(digit: string, durationMs = 160): string {
  return `Signal=${digit}\r\nDuration=${durationMs}\r\n`;
}
