import type { QueueInstruction, QueueReport, QueueWait } from '@hujiao/switch';

/**
 * One waiting caller's side of the queue port: instructions the ACD runtime pushes, pulled by the switch's enqueue
 * verb one at a time; reports go back to the runtime.
 */
export class QueueWaitChannel implements QueueWait {
  private readonly pending: QueueInstruction[] = [];
  private waiter: ((i: QueueInstruction | null) => void) | null = null;
  private closed = false;

  constructor(
    private readonly onReport: (report: QueueReport) => void,
    readonly musicOnHold: Array<{ file: string }>,
  ) {}

  push(instruction: QueueInstruction): void {
    if (this.closed) return;
    const waiter = this.waiter;
    this.waiter = null;
    if (waiter) waiter(instruction);
    else this.pending.push(instruction);
  }

  /** No more instructions (the caller was connected, left or overflowed). */
  close(): void {
    this.closed = true;
    this.pending.length = 0;
    const waiter = this.waiter;
    this.waiter = null;
    waiter?.(null);
  }

  next(signal: AbortSignal): Promise<QueueInstruction | null> {
    const ready = this.pending.shift();
    if (ready) return Promise.resolve(ready);
    if (this.closed || signal.aborted) return Promise.resolve(null);
    return new Promise((resolve) => {
      const onAbort = () => {
        if (this.waiter === settle) this.waiter = null;
        resolve(null);
      };
      const settle = (i: QueueInstruction | null) => {
        signal.removeEventListener('abort', onAbort);
        resolve(i);
      };
      this.waiter = settle;
      signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  report(report: QueueReport): void {
    this.onReport(report);
  }
}
