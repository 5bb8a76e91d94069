/**
 * An index of patterns, each with a rank (lower = tried first): exact numbers in a Map, the other patterns in
 * buckets by their first literal characters, so a lookup only tests the patterns that can match. Lookups yield
 * the matching entries in rank order, which is the same order a naive scan of all entries sorted by rank gives.
 */
import type { CompiledPattern } from './dial-pattern.ts';

export interface IndexEntry<T> {
  readonly pattern: CompiledPattern;
  /** Unique per entry; the order of the answer. */
  readonly rank: number;
  readonly value: T;
}

export class PatternIndex<T> {
  private readonly exact = new Map<string, IndexEntry<T>[]>();
  private readonly buckets = new Map<string, IndexEntry<T>[]>();
  private readonly keyLength: number;
  readonly size: number;

  /** keyLength: how many leading literal characters a bucket key holds (8: area codes and DID blocks land in their own buckets). */
  constructor(entries: Iterable<IndexEntry<T>>, keyLength = 8) {
    this.keyLength = keyLength;
    let size = 0;
    for (const e of entries) {
      size++;
      const exact = e.pattern.exact;
      if (exact !== null) push(this.exact, exact, e);
      else push(this.buckets, e.pattern.literalPrefix.slice(0, keyLength), e);
    }
    for (const list of this.exact.values()) list.sort(byRank);
    for (const list of this.buckets.values()) list.sort(byRank);
    this.size = size;
  }

  /** Entries whose pattern matches `value`, lowest rank first (lazily: stop when you have what you need). */
  *matches(value: string): Generator<IndexEntry<T>> {
    const lists: IndexEntry<T>[][] = [];
    const exact = this.exact.get(value);
    if (exact) lists.push(exact);
    const max = Math.min(this.keyLength, value.length);
    for (let l = 0; l <= max; l++) {
      const list = this.buckets.get(value.slice(0, l));
      if (list) lists.push(list);
    }
    if (lists.length === 1) {
      for (const e of lists[0] ?? []) if (e.pattern.test(value)) yield e;
      return;
    }
    const heads = new Array<number>(lists.length).fill(0);
    for (;;) {
      let best = -1;
      let bestRank = Number.POSITIVE_INFINITY;
      for (let i = 0; i < lists.length; i++) {
        const e = lists[i]?.[heads[i] ?? 0];
        if (e && e.rank < bestRank) {
          best = i;
          bestRank = e.rank;
        }
      }
      if (best < 0) return;
      const list = lists[best] as IndexEntry<T>[];
      const e = list[heads[best] ?? 0] as IndexEntry<T>;
      heads[best] = (heads[best] ?? 0) + 1;
      if (e.pattern.test(value)) yield e;
    }
  }

  first(value: string, accept: (value: T) => boolean = () => true): IndexEntry<T> | undefined {
    for (const e of this.matches(value)) if (accept(e.value)) return e;
    return undefined;
  }
}

function push<T>(map: Map<string, IndexEntry<T>[]>, key: string, e: IndexEntry<T>): void {
  const list = map.get(key);
  if (list) list.push(e);
  else map.set(key, [e]);
}

const byRank = <T>(a: IndexEntry<T>, b: IndexEntry<T>) => a.rank - b.rank;
