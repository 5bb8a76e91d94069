import { isWhitespace, quotedEnd } from './chars.ts';

/** Generic parameters, keyed by lower-cased name; `null` means a parameter without value. */
export type Params = Map<string, string | null>;

// Characters that end a parameter name or token value, by char code (a table: this runs for every parameter).
const STOP = new Uint8Array(128);
for (const c of ';=,"<> \t') STOP[c.charCodeAt(0)] = 1;
const isStop = (s: string, i: number): boolean => {
  const c = s.charCodeAt(i);
  return c < 128 && STOP[c] === 1;
};

/**
 * Parses `*( SEMI generic-param )` (RFC 3261 §25.1), tolerating LWS around ';' and '='
 * (folded lines are already unfolded to single spaces). Returns null on empty or malformed parameters.
 */
export function parseParams(s: string, start = 0): Params | null {
  const params: Params = new Map();
  let i = skipWs(s, start);
  while (i < s.length) {
    if (s[i] !== ';') return null;
    i = skipWs(s, i + 1);
    const nameStart = i;
    while (i < s.length && !isStop(s, i)) i++;
    if (i === nameStart) return null;
    const name = s.slice(nameStart, i).toLowerCase();
    i = skipWs(s, i);
    let value: string | null = null;
    if (s[i] === '=') {
      i = skipWs(s, i + 1);
      const valueStart = i;
      if (s[i] === '"') {
        const end = quotedEnd(s, i);
        if (end < 0) return null;
        i = end;
      } else {
        while (i < s.length && !isStop(s, i)) i++;
      }
      if (i === valueStart) return null;
      value = s.slice(valueStart, i);
      i = skipWs(s, i);
    }
    params.set(name, value);
  }
  return params;
}

export function serializeParams(params: Params): string {
  let out = '';
  for (const [k, v] of params) out += v === null ? `;${k}` : `;${k}=${v}`;
  return out;
}

export function skipWs(s: string, i: number): number {
  while (i < s.length && isWhitespace(s.charCodeAt(i))) i++;
  return i;
}
