import { isToken, isWhitespace, quote, quotedEnd, unquote } from './chars.ts';
import { type Params, parseParams, serializeParams } from './params.ts';
import { parseUri, serializeUri, type Uri } from './uri.ts';

const LWS = /[ \t]+/;
const SPACE = /\s/;

/** name-addr / addr-spec with header parameters (RFC 3261 §20.10, §20.20, §20.39, §25.1). */
export interface NameAddr {
  /** Display name without quotes and escapes, or null. */
  displayName: string | null;
  uri: Uri;
  params: Params;
}

/**
 * Parses `( name-addr / addr-spec ) *( SEMI param )`. In addr-spec form the URI ends at the first ';'
 * and may not contain ',', ';' or '?' (RFC 3261 §20.10); such URIs must be enclosed in angle brackets.
 */
export function parseNameAddr(text: string): NameAddr | null {
  const s = text.trim();
  if (s.length === 0) return null;
  let displayName: string | null = null;
  let i = 0;
  if (s[0] === '"') {
    const end = quotedEnd(s, 0);
    if (end < 0) return null;
    displayName = unquote(s.slice(0, end));
    i = end;
    while (i < s.length && isWhitespace(s.charCodeAt(i))) i++;
    if (s[i] !== '<') return null;
  } else {
    const lt = s.indexOf('<');
    if (lt >= 0) {
      const dn = s.slice(0, lt).trim();
      if (dn.length > 0) {
        // display-name = *(token LWS) / quoted-string
        for (const word of dn.split(LWS)) if (!isToken(word)) return null;
        displayName = dn;
      }
      i = lt;
    }
  }
  if (s[i] === '<') {
    const gt = s.indexOf('>', i);
    if (gt < 0) return null;
    // Spaces inside the brackets are tolerated (RFC 4475 §3.1.2.14 allows being liberal).
    const uri = parseUri(s.slice(i + 1, gt).trim());
    if (!uri) return null;
    const params = parseParams(s, gt + 1);
    if (!params) return null;
    return { displayName, uri, params };
  }
  const semi = s.indexOf(';');
  const uriText = (semi < 0 ? s : s.slice(0, semi)).trim();
  if (uriText.includes('?') || uriText.includes(',') || SPACE.test(uriText)) return null;
  const uri = parseUri(uriText);
  if (!uri) return null;
  const params = semi < 0 ? new Map() : parseParams(s, semi);
  if (!params) return null;
  return { displayName: null, uri, params };
}

export function serializeNameAddr(value: NameAddr): string {
  const dn = value.displayName === null || value.displayName === '' ? '' : `${quote(value.displayName)} `;
  return `${dn}<${serializeUri(value.uri)}>${serializeParams(value.params)}`;
}

export function nameAddr(uri: Uri, params?: Params, displayName?: string): NameAddr {
  return { displayName: displayName ?? null, uri, params: params ?? new Map() };
}

export function tagOf(value: NameAddr | null | undefined): string | null {
  return value?.params.get('tag') ?? null;
}
