import { quotedEnd } from './chars.ts';

/**
 * Splits a header value on the commas that separate list elements (RFC 3261 §7.3.1), ignoring commas
 * inside quoted strings and angle brackets. Elements are trimmed; empty elements are kept so that the
 * caller can reject them. Returns null for an unterminated quoted string.
 */
export function splitList(value: string): string[] | null {
  const out: string[] = [];
  let start = 0;
  let angle = false;
  for (let i = 0; i < value.length; i++) {
    const c = value.charCodeAt(i);
    if (c === 34 /* " */) {
      const end = quotedEnd(value, i);
      if (end < 0) return null;
      i = end - 1;
    } else if (c === 60 /* < */) {
      angle = true;
    } else if (c === 62 /* > */) {
      angle = false;
    } else if (c === 44 /* , */ && !angle) {
      out.push(value.slice(start, i).trim());
      start = i + 1;
    }
  }
  out.push(value.slice(start).trim());
  return out;
}
