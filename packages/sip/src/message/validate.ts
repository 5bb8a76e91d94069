import { isDigits } from './chars.ts';
import { SINGLE_VALUED } from './header-names.ts';
import { isRequest, type SipRequest, type SipResponse } from './message.ts';
import { ParseErrorCode, type SipParseError } from './parse-error.ts';
import { isSipUri } from './uri.ts';

const REQUIRED = ['via', 'from', 'to', 'call-id', 'cseq'] as const;
/** A bit per single-valued field (RFC 3261 §7.3.1), and one for Via (required, but it may repeat). */
const VIA_BIT = 1 << 30;
const BITS = new Map<string, number>([...[...SINGLE_VALUED].map((key, i) => [key, 1 << i] as const), ['via', VIA_BIT]]);

function fail(code: ParseErrorCode, message: string, header?: string): SipParseError {
  return header === undefined ? { code, message } : { code, message, header };
}

/**
 * Checks what every element needs before it acts on a message: the mandatory header fields
 * (RFC 3261 §8.1.1, §20), single-valued fields appearing once, Via/From/To/CSeq/Contact syntax,
 * Max-Forwards range (§20.22), CSeq bounds and method (§8.1.1.5, §8.2.2) and no headers in a SIP
 * Request-URI (§19.1.1). Max-Forwards is not required, so RFC 2543 requests still pass (RFC 4475 §3.4.1).
 */
export function validateMessage(msg: SipRequest | SipResponse): SipParseError | null {
  // One pass over the fields: which mandatory ones are there, and whether a single-valued one repeats.
  let seen = 0;
  let repeated = false;
  for (const h of msg.headers) {
    const bit = BITS.get(h.key);
    if (bit === undefined) continue;
    if (seen & bit && bit !== VIA_BIT) repeated = true;
    seen |= bit;
  }
  for (const name of REQUIRED) {
    if (!(seen & (BITS.get(name) ?? 0))) return fail(ParseErrorCode.MissingHeader, `missing ${name}`, name);
  }
  if (repeated) {
    for (const h of msg.headers) {
      const n = SINGLE_VALUED.has(h.key) ? msg.count(h.key) : 0;
      if (n > 1) return fail(ParseErrorCode.DuplicateHeader, `${h.key} appears ${n} times`, h.key);
    }
  }
  if (!msg.vias || msg.vias.length === 0) return fail(ParseErrorCode.HeaderValue, 'malformed Via', 'via');
  if (!msg.from) return fail(ParseErrorCode.HeaderValue, 'malformed From', 'from');
  if (!msg.to) return fail(ParseErrorCode.HeaderValue, 'malformed To', 'to');
  if (msg.callId.trim() === '') return fail(ParseErrorCode.HeaderValue, 'empty Call-ID', 'call-id');
  const cseq = msg.cseq;
  if (!cseq) return fail(ParseErrorCode.HeaderValue, 'malformed CSeq', 'cseq');
  const mf = msg.get('max-forwards');
  if (mf !== undefined) {
    const v = mf.trim();
    if (!isDigits(v) || v.length > 10 || Number(v) > 255) {
      return fail(ParseErrorCode.HeaderValue, 'Max-Forwards out of range', 'max-forwards');
    }
  }
  if (msg.has('contact') && msg.contacts === null) {
    return fail(ParseErrorCode.HeaderValue, 'malformed Contact', 'contact');
  }
  if (isRequest(msg)) {
    if (cseq.method !== msg.method) {
      return fail(ParseErrorCode.CSeqMethodMismatch, `CSeq method ${cseq.method} differs from ${msg.method}`, 'cseq');
    }
    if (isSipUri(msg.uri) && msg.uri.headers.size > 0) {
      return fail(ParseErrorCode.RequestUri, 'headers are not allowed in a Request-URI');
    }
  }
  return null;
}
