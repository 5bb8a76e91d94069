import { type CSeq, parseCSeq, serializeCSeq } from './cseq.ts';
import { canonicalName, headerKey, isListHeader } from './header-names.ts';
import { type NameAddr, parseNameAddr, serializeNameAddr } from './name-addr.ts';
import { splitList } from './split.ts';
import type { Uri } from './uri.ts';
import { parseVia, serializeVia, type Via } from './via.ts';

/** One header field line as received or added; `key` is the lower-cased long name. */
export interface HeaderField {
  name: string;
  key: string;
  value: string;
}

const EMPTY = Buffer.alloc(0);

/**
 * Common part of requests and responses (RFC 3261 §7). Header values are kept as text and parsed
 * on demand; parsed values are cached until the header is changed.
 */
export abstract class SipMessage {
  headers: HeaderField[] = [];
  body: Buffer = EMPTY;
  // Parsed header values, made with the first one (most messages are looked at through a few headers only).
  private cache: Map<string, unknown> | undefined;

  abstract readonly kind: 'request' | 'response';

  /** First value of a header (the whole field value; list headers are not split). */
  get(name: string): string | undefined {
    const key = headerKey(name);
    for (const h of this.headers) if (h.key === key) return h.value;
    return undefined;
  }

  has(name: string): boolean {
    return this.get(name) !== undefined;
  }

  /** All values of a header; list headers (Via, Contact, Route, ...) are split on their commas. */
  getAll(name: string): string[] {
    const key = headerKey(name);
    const out: string[] = [];
    for (const h of this.headers) {
      if (h.key !== key) continue;
      if (isListHeader(key)) {
        for (const v of splitList(h.value) ?? [h.value]) out.push(v);
      } else out.push(h.value);
    }
    return out;
  }

  /** Number of header field lines with this name. */
  count(name: string): number {
    const key = headerKey(name);
    let n = 0;
    for (const h of this.headers) if (h.key === key) n++;
    return n;
  }

  /** Replaces every field of this name with one field. */
  set(name: string, value: string): this {
    const key = headerKey(name);
    const idx = this.headers.findIndex((h) => h.key === key);
    this.remove(name);
    const field = { name: canonicalName(key), key, value };
    if (idx < 0) this.headers.push(field);
    else this.headers.splice(Math.min(idx, this.headers.length), 0, field);
    return this;
  }

  append(name: string, value: string): this {
    const key = headerKey(name);
    this.cache?.delete(key);
    this.headers.push({ name: canonicalName(key), key, value });
    return this;
  }

  /** Inserts a field before the first field of the same name (or at the top). */
  prepend(name: string, value: string): this {
    const key = headerKey(name);
    this.cache?.delete(key);
    const idx = this.headers.findIndex((h) => h.key === key);
    this.headers.splice(Math.max(idx, 0), 0, { name: canonicalName(key), key, value });
    return this;
  }

  remove(name: string): this {
    const key = headerKey(name);
    this.cache?.delete(key);
    this.headers = this.headers.filter((h) => h.key !== key);
    return this;
  }

  private cached<T>(key: string, parse: () => T): T {
    // Parsers return a value or null, never undefined: one look-up tells whether it is cached.
    const known = this.cache?.get(key);
    if (known !== undefined) return known as T;
    const v = parse();
    this.cache ??= new Map();
    this.cache.set(key, v);
    return v;
  }

  /** All Via values top-down; null if any is malformed. */
  get vias(): Via[] | null {
    return this.cached('via', () => {
      const out: Via[] = [];
      for (const v of this.getAll('via')) {
        const via = parseVia(v);
        if (!via) return null;
        out.push(via);
      }
      return out;
    });
  }

  get topVia(): Via | null {
    return this.vias?.[0] ?? null;
  }

  /** Adds a Via on top (RFC 3261 §8.1.1.7, §16.6 step 8). */
  prependVia(via: Via): this {
    return this.prepend('via', serializeVia(via));
  }

  /** Replaces the top Via value, e.g. to add received/rport (RFC 3261 §18.2.1). */
  setTopVia(via: Via): this {
    this.removeTopVia();
    return this.prependVia(via);
  }

  removeTopVia(): this {
    const idx = this.headers.findIndex((h) => h.key === 'via');
    if (idx < 0) return this;
    this.cache?.delete('via');
    const field = this.headers[idx] as HeaderField;
    const parts = splitList(field.value) ?? [];
    if (parts.length <= 1) this.headers.splice(idx, 1);
    else field.value = parts.slice(1).join(', ');
    return this;
  }

  get from(): NameAddr | null {
    return this.cached('from', () => {
      const v = this.get('from');
      return v === undefined ? null : parseNameAddr(v);
    });
  }

  set from(value: NameAddr) {
    this.set('from', serializeNameAddr(value));
  }

  get to(): NameAddr | null {
    return this.cached('to', () => {
      const v = this.get('to');
      return v === undefined ? null : parseNameAddr(v);
    });
  }

  set to(value: NameAddr) {
    this.set('to', serializeNameAddr(value));
  }

  get callId(): string {
    return this.get('call-id') ?? '';
  }

  get cseq(): CSeq | null {
    return this.cached('cseq', () => {
      const v = this.get('cseq');
      return v === undefined ? null : parseCSeq(v);
    });
  }

  set cseq(value: CSeq) {
    this.set('cseq', serializeCSeq(value));
  }

  /** Contact values; `'*'` for the wildcard (RFC 3261 §10.2.2); null if malformed. */
  get contacts(): NameAddr[] | '*' | null {
    return this.cached('contact', () => {
      const values = this.getAll('contact');
      if (values.length === 1 && values[0] === '*') return '*' as const;
      const out: NameAddr[] = [];
      for (const v of values) {
        const c = parseNameAddr(v);
        if (!c) return null;
        out.push(c);
      }
      return out;
    });
  }

  /** Route or Record-Route entries in order; null if malformed. */
  routes(name: 'route' | 'record-route' | 'path' | 'service-route' = 'route'): NameAddr[] | null {
    return this.cached(name, () => {
      const out: NameAddr[] = [];
      for (const v of this.getAll(name)) {
        const r = parseNameAddr(v);
        if (!r) return null;
        out.push(r);
      }
      return out;
    });
  }

  get maxForwards(): number | null {
    const v = this.get('max-forwards');
    return v === undefined ? null : Number(v.trim());
  }

  get contentType(): string | undefined {
    return this.get('content-type');
  }
}

export class SipRequest extends SipMessage {
  readonly kind = 'request' as const;
  constructor(
    public method: string,
    public uri: Uri,
  ) {
    super();
  }
}

export class SipResponse extends SipMessage {
  readonly kind = 'response' as const;
  constructor(
    public status: number,
    public reason: string,
  ) {
    super();
  }
}

export function isRequest(m: SipMessage): m is SipRequest {
  return m.kind === 'request';
}

export function isResponse(m: SipMessage): m is SipResponse {
  return m.kind === 'response';
}
