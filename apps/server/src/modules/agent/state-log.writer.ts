import type { AgentStateRecord } from '@hujiao/acd';
import type { Logger } from 'pino';
import type { AgentStateLogRepository } from './state-log.repository.ts';

/** Changes waiting beyond this are dropped (logged): a database that is down must not fill the memory. */
const MAX_PENDING = 50_000;
/** Changes written per statement pair. */
const BATCH = 1000;
/**
 * How long changes gather before a write. PGlite runs on the server's main thread: 500 agents changing at once were
 * written one transaction each (~2 ms apiece, 1 s in all, the CTI's pushes waiting behind them); gathered, the same
 * 500 are one transaction of ~25 ms (bench/cti-fanout.ts).
 */
const GATHER_MS = 25;

/**
 * Writes the ACD's agent state changes to the state log (示忙示闲记录) behind its back: `record` only queues the
 * change and returns at once (the ACD never waits for the database); one writer drains the queue in order, so each
 * change ends the row its predecessor opened. A failed write is logged and skipped.
 */
export class AgentStateLogWriter {
  private pending: Array<{ tenantId: string; record: AgentStateRecord }> = [];
  private draining: Promise<void> | null = null;
  private dropped = 0;

  constructor(
    private readonly repo: AgentStateLogRepository,
    private readonly logger?: Logger,
  ) {}

  record(tenantId: string, record: AgentStateRecord): void {
    if (this.pending.length >= MAX_PENDING) {
      if (this.dropped++ % 1000 === 0) this.logger?.error({ dropped: this.dropped }, 'agent state log: queue full');
      return;
    }
    this.pending.push({ tenantId, record });
    this.draining ??= this.drain();
  }

  /** Resolves when every change queued so far is written (tests, shutdown). */
  async flush(): Promise<void> {
    while (this.draining) await this.draining;
  }

  private async drain(): Promise<void> {
    try {
      // Everything queued meanwhile goes in one batch (at most BATCH), still in order; between batches the event loop
      // turns, so the pushes and commands waiting on it go first.
      await new Promise((r) => setTimeout(r, GATHER_MS));
      while (this.pending.length > 0) {
        const batch = this.pending.splice(0, BATCH);
        try {
          await this.repo.appendMany(batch);
        } catch (err) {
          this.logger?.error({ err, changes: batch.length }, 'agent state log: write failed');
        }
        if (this.pending.length > 0) await new Promise((r) => setImmediate(r));
      }
    } finally {
      this.draining = null;
    }
  }
}
