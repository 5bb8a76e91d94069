const DIGIT = /^[0-9*#A-D]$/;

/**
 * The interpreter's type-ahead buffer: every DTMF digit of the flow's leg lands here, whatever verb runs, so
 * digits pressed during a prompt are there for the next gather or menu. Bounded; the oldest digit goes first.
 */
export class DigitBuffer {
  private readonly queue: string[] = [];
  private readonly listeners = new Set<(digit: string) => void>();

  constructor(private readonly capacity = 32) {}

  get size(): number {
    return this.queue.length;
  }

  push(digit: string): void {
    if (!DIGIT.test(digit)) return;
    if (this.queue.length >= this.capacity) this.queue.shift();
    this.queue.push(digit);
    for (const listener of [...this.listeners]) listener(digit);
  }

  take(): string | undefined {
    return this.queue.shift();
  }

  clear(): void {
    this.queue.length = 0;
  }

  /** Called after each digit is buffered; returns the unsubscribe. */
  onPush(listener: (digit: string) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Number of listeners (tests check that verbs remove theirs). */
  get listenerCount(): number {
    return this.listeners.size;
  }

  /** The next digit: a buffered one at once, else the next pressed within `timeoutMs`; null on timeout or abort. */
  next(timeoutMs: number, signal: AbortSignal): Promise<string | null> {
    const buffered = this.take();
    if (buffered !== undefined) return Promise.resolve(buffered);
    if (signal.aborted) return Promise.resolve(null);
    return new Promise((resolve) => {
      const finish = (digit: string | null) => {
        clearTimeout(timer);
        off();
        signal.removeEventListener('abort', onAbort);
        resolve(digit);
      };
      const onAbort = () => finish(null);
      const timer = setTimeout(() => finish(null), timeoutMs);
      const off = this.onPush(() => finish(this.take() ?? null));
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
