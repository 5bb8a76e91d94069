/**
 * The ACD's state behind a port. Agents are shared by every queue they serve, so an agent record is written
 * only by compare-and-set on its version (`casAgent`): that is what makes a reservation atomic — two queues (or
 * two nodes) offering the same ready agent read the same version and only one write succeeds. Calls and queue
 * counters are written by their queue's one writer (docs/adr/0016-acd-engine.md) and need no CAS.
 * Records are immutable values; the in-memory store keeps them frozen so a mutation is an error in tests.
 */
import type { AgentRecord, QueueCall, QueueStatsRecord } from './types.ts';

export interface AcdStore {
  getAgent(agentId: string): Promise<AgentRecord | undefined>;
  /** In the order of `agentIds` (undefined for unknown ones). */
  getAgents(agentIds: readonly string[]): Promise<Array<AgentRecord | undefined>>;
  allAgents(): Promise<AgentRecord[]>;
  /**
   * Writes `next` only when the stored version is `expectedVersion` (0: no record yet) and `next.version` is
   * `expectedVersion + 1`. Returns whether it wrote.
   */
  casAgent(next: AgentRecord, expectedVersion: number): Promise<boolean>;

  getCall(callId: string): Promise<QueueCall | undefined>;
  /** Every call of the queue (waiting, offering and connected), in no particular order. */
  queueCalls(queueId: string): Promise<QueueCall[]>;
  allCalls(): Promise<QueueCall[]>;
  putCall(call: QueueCall): Promise<void>;
  deleteCall(callId: string): Promise<void>;

  getQueueStats(queueId: string): Promise<QueueStatsRecord | undefined>;
  putQueueStats(stats: QueueStatsRecord): Promise<void>;

  /** Small remembered values: round-robin cursors, sticky agents. `ttlMs`: forgotten after (injected clock). */
  getMemo(key: string): Promise<string | undefined>;
  setMemo(key: string, value: string, ttlMs?: number): Promise<void>;
}

export interface MemoryAcdStoreOptions {
  /** The clock for memo TTLs (ms). Without one, memos never expire. */
  now?: () => number;
}

export class MemoryAcdStore implements AcdStore {
  private readonly agents = new Map<string, AgentRecord>();
  private readonly calls = new Map<string, QueueCall>();
  private readonly byQueue = new Map<string, Map<string, QueueCall>>();
  private readonly stats = new Map<string, QueueStatsRecord>();
  private readonly memos = new Map<string, { value: string; expiresAt: number }>();
  private readonly now: (() => number) | undefined;

  constructor(options: MemoryAcdStoreOptions = {}) {
    this.now = options.now;
  }

  async getAgent(agentId: string): Promise<AgentRecord | undefined> {
    return this.agents.get(agentId);
  }

  async getAgents(agentIds: readonly string[]): Promise<Array<AgentRecord | undefined>> {
    return agentIds.map((id) => this.agents.get(id));
  }

  async allAgents(): Promise<AgentRecord[]> {
    return [...this.agents.values()];
  }

  async casAgent(next: AgentRecord, expectedVersion: number): Promise<boolean> {
    const current = this.agents.get(next.agentId)?.version ?? 0;
    if (current !== expectedVersion || next.version !== expectedVersion + 1) return false;
    this.agents.set(next.agentId, freeze(next));
    return true;
  }

  async getCall(callId: string): Promise<QueueCall | undefined> {
    return this.calls.get(callId);
  }

  async queueCalls(queueId: string): Promise<QueueCall[]> {
    const q = this.byQueue.get(queueId);
    return q ? [...q.values()] : [];
  }

  async allCalls(): Promise<QueueCall[]> {
    return [...this.calls.values()];
  }

  async putCall(call: QueueCall): Promise<void> {
    const old = this.calls.get(call.callId);
    if (old && old.queueId !== call.queueId) this.byQueue.get(old.queueId)?.delete(call.callId);
    const frozen = freeze(call);
    this.calls.set(call.callId, frozen);
    let q = this.byQueue.get(call.queueId);
    if (!q) {
      q = new Map();
      this.byQueue.set(call.queueId, q);
    }
    q.set(call.callId, frozen);
  }

  async deleteCall(callId: string): Promise<void> {
    const old = this.calls.get(callId);
    if (!old) return;
    this.calls.delete(callId);
    this.byQueue.get(old.queueId)?.delete(callId);
  }

  async getQueueStats(queueId: string): Promise<QueueStatsRecord | undefined> {
    return this.stats.get(queueId);
  }

  async putQueueStats(stats: QueueStatsRecord): Promise<void> {
    this.stats.set(stats.queueId, Object.freeze({ ...stats }));
  }

  async getMemo(key: string): Promise<string | undefined> {
    const e = this.memos.get(key);
    if (!e) return undefined;
    if (this.now && e.expiresAt <= this.now()) {
      this.memos.delete(key);
      return undefined;
    }
    return e.value;
  }

  async setMemo(key: string, value: string, ttlMs?: number): Promise<void> {
    const expiresAt = ttlMs !== undefined && this.now ? this.now() + ttlMs : Number.POSITIVE_INFINITY;
    this.memos.set(key, { value, expiresAt });
  }

  /** How many memos are held (expired ones are dropped as they are met). */
  get memoCount(): number {
    return this.memos.size;
  }
}

function freeze<T extends object>(record: T): T {
  for (const v of Object.values(record)) if (v && typeof v === 'object') Object.freeze(v);
  return Object.freeze(record);
}
