import { quote, quotedEnd, unquote } from '../message/chars.ts';
import { splitList } from '../message/split.ts';

/** A challenge or credentials value: `Digest realm="x", nonce="y", ...` (RFC 3261 §25.1, RFC 7616 §3.3-§3.4). */
export interface AuthValue {
  scheme: string;
  /** Parameters keyed by lower-cased name, unquoted. */
  params: Map<string, string>;
}

export function parseAuthValue(text: string): AuthValue | null {
  const s = text.trim();
  const sp = s.search(SPACE);
  if (sp <= 0) return null;
  const scheme = s.slice(0, sp);
  const params = new Map<string, string>();
  const parts = splitList(s.slice(sp + 1));
  if (!parts) return null;
  for (const part of parts) {
    if (part === '') continue;
    const eq = part.indexOf('=');
    if (eq <= 0) return null;
    const name = part.slice(0, eq).trim().toLowerCase();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"')) {
      if (quotedEnd(value, 0) !== value.length) return null;
      value = unquote(value);
    }
    params.set(name, value);
  }
  return { scheme, params };
}

const SPACE = /\s/;
/** Parameters sent as tokens, not quoted strings (RFC 7616 §3.3, §3.4; RFC 3261 §25.1). */
const TOKEN_PARAMS = new Set(['algorithm', 'nc', 'qop', 'stale']);

export function serializeAuthValue(value: AuthValue, challenge = false): string {
  const parts: string[] = [];
  for (const [k, v] of value.params) {
    // In a challenge qop is a quoted list; in credentials it is a token (RFC 3261 §25.1).
    const bare = TOKEN_PARAMS.has(k) && !(challenge && k === 'qop');
    parts.push(`${k}=${bare ? v : quote(v)}`);
  }
  return `${value.scheme} ${parts.join(', ')}`;
}
