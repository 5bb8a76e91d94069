/** Compact header forms (RFC 3261 §7.3.3, §20 and the extension RFCs noted). */
const COMPACT: Readonly<Record<string, string>> = {
  i: 'call-id',
  m: 'contact',
  e: 'content-encoding',
  l: 'content-length',
  c: 'content-type',
  f: 'from',
  s: 'subject',
  k: 'supported',
  t: 'to',
  v: 'via',
  o: 'event', // RFC 6665
  r: 'refer-to', // RFC 3515
  b: 'referred-by', // RFC 3892
  u: 'allow-events', // RFC 6665
  a: 'accept-contact', // RFC 3841
  j: 'reject-contact', // RFC 3841
  d: 'request-disposition', // RFC 3841
  x: 'session-expires', // RFC 4028
  y: 'identity', // RFC 8224
};

const SPECIAL: Readonly<Record<string, string>> = {
  'call-id': 'Call-ID',
  cseq: 'CSeq',
  'www-authenticate': 'WWW-Authenticate',
  'mime-version': 'MIME-Version',
  rack: 'RAck',
  rseq: 'RSeq',
  'sip-etag': 'SIP-ETag',
  'sip-if-match': 'SIP-If-Match',
  'p-asserted-identity': 'P-Asserted-Identity',
  'p-preferred-identity': 'P-Preferred-Identity',
};

/** Header fields whose values are comma-separated lists (RFC 3261 §7.3.1) and may be split. */
const LIST = new Set([
  'via',
  'route',
  'record-route',
  'contact',
  'allow',
  'supported',
  'require',
  'proxy-require',
  'unsupported',
  'accept',
  'accept-encoding',
  'accept-language',
  'allow-events',
  'content-encoding',
  'content-language',
  'path',
  'service-route',
  'alert-info',
  'call-info',
  'error-info',
  'in-reply-to',
  'warning',
  'reason',
  'history-info',
  'p-asserted-identity',
  'p-preferred-identity',
]);

/** Header fields that may appear at most once (RFC 3261 §7.3.1, §20). */
export const SINGLE_VALUED: ReadonlySet<string> = new Set([
  'call-id',
  'cseq',
  'from',
  'to',
  'max-forwards',
  'content-length',
  'content-type',
]);

const keyCache = new Map<string, string>();
const nameCache = new Map<string, string>();
const WORD_START = /(^|-)([a-z])/g;

/** Lower-cased long form of a header name; compact forms are expanded. */
export function headerKey(name: string): string {
  let key = keyCache.get(name);
  if (key === undefined) {
    const lower = name.toLowerCase();
    key = COMPACT[lower] ?? lower;
    if (keyCache.size < 1000) keyCache.set(name, key);
  }
  return key;
}

/** The conventional spelling of a header key, e.g. `call-id` → `Call-ID`. */
export function canonicalName(key: string): string {
  const special = SPECIAL[key] ?? nameCache.get(key);
  if (special) return special;
  const name = key.replace(WORD_START, (_m, dash: string, c: string) => dash + c.toUpperCase());
  if (nameCache.size < 1000) nameCache.set(key, name);
  return name;
}

export function isListHeader(key: string): boolean {
  return LIST.has(key);
}
