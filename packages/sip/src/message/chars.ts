/**
 * Character classes of the RFC 3261 §25.1 grammar, as lookup tables built once.
 */

function table(chars: string, alnum: boolean): Uint8Array {
  const t = new Uint8Array(128);
  if (alnum) {
    for (let c = 48; c <= 57; c++) t[c] = 1;
    for (let c = 65; c <= 90; c++) t[c] = 1;
    for (let c = 97; c <= 122; c++) t[c] = 1;
  }
  for (let i = 0; i < chars.length; i++) t[chars.charCodeAt(i)] = 1;
  return t;
}

/** token = 1*(alphanum / "-" / "." / "!" / "%" / "*" / "_" / "+" / "`" / "'" / "~") */
const TOKEN = table("-.!%*_+`'~", true);
/** unreserved / user-unreserved (RFC 3261 §25.1), plus '%' for escapes (checked separately). */
const USER = table("-_.!~*'()&=+$,;?/%", true);
/** unreserved / password chars: "&" / "=" / "+" / "$" / "," */
const PASSWORD = table("-_.!~*'()&=+$,%", true);
/** paramchar = param-unreserved / unreserved / escaped */
const PARAM = table("[]/:&+$-_.!~*'()%", true);
/** hnv-unreserved / unreserved / escaped */
const HEADER = table("[]/?:+$-_.!~*'()%", true);
const HOST = table('-.', true);
const HEX = table('abcdefABCDEF', false);
for (let c = 48; c <= 57; c++) HEX[c] = 1;

function all(s: string, t: Uint8Array, allowEmpty: boolean): boolean {
  if (s.length === 0) return allowEmpty;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || t[c] !== 1) return false;
    if (c === 37 /* % */ && !(isHex(s.charCodeAt(i + 1)) && isHex(s.charCodeAt(i + 2)))) return false;
  }
  return true;
}

function isHex(c: number): boolean {
  return c < 128 && HEX[c] === 1;
}

export function isToken(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || TOKEN[c] !== 1) return false;
  }
  return true;
}

export const isUserPart = (s: string): boolean => all(s, USER, false);
export const isPasswordPart = (s: string): boolean => all(s, PASSWORD, true);
export const isParamText = (s: string, allowEmpty: boolean): boolean => all(s, PARAM, allowEmpty);
export const isHeaderText = (s: string): boolean => all(s, HEADER, true);

/** hostname / IPv4address (RFC 3261 §25.1); IPv6 references are checked by isIpv6Reference. */
export function isHostname(s: string): boolean {
  if (s.length === 0 || s.length > 255) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 128 || HOST[c] !== 1) return false;
  }
  return s.charCodeAt(0) !== 45 && s.charCodeAt(0) !== 46;
}

/** IPv6reference = "[" IPv6address "]" */
export function isIpv6Reference(s: string): boolean {
  if (s.length < 4 || s[0] !== '[' || s[s.length - 1] !== ']') return false;
  for (let i = 1; i < s.length - 1; i++) {
    const c = s.charCodeAt(i);
    if (!(isHex(c) || c === 58 /* : */ || c === 46) /* . */) return false;
  }
  return s.includes(':');
}

export function isDigits(s: string): boolean {
  if (s.length === 0) return false;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 48 || c > 57) return false;
  }
  return true;
}

export const isWhitespace = (c: number): boolean => c === 32 || c === 9;

/**
 * Index just past the closing quote of the quoted-string starting at `start` (which must be '"'),
 * honouring quoted-pair escapes (RFC 3261 §25.1). Returns -1 when the string is unterminated.
 */
export function quotedEnd(s: string, start: number): number {
  for (let i = start + 1; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 92 /* \ */) {
      i++;
      continue;
    }
    if (c === 34) return i + 1;
  }
  return -1;
}

/** Removes surrounding quotes and quoted-pair escapes. */
export function unquote(s: string): string {
  if (s.length < 2 || s[0] !== '"' || s[s.length - 1] !== '"') return s;
  let out = '';
  for (let i = 1; i < s.length - 1; i++) {
    if (s[i] === '\\' && i + 1 < s.length - 1) i++;
    out += s[i];
  }
  return out;
}

/** Quotes a string, escaping '"' and '\' as quoted-pairs. */
export function quote(s: string): string {
  let out = '"';
  for (const ch of s) out += ch === '"' || ch === '\\' ? `\\${ch}` : ch;
  return `${out}"`;
}

/** Trims SP and HTAB only (String.prototype.trim would also strip U+FEFF and other Unicode spaces). */
export function trimLws(s: string): string {
  let a = 0;
  let b = s.length;
  while (a < b && isWhitespace(s.charCodeAt(a))) a++;
  while (b > a && isWhitespace(s.charCodeAt(b - 1))) b--;
  return a === 0 && b === s.length ? s : s.slice(a, b);
}
