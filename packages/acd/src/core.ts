/**
 * The engine's inner operations, shared by the public API (engine.ts) and the reaper (reaper.ts): offering a
 * call to agents (reservation by compare-and-set), releasing offers, and taking a call out of the queue with
 * exactly one outcome. Nothing here is serialized; AcdEngine runs one public call at a time.
 */
import type { AcdOverflowReason } from '@hujiao/shared';
import { AgentBook, type AgentChange, type AgentUpdate, changes, isUpdate } from './agents.ts';
import { byQueueOrder, type CompiledQueue, emptyStats, nextWaitAvg, overflowDestination } from './queue.ts';
import type { Rng } from './random.ts';
import type { AcdStore } from './store.ts';
import { type Candidate, rankCandidates } from './strategies.ts';
import type { AcdAction, AgentRecord, CancelReason, QueueCall, QueueStatsRecord } from './types.ts';

/** Memo keys, after the engine's tenant: a shared store may hold several enterprises' memos. */
export const memoKeys = {
  roundRobin: (tenant: string, queueId: string) => `${tenant}:rr:${queueId}`,
  roundRobinMemory: (tenant: string, queueId: string) => `${tenant}:rrm:${queueId}`,
  sticky: (tenant: string, caller: string) => `${tenant}:sticky:${caller}`,
};

export type OfferResult = 'offered' | 'held' | 'none';

export class AcdCore {
  readonly book: AgentBook;
  readonly queues = new Map<string, CompiledQueue>();

  constructor(
    readonly store: AcdStore,
    readonly now: () => number,
    readonly rng: Rng,
    readonly tenant: string,
  ) {
    this.book = new AgentBook(store, now);
  }

  /** Applies an agent change and logs it; false when refused. */
  async change(agentId: string, fn: (a: AgentRecord | undefined) => AgentChange, out: AcdAction[]) {
    const u = await this.book.update(agentId, fn);
    if (!isUpdate(u)) return undefined;
    if (u.log) out.push({ type: 'agent-state', record: u.log });
    return u;
  }

  /** Whether this engine is the writer of the queue. */
  owns(queueId: string | undefined): boolean {
    return queueId !== undefined && this.queues.has(queueId);
  }

  /** The call, if it exists and belongs to a queue of this engine (another engine's calls are not touched). */
  async ownedCall(callId: string): Promise<QueueCall | undefined> {
    const call = await this.store.getCall(callId);
    return call && this.queues.has(call.queueId) ? call : undefined;
  }

  /** The owned queues an agent serves (for dispatch after it frees). */
  queuesOf(agent: AgentRecord | undefined): string[] {
    return agent ? agent.queues.filter((q) => this.queues.has(q)) : [];
  }

  async stats(queueId: string): Promise<QueueStatsRecord> {
    return (await this.store.getQueueStats(queueId)) ?? emptyStats(queueId);
  }

  /** Offers waiting calls of these queues to their ready agents, the highest priority and oldest first. */
  async dispatch(queueIds: Iterable<string>, out: AcdAction[]): Promise<void> {
    const ids = [...new Set(queueIds)].filter((q) => this.queues.has(q));
    const waiting: QueueCall[] = [];
    for (const id of ids) {
      const calls = (await this.store.queueCalls(id)).filter((c) => c.status === 'waiting');
      // Nothing can be offered in a queue without a ready member (a sticky agent is a member too).
      if (calls.length === 0 || !(await this.anyReady(id))) continue;
      waiting.push(...calls);
    }
    if (waiting.length === 0) return;
    waiting.sort(byQueueOrder);
    const exhausted = new Set<string>();
    for (const call of waiting) {
      if (exhausted.has(call.queueId)) continue;
      const q = this.queues.get(call.queueId) as CompiledQueue;
      if ((await this.offer(call, q, out)) === 'none') exhausted.add(call.queueId);
    }
  }

  private async anyReady(queueId: string): Promise<boolean> {
    const q = this.queues.get(queueId) as CompiledQueue;
    for (const a of await this.store.getAgents(q.memberIds))
      if (a?.state === 'ready' && a.callId === undefined && a.queues.includes(queueId)) return true;
    return false;
  }

  /** Offers one waiting call: its sticky agent first, then the queue's strategy. */
  async offer(call: QueueCall, q: CompiledQueue, out: AcdAction[]): Promise<OfferResult> {
    const qid = q.config.id;
    const records = await this.store.getAgents(q.memberIds);
    const ready: Candidate[] = [];
    let stickyAgent: AgentRecord | undefined;
    for (let i = 0; i < q.memberIds.length; i++) {
      const agent = records[i];
      if (!agent) continue;
      if (agent.agentId === call.stickyAgentId) stickyAgent = agent;
      if (agent.state !== 'ready' || agent.callId !== undefined || !agent.queues.includes(qid)) continue;
      ready.push({ member: q.members.get(agent.agentId) as CompiledQueue['config']['members'][number], agent });
    }
    const now = this.now();
    let c = call;
    if (c.stickyAgentId !== undefined && !c.tried.includes(c.stickyAgentId)) {
      if (ready.some((r) => r.agent.agentId === c.stickyAgentId)) {
        if (await this.reserve(c, q, [c.stickyAgentId], false, out)) return 'offered';
      }
      const signedIn = stickyAgent !== undefined && stickyAgent.state !== 'logged-out';
      if (signedIn && c.stickyUntil !== undefined && now < c.stickyUntil) return 'held';
    }
    if (ready.length === 0) return 'none';
    let candidates = ready.filter((r) => !c.tried.includes(r.agent.agentId));
    if (candidates.length === 0) {
      candidates = ready;
      c = { ...c, tried: [] };
    }
    const strategy = q.config.strategy;
    const cursorKey =
      strategy === 'round-robin'
        ? memoKeys.roundRobin(this.tenant, qid)
        : strategy === 'round-robin-memory'
          ? memoKeys.roundRobinMemory(this.tenant, qid)
          : undefined;
    const cursor = cursorKey ? await this.store.getMemo(cursorKey) : undefined;
    const groups = rankCandidates(strategy, candidates, {
      queueId: qid,
      rng: this.rng,
      positions: q.positions,
      ...(cursor !== undefined ? { cursor } : {}),
    });
    for (const group of groups) {
      const ids = group.map((g) => g.agent.agentId);
      if (await this.reserve(c, q, ids, strategy === 'ring-all', out)) return 'offered';
    }
    return 'none';
  }

  /** Reserves one agent (the first that can be) or, with `all`, every agent that can be; then rings them. */
  private async reserve(call: QueueCall, q: CompiledQueue, ids: string[], all: boolean, out: AcdAction[]) {
    const now = this.now();
    const ringUntil = now + q.config.ringTimeoutSec * 1000;
    const reserved: string[] = [];
    for (const id of ids) {
      const u = await this.change(id, changes.reserve(call.callId, call.queueId, ringUntil), out);
      if (!u) continue;
      reserved.push(id);
      if (!all) break;
    }
    if (reserved.length === 0) return false;
    await this.store.putCall({ ...call, status: 'offering', offeredTo: reserved, offerUntil: ringUntil });
    if (q.config.strategy === 'round-robin')
      await this.store.setMemo(memoKeys.roundRobin(this.tenant, q.config.id), reserved[0] as string);
    out.push({
      type: 'offer',
      callId: call.callId,
      queueId: call.queueId,
      agentIds: reserved,
      ringTimeoutSec: q.config.ringTimeoutSec,
      ...(call.caller !== undefined ? { caller: call.caller } : {}),
      waitedMs: now - call.joinedAt,
    });
    return true;
  }

  /**
   * An offer to one agent ends without an answer (`counted`: not answered or refused, towards auto-busy; not
   * counted: cancelled by the engine). The call waits again when no one else rings for it.
   */
  async releaseOffer(callId: string, agentId: string, counted: boolean, out: AcdAction[]) {
    const call = await this.ownedCall(callId);
    const queueId = call?.queueId ?? (await this.store.getAgent(agentId))?.queueId;
    const autoBusyAfter = queueId ? (this.queues.get(queueId)?.config.autoBusyAfter ?? 0) : 0;
    const u = await this.change(agentId, changes.release(callId, counted, autoBusyAfter), out);
    if (call && call.status === 'offering' && call.offeredTo.includes(agentId)) {
      const offeredTo = call.offeredTo.filter((a) => a !== agentId);
      const tried = counted && !call.tried.includes(agentId) ? [...call.tried, agentId] : call.tried;
      await this.store.putCall(
        offeredTo.length > 0
          ? { ...call, offeredTo, tried }
          : { ...call, status: 'waiting', offeredTo: [], offerUntil: undefined, tried },
      );
    }
    return u;
  }

  /** Stops every ring of the call (not counted against the agents); returns the freed agents' queues. */
  async cancelOffers(call: QueueCall, reason: CancelReason, out: AcdAction[], except?: string): Promise<string[]> {
    const freed: string[] = [];
    const ids = call.offeredTo.filter((a) => a !== except);
    for (const id of ids) {
      const u = await this.change(id, changes.release(call.callId, false, 0), out);
      if (u) freed.push(...this.queuesOf(u.after));
    }
    if (ids.length > 0) out.push({ type: 'cancel-offer', callId: call.callId, agentIds: ids, reason });
    return freed;
  }

  /** The call leaves the queue unanswered: abandoned, overflowed or ended by the system. */
  async finish(
    call: QueueCall,
    outcome: 'abandoned' | 'overflowed' | 'abandoned-by-system',
    out: AcdAction[],
    reason?: AcdOverflowReason,
  ): Promise<string[]> {
    const freed = await this.cancelOffers(
      call,
      outcome === 'abandoned' ? 'abandoned' : outcome === 'overflowed' ? 'overflow' : 'system',
      out,
    );
    await this.store.deleteCall(call.callId);
    const s = await this.stats(call.queueId);
    await this.store.putQueueStats({
      ...s,
      ...(outcome === 'abandoned' ? { abandoned: s.abandoned + 1 } : {}),
      ...(outcome === 'overflowed' ? { overflowed: s.overflowed + 1 } : {}),
      ...(outcome === 'abandoned-by-system' ? { abandonedBySystem: s.abandonedBySystem + 1 } : {}),
    });
    const q = this.queues.get(call.queueId);
    if (outcome === 'overflowed' && reason) {
      const destination = q ? overflowDestination(q, reason) : null;
      out.push({ type: 'overflow', callId: call.callId, queueId: call.queueId, reason, destination });
    }
    out.push({
      type: 'call-outcome',
      callId: call.callId,
      queueId: call.queueId,
      outcome,
      waitedMs: this.now() - call.joinedAt,
      ...(reason ? { reason } : {}),
    });
    return freed;
  }

  /** The agent answered the offered call: the others' rings stop, the call is connected. */
  async answer(call: QueueCall, agentId: string, out: AcdAction[]): Promise<AgentUpdate | undefined> {
    const u = await this.change(agentId, changes.answer(call.callId), out);
    if (!u) return undefined;
    const now = this.now();
    const freed = await this.cancelOffers(call, 'answered-elsewhere', out, agentId);
    await this.store.putCall({
      ...call,
      status: 'connected',
      offeredTo: [],
      offerUntil: undefined,
      agentId,
      answeredAt: now,
    });
    const q = this.queues.get(call.queueId);
    const waitedMs = now - call.joinedAt;
    const s = await this.stats(call.queueId);
    const sl = (q?.config.serviceLevelSec ?? 0) * 1000;
    await this.store.putQueueStats({
      ...s,
      answered: s.answered + 1,
      answeredInSl: s.answeredInSl + (waitedMs <= sl ? 1 : 0),
      waitAvgSec: nextWaitAvg(s.waitAvgSec, waitedMs / 1000),
    });
    if (q?.config.strategy === 'round-robin-memory')
      await this.store.setMemo(memoKeys.roundRobinMemory(this.tenant, call.queueId), agentId);
    if (q?.config.sticky.enabled && call.caller)
      await this.store.setMemo(
        memoKeys.sticky(this.tenant, call.caller),
        `${agentId}|${now}`,
        q.config.sticky.windowSec * 1000,
      );
    out.push({ type: 'connect', callId: call.callId, queueId: call.queueId, agentId, waitedMs });
    out.push({
      type: 'call-outcome',
      callId: call.callId,
      queueId: call.queueId,
      outcome: 'answered',
      waitedMs,
      agentId,
    });
    await this.dispatch(freed, out);
    return u;
  }

  /** A connected call ended: the agent goes to wrap-up (or ready) and may be offered the next call. */
  async endCall(call: QueueCall, talkSec: number | undefined, out: AcdAction[]): Promise<AgentUpdate | undefined> {
    const now = this.now();
    await this.store.deleteCall(call.callId);
    if (!call.agentId) return undefined;
    const wrapUpSec = this.queues.get(call.queueId)?.config.wrapUpSec ?? 0;
    const talk = talkSec ?? Math.round((now - (call.answeredAt ?? now)) / 1000);
    const until = wrapUpSec > 0 ? now + wrapUpSec * 1000 : undefined;
    const u = await this.change(call.agentId, changes.endCall(call.callId, call.queueId, talk, now, until), out);
    if (u?.after.state === 'ready') await this.dispatch(this.queuesOf(u.after), out);
    return u;
  }
}
