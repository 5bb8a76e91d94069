/**
 * One shared timer that ticks every `intervalMs` (20 ms: one RTP audio frame) for all subscribers, so a
 * thousand calls playing prompts cost one timer rather than a thousand. Ticks are counted against the
 * monotonic clock: when the event loop runs late, the missed ticks are delivered at once (up to
 * `maxCatchUp`, then skipped), so senders keep real-time pace on average.
 */
export type TickListener = () => void;

export class MediaClock {
  readonly intervalMs: number;
  private readonly listeners = new Set<TickListener>();
  private readonly maxCatchUp: number;
  private readonly now: () => number;
  private timer: NodeJS.Timeout | undefined;
  private startMs = 0;
  private ticks = 0;

  constructor(options: { intervalMs?: number; maxCatchUp?: number; now?: () => number } = {}) {
    this.intervalMs = options.intervalMs ?? 20;
    this.maxCatchUp = options.maxCatchUp ?? 5;
    this.now = options.now ?? (() => performance.now());
  }

  get subscriberCount(): number {
    return this.listeners.size;
  }

  /** Calls `listener` once per tick until the returned function is called. */
  subscribe(listener: TickListener): () => void {
    this.listeners.add(listener);
    if (!this.timer) {
      this.startMs = this.now();
      this.ticks = 0;
      this.schedule();
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0 && this.timer) {
        clearTimeout(this.timer);
        this.timer = undefined;
      }
    };
  }

  private schedule(): void {
    const due = this.startMs + (this.ticks + 1) * this.intervalMs;
    this.timer = setTimeout(() => this.fire(), Math.max(0, due - this.now()));
  }

  private fire(): void {
    const elapsed = Math.floor((this.now() - this.startMs) / this.intervalMs);
    let pending = elapsed - this.ticks;
    if (pending > this.maxCatchUp) {
      this.ticks += pending - this.maxCatchUp; // too late to catch up: drop the oldest ticks
      pending = this.maxCatchUp;
    }
    for (let i = 0; i < pending; i++) {
      this.ticks++;
      for (const listener of this.listeners) listener();
    }
    if (this.listeners.size > 0) this.schedule();
    else this.timer = undefined;
  }
}
