/**
 * The engine's only state: named counters (round-robin cursors, caller-ID rotation, trunk usage, concurrency,
 * daily minutes). A port so several nodes can share one store later (Redis INCRBY / a SQL upsert); the
 * in-memory one serves a single node and the tests. Keys are built by the engine and start with the tenant.
 */
export interface AddOptions {
  /** Refuse the add (ok: false, value unchanged) when the new value would be above this. */
  max?: number;
  /** The counter is forgotten this long after its last change. */
  ttlMs?: number;
}

export interface PbxStore {
  /** Adds `delta` (may be negative) to a counter that starts at 0 and returns the new value. */
  add(key: string, delta: number, options?: AddOptions): Promise<{ ok: boolean; value: number }>;
  /** Current values (0 for unknown keys), in the order of `keys`. */
  get(keys: readonly string[]): Promise<number[]>;
}

export interface MemoryStoreOptions {
  /** The clock for TTLs (ms). Without one, counters never expire. */
  now?: () => number;
}

export class MemoryPbxStore implements PbxStore {
  private readonly values = new Map<string, { value: number; expiresAt: number }>();
  private readonly now: (() => number) | undefined;

  constructor(options: MemoryStoreOptions = {}) {
    this.now = options.now;
  }

  async add(key: string, delta: number, options: AddOptions = {}): Promise<{ ok: boolean; value: number }> {
    const current = this.read(key);
    const next = current + delta;
    if (options.max !== undefined && next > options.max) return { ok: false, value: current };
    const expiresAt = options.ttlMs !== undefined && this.now ? this.now() + options.ttlMs : Number.POSITIVE_INFINITY;
    this.values.set(key, { value: next, expiresAt });
    return { ok: true, value: next };
  }

  async get(keys: readonly string[]): Promise<number[]> {
    return keys.map((k) => this.read(k));
  }

  /** How many counters are held (expired ones are dropped as they are met). */
  get size(): number {
    return this.values.size;
  }

  private read(key: string): number {
    const e = this.values.get(key);
    if (!e) return 0;
    if (this.now && e.expiresAt <= this.now()) {
      this.values.delete(key);
      return 0;
    }
    return e.value;
  }
}
