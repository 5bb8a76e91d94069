import { isDigits } from './chars.ts';
import { SINGLE_VALUED } from './header-names.ts';
import { isRequest, type SipRequest, type SipResponse } from './message.ts';
import { ParseErrorCode, type SipParseError } from './parse-error.ts';
import { isSipUri } from './uri.ts';

const REQUIRED = ['via', 'from', 'to', 'call-id', 'cseq'] as const;

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
  for (const name of REQUIRED) {
    if (!msg.has(name)) return fail(ParseErrorCode.MissingHeader, `missing ${name}`, name);
  }
  const counts = new Map<string, number>();
  for (const h of msg.headers) {
    if (SINGLE_VALUED.has(h.key)) counts.set(h.key, (counts.get(h.key) ?? 0) + 1);
  }
  for (const [key, n] of counts) {
    if (n > 1) return fail(ParseErrorCode.DuplicateHeader, `${key} appears ${n} times`, key);
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
