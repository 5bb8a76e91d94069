/**
 * Black and red lists (黑名单 / 红名单): an index of approved entries by exact number and by prefix. A lookup
 * returns, per list, the exact entry or else the longest matching prefix, for the call's direction, skipping
 * entries that are not approved or have expired at the call's instant.
 */
import type { NumberListEntry } from '@hujiao/shared';

type Entry = Pick<NumberListEntry, 'list' | 'direction' | 'number' | 'match' | 'status'> &
  Partial<Pick<NumberListEntry, 'id' | 'reason' | 'action' | 'expiresAt'>>;

export type CallDirection = 'inbound' | 'outbound';

export interface ListMatch<E extends Entry = Entry> {
  black?: E;
  red?: E;
}

interface Compiled<E> {
  entry: E;
  expiresAt: number;
}

/**
 * Numbers are compared in one form: digits only, CN +86/0086 turned into the national form (a leading 0 for
 * fixed lines, none for mobiles), 0 before a mobile dropped. Entries and lookups go through it alike.
 */
export function normalizeListNumber(number: string): string {
  let n = number.replace(/[^\d+]/g, '');
  if (n.startsWith('+86')) n = n.slice(3);
  else if (n.startsWith('0086')) n = n.slice(4);
  else if (n.startsWith('+')) return `00${n.slice(1)}`;
  else return n.replace(/^0(1[3-9]\d{9})$/, '$1');
  // mobiles, 400/800 and 95/96 service numbers have no trunk 0; fixed lines do
  return /^(1[3-9]|[48]00\d{7}$|9[56])/.test(n) ? n : `0${n}`;
}

/**
 * A number in CN national form (what users type into routes and lists): +86/0086 removed, a trunk 0 before
 * fixed lines, none before mobiles; other international numbers as 00…. Digits only.
 */
export const nationalForm = normalizeListNumber;

export class NumberListIndex<E extends Entry = Entry> {
  private readonly exact = new Map<string, Compiled<E>[]>();
  private readonly prefixes = new Map<string, Compiled<E>[]>();
  private maxPrefix = 0;

  constructor(entries: Iterable<E>) {
    for (const entry of entries) {
      if (entry.status !== 'approved') continue;
      const key = normalizeListNumber(entry.number);
      const c = { entry, expiresAt: entry.expiresAt ? Date.parse(entry.expiresAt) : Number.POSITIVE_INFINITY };
      const map = entry.match === 'exact' ? this.exact : this.prefixes;
      const list = map.get(key);
      if (list) list.push(c);
      else map.set(key, [c]);
      if (entry.match === 'prefix') this.maxPrefix = Math.max(this.maxPrefix, key.length);
    }
  }

  /** The black and red entries that apply to `number` on a call in `direction` at `at` (ms). */
  lookup(number: string, direction: CallDirection, at: number): ListMatch<E> {
    const n = normalizeListNumber(number);
    const out: ListMatch<E> = {};
    const consider = (list: Compiled<E>[] | undefined) => {
      if (!list) return;
      for (const c of list) {
        const e = c.entry;
        if (out[e.list] || c.expiresAt <= at) continue;
        if (e.direction !== 'both' && e.direction !== direction) continue;
        out[e.list] = e;
      }
    };
    consider(this.exact.get(n));
    for (let l = Math.min(n.length, this.maxPrefix); l >= 1 && !(out.black && out.red); l--) {
      consider(this.prefixes.get(n.slice(0, l)));
    }
    return out;
  }
}
