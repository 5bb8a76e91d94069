/**
 * AcdEngine — the public API. Pure and deterministic: the clock (`now`, ms) and `rng` are inputs, state sits in
 * the AcdStore, nothing runs by itself; the caller feeds events and carries out the returned actions, and
 * calls `tick()` (e.g. every second) for what falls due. One engine is the one writer of the queues it is given
 * (docs/adr/0016-acd-engine.md); agents may be shared with other engines through the store's compare-and-set.
 * Public calls run one at a time in the order they were made, even when the caller does not await them.
 */
import type { AcdQueueConfig, AcdQueueConfigInput, AgentDevice } from '@hujiao/shared';
import { type AgentChange, changes } from './agents.ts';
import { dueAnnouncements, firstAnnouncements } from './announcements.ts';
import { AcdCore, memoKeys } from './core.ts';
import { anyoneSignedIn, type CompiledQueue, compileQueue, inQueue, positionOf } from './queue.ts';
import type { Rng } from './random.ts';
import { type ReapOptions, type ReapResult, type RestartOptions, reap, restart } from './reaper.ts';
import type { AcdStore } from './store.ts';
import type { AcdAction, AcdResult, AgentRecord, JoinResult, QueueCall, QueueStatsRecord } from './types.ts';

export interface AcdEngineOptions {
  store: AcdStore;
  now: () => number;
  rng: Rng;
  /** The queues this engine serves (and is the one writer of). */
  queues: ReadonlyArray<AcdQueueConfigInput | AcdQueueConfig>;
  /**
   * The enterprise, in front of memo keys (sticky callers, round-robin cursors) when one store holds several.
   * Agent, queue and call ids must be unique in the store (UUIDs).
   */
  tenantId?: string;
}

export interface JoinInput {
  callId: string;
  queueId: string;
  /** The caller's number (sticky agent). */
  caller?: string;
  /** Higher is served first (red list / VIP); default 0. */
  priority?: number;
}

export interface QueueStatus {
  queueId: string;
  waiting: number;
  offering: number;
  longestWaitMs: number;
  /** Members signed in / ready now. */
  signedIn: number;
  ready: number;
  stats: QueueStatsRecord;
  /** answeredInSl / answered (null before the first answer). */
  serviceLevel: number | null;
}

export class AcdEngine {
  private readonly core: AcdCore;
  private tail: Promise<unknown> = Promise.resolve();

  constructor(options: AcdEngineOptions) {
    this.core = new AcdCore(options.store, options.now, options.rng, options.tenantId ?? '');
    this.setQueues(options.queues);
  }

  /** Replaces the configuration (calls already waiting keep their place; members removed are not offered). */
  setQueues(configs: ReadonlyArray<AcdQueueConfigInput | AcdQueueConfig>): void {
    this.core.queues.clear();
    for (const c of configs) {
      const q = compileQueue(c);
      this.core.queues.set(q.config.id, q);
    }
  }

  queue(queueId: string): CompiledQueue | undefined {
    return this.core.queues.get(queueId);
  }

  /** A caller enters a queue: offered at once, waiting, or sent to the overflow destination. */
  join(input: JoinInput): Promise<JoinResult> {
    return this.serial(async () => {
      const { store, now } = this.core;
      const q = this.core.queues.get(input.queueId);
      if (!q) throw new Error(`acd: unknown queue ${input.queueId}`);
      if (await store.getCall(input.callId)) throw new Error(`acd: call ${input.callId} is already queued`);
      const at = now();
      const out: AcdAction[] = [];
      const cfg = q.config;
      const draft: QueueCall = {
        callId: input.callId,
        queueId: cfg.id,
        ...(input.caller !== undefined ? { caller: input.caller } : {}),
        priority: input.priority ?? 0,
        joinedAt: at,
        seq: 0,
        status: 'waiting',
        offeredTo: [],
        tried: [],
      };
      const calls = inQueue(await store.queueCalls(cfg.id));
      const full = cfg.maxLength > 0 && calls.length >= cfg.maxLength;
      const empty = !full && !cfg.joinEmpty && !anyoneSignedIn(cfg.id, await store.getAgents(q.memberIds));
      if (full || empty) {
        const reason = full ? 'full' : 'empty';
        await this.core.finish(draft, 'overflowed', out, reason);
        return { decision: { kind: 'overflow', reason, destination: cfg.overflow[reason] ?? null }, actions: out };
      }
      const s = await this.core.stats(cfg.id);
      await store.putQueueStats({ ...s, seq: s.seq + 1 });
      let call: QueueCall = { ...draft, seq: s.seq + 1, ...firstAnnouncements(cfg.announcements, at) };
      if (cfg.sticky.enabled && input.caller) {
        const memo = await store.getMemo(memoKeys.sticky(this.core.tenant, input.caller));
        const [agentId, when] = memo ? memo.split('|') : [];
        if (agentId && q.members.has(agentId) && at - Number(when) <= cfg.sticky.windowSec * 1000) {
          call = {
            ...call,
            stickyAgentId: agentId,
            ...(cfg.sticky.waitSec > 0 ? { stickyUntil: at + cfg.sticky.waitSec * 1000 } : {}),
          };
        }
      }
      await store.putCall(call);
      await this.core.dispatch([cfg.id], out);
      const after = (await store.getCall(call.callId)) ?? call;
      if (after.status === 'offering')
        return { decision: { kind: 'offer', agentIds: [...after.offeredTo] }, actions: out };
      return { decision: { kind: 'wait', position: positionOf(after, await store.queueCalls(cfg.id)) }, actions: out };
    });
  }

  /** What falls due at now(): wrap-ups over, ring timeouts (re-offered), max waits, empty queues, announcements. */
  tick(): Promise<AcdAction[]> {
    return this.serial(async () => {
      const { store, now, queues } = this.core;
      const at = now();
      const out: AcdAction[] = [];
      const toDispatch = new Set<string>();
      for (const a of await store.allAgents()) {
        if (a.state !== 'wrap-up' || (a.wrapUpUntil ?? 0) > at) continue;
        const u = await this.core.change(a.agentId, changes.endWrapUp(at), out);
        for (const q of this.core.queuesOf(u?.after)) toDispatch.add(q);
      }
      for (const q of queues.values()) {
        const cfg = q.config;
        let calls = await store.queueCalls(cfg.id);
        if (calls.length === 0) continue;
        let rang = false;
        for (const c of calls) {
          if (c.status !== 'offering' || (c.offerUntil ?? 0) > at) continue;
          for (const agentId of c.offeredTo) {
            const u = await this.core.releaseOffer(c.callId, agentId, true, out);
            for (const qq of this.core.queuesOf(u?.after)) toDispatch.add(qq);
          }
          rang = true;
        }
        if (rang) calls = await store.queueCalls(cfg.id);
        const queued = calls.filter((c) => c.status !== 'connected');
        if (queued.length === 0) continue;
        const empty = cfg.leaveWhenEmpty && !anyoneSignedIn(cfg.id, await store.getAgents(q.memberIds));
        let left = 0;
        for (const c of queued) {
          const timeout = cfg.maxWaitSec > 0 && at - c.joinedAt >= cfg.maxWaitSec * 1000;
          if (!timeout && !empty) continue;
          const freed = await this.core.finish(c, 'overflowed', out, timeout ? 'timeout' : 'empty');
          for (const qq of freed) toDispatch.add(qq);
          left++;
        }
        if (left < queued.length) toDispatch.add(cfg.id);
      }
      await this.core.dispatch(toDispatch, out);
      for (const q of queues.values()) {
        const a = q.config.announcements;
        if (a.positionEverySec === 0 && a.periodicEverySec === 0) continue;
        const calls = await store.queueCalls(q.config.id);
        const due = (c: QueueCall) =>
          c.status === 'waiting' && ((c.nextPositionAt ?? at + 1) <= at || (c.nextPeriodicAt ?? at + 1) <= at);
        if (!calls.some(due)) continue;
        const s = await this.core.stats(q.config.id);
        const said = dueAnnouncements(a, inQueue(calls), at, s.waitAvgSec);
        for (const c of said.updated) await store.putCall(c);
        out.push(...said.actions);
      }
      return out;
    });
  }

  /** The agent picked up the offered call. Refused (ok false) when it was not offered to them any more. */
  answered(callId: string, agentId: string): Promise<AcdResult> {
    return this.serial(async () => {
      const out: AcdAction[] = [];
      const call = await this.core.ownedCall(callId);
      if (!call || call.status !== 'offering' || !call.offeredTo.includes(agentId)) {
        // The agent's phone may still ring for a call of this engine that is gone: free them.
        const agent = await this.core.store.getAgent(agentId);
        const stale = agent?.state === 'ringing' && agent.callId === callId && this.core.owns(agent.queueId);
        if (stale && !call?.offeredTo.includes(agentId)) {
          const u = await this.core.change(agentId, changes.release(callId, false, 0), out);
          await this.core.dispatch(this.core.queuesOf(u?.after), out);
        }
        return { ok: false, error: call ? 'state' : 'unknown-call', actions: out };
      }
      const u = await this.core.answer(call, agentId, out);
      return u ? { ok: true, actions: out } : { ok: false, error: 'state', actions: out };
    });
  }

  /** The offer rang out (or the phone failed): counted towards auto-busy; the call goes to the next agent. */
  noAnswer(callId: string, agentId: string): Promise<AcdResult> {
    return this.releaseCounted(callId, agentId);
  }

  /** The agent declined the offer: the same as not answering. */
  offerRejected(callId: string, agentId: string): Promise<AcdResult> {
    return this.releaseCounted(callId, agentId);
  }

  /** A connected call ended (talkSec: measured by the switch; default from the answer time). */
  callEnded(callId: string, info: { talkSec?: number } = {}): Promise<AcdResult> {
    return this.serial(async () => {
      const out: AcdAction[] = [];
      const call = await this.core.ownedCall(callId);
      if (!call) return { ok: false, error: 'unknown-call', actions: out };
      if (call.status !== 'connected') return { ok: false, error: 'state', actions: out };
      await this.core.endCall(call, info.talkSec, out);
      return { ok: true, actions: out };
    });
  }

  /** The caller hung up while queued or ringing (after the answer it is callEnded). */
  abandon(callId: string): Promise<AcdResult> {
    return this.serial(async () => {
      const out: AcdAction[] = [];
      const call = await this.core.ownedCall(callId);
      if (!call) return { ok: false, error: 'unknown-call', actions: out };
      if (call.status === 'connected') await this.core.endCall(call, undefined, out);
      else await this.core.dispatch(await this.core.finish(call, 'abandoned', out), out);
      return { ok: true, actions: out };
    });
  }

  /** Sign in to queues (ready by default, or busy with a reason); again while signed in: the queues change. */
  agentLogin(
    agentId: string,
    queues: readonly string[],
    options: { busyReason?: string; device?: AgentDevice } = {},
  ): Promise<AcdResult> {
    const state = options.busyReason !== undefined ? 'busy' : 'ready';
    return this.agentOp(agentId, changes.login(queues, this.core.now(), state, options.busyReason, options.device));
  }

  /** 置闲; with `device`, the agent is rung there from now on (in the same write: no offer reaches the old one). */
  setReady(agentId: string, options: { device?: AgentDevice } = {}): Promise<AcdResult> {
    return this.agentOp(agentId, changes.ready(options.device));
  }

  setBusy(agentId: string, reason: string, options: { device?: AgentDevice } = {}): Promise<AcdResult> {
    return this.agentOp(agentId, changes.busy(reason, options.device));
  }

  endWrapUp(agentId: string): Promise<AcdResult> {
    return this.agentOp(agentId, changes.endWrapUp());
  }

  hold(agentId: string): Promise<AcdResult> {
    return this.agentOp(agentId, changes.hold(true));
  }

  resume(agentId: string): Promise<AcdResult> {
    return this.agentOp(agentId, changes.hold(false));
  }

  /**
   * The agent's own call (外呼) starts (`ref`: any id until the switch's call is known, see ownCallIs): talking, so
   * no queue offers them a call until ownCallEnded. Refused (state) when not signed in, ringing or on a call.
   */
  ownCallStarted(agentId: string, ref: string): Promise<AcdResult> {
    return this.agentOp(agentId, changes.ownCallStart(ref));
  }

  ownCallIs(agentId: string, ref: string, callId: string): Promise<AcdResult> {
    return this.agentOp(agentId, changes.ownCallIs(ref, callId));
  }

  /**
   * The agent's own call ended: back to ready (offered waiting calls at once) or busy, as before it. With
   * `wrapUpQueueId` (the call was that queue's customer, taken over from a colleague) a ready agent wraps up for the
   * queue's wrap-up time first.
   */
  ownCallEnded(agentId: string, callId: string, wrapUpQueueId?: string): Promise<AcdResult> {
    const wrapUpSec = wrapUpQueueId ? (this.core.queues.get(wrapUpQueueId)?.config.wrapUpSec ?? 0) : 0;
    const wrapUp =
      wrapUpQueueId && wrapUpSec > 0
        ? { queueId: wrapUpQueueId, until: this.core.now() + wrapUpSec * 1000 }
        : undefined;
    return this.agentOp(agentId, changes.ownCallEnd(callId, wrapUp));
  }

  /** Sign out (refused while talking or on hold; a ringing offer is released first). */
  logout(agentId: string): Promise<AcdResult> {
    return this.serial(async () => {
      const out: AcdAction[] = [];
      const agent = await this.core.store.getAgent(agentId);
      // Ringing for a call of another engine's queue: that engine (its writer) must release it.
      if (agent?.state === 'ringing' && !this.core.owns(agent.queueId))
        return { ok: false, error: 'in-call', actions: out };
      if (agent?.state === 'ringing' && agent.callId) {
        const call = await this.core.store.getCall(agent.callId);
        await this.core.releaseOffer(agent.callId, agentId, false, out);
        if (call) out.push({ type: 'cancel-offer', callId: call.callId, agentIds: [agentId], reason: 'system' });
      }
      const r = await this.applyAgent(agentId, changes.logout(), out);
      if (r.ok && agent) await this.leaveIfEmpty(this.core.queuesOf(agent), out);
      if (agent?.callId) await this.core.dispatch([agent.queueId ?? ''], out);
      return r;
    });
  }

  /** Another engine (node) changed this agent: offer them waiting calls of this engine's queues. */
  agentChanged(agentId: string): Promise<AcdAction[]> {
    return this.serial(async () => {
      const out: AcdAction[] = [];
      await this.core.dispatch(this.core.queuesOf(await this.core.store.getAgent(agentId)), out);
      return out;
    });
  }

  getAgent(agentId: string): Promise<AgentRecord | undefined> {
    return this.core.store.getAgent(agentId);
  }

  /** Every agent record (a CTI resync, the admin's agent states page). */
  agents(): Promise<AgentRecord[]> {
    return this.core.store.allAgents();
  }

  /** The queue's calls still queued (waiting or ringing an agent), in queue order (the wallboard). */
  async calls(queueId: string): Promise<QueueCall[]> {
    return inQueue(await this.core.store.queueCalls(queueId));
  }

  queueStatus(queueId: string): Promise<QueueStatus> {
    return this.serial(async () => {
      const { store, now } = this.core;
      const q = this.core.queues.get(queueId);
      const calls = inQueue(await store.queueCalls(queueId));
      const agents = q ? await store.getAgents(q.memberIds) : [];
      const mine = agents.filter((a): a is AgentRecord => !!a && a.queues.includes(queueId));
      const stats = await this.core.stats(queueId);
      const at = now();
      return {
        queueId,
        waiting: calls.filter((c) => c.status === 'waiting').length,
        offering: calls.filter((c) => c.status === 'offering').length,
        longestWaitMs: calls.reduce((m, c) => Math.max(m, at - c.joinedAt), 0),
        signedIn: mine.filter((a) => a.state !== 'logged-out').length,
        ready: mine.filter((a) => a.state === 'ready').length,
        stats,
        serviceLevel: stats.answered > 0 ? stats.answeredInSl / stats.answered : null,
      };
    });
  }

  /** Finds and fixes stuck states (see reaper.ts). */
  reap(options: ReapOptions = {}): Promise<ReapResult> {
    return this.serial(() => reap(this.core, options));
  }

  /** After a crash: no agent left ringing or in a call, every queued call ended by the system (see reaper.ts). */
  restart(options: RestartOptions = {}): Promise<AcdAction[]> {
    return this.serial(() => restart(this.core, options));
  }

  private releaseCounted(callId: string, agentId: string): Promise<AcdResult> {
    return this.serial(async () => {
      const out: AcdAction[] = [];
      const agent = await this.core.store.getAgent(agentId);
      if (agent?.queueId !== undefined && !this.core.owns(agent.queueId))
        return { ok: false, error: 'unknown-call', actions: out };
      const call = await this.core.ownedCall(callId);
      const u = await this.core.releaseOffer(callId, agentId, true, out);
      if (!u) return { ok: false, error: call ? 'state' : 'unknown-call', actions: out };
      await this.core.dispatch([...(call ? [call.queueId] : []), ...this.core.queuesOf(u.after)], out);
      return { ok: true, actions: out };
    });
  }

  private agentOp(agentId: string, fn: (a: AgentRecord | undefined) => AgentChange): Promise<AcdResult> {
    return this.serial(async () => {
      const out: AcdAction[] = [];
      const r = await this.applyAgent(agentId, fn, out);
      if (r.ok) {
        const agent = await this.core.store.getAgent(agentId);
        if (agent?.state === 'ready') await this.core.dispatch(this.core.queuesOf(agent), out);
      }
      return r;
    });
  }

  private async applyAgent(agentId: string, fn: (a: AgentRecord | undefined) => AgentChange, out: AcdAction[]) {
    const u = await this.core.book.update(agentId, fn);
    if ('refuse' in u) {
      const error = u.refuse === 'unknown-agent' || u.refuse === 'in-call' ? u.refuse : 'state';
      return { ok: false, error, actions: out } satisfies AcdResult;
    }
    if (u.log) out.push({ type: 'agent-state', record: u.log });
    return { ok: true, actions: out } satisfies AcdResult;
  }

  /** leave-when-empty: the queues' waiting callers overflow when no member is signed in any more. */
  private async leaveIfEmpty(queueIds: string[], out: AcdAction[]): Promise<void> {
    for (const id of queueIds) {
      const q = this.core.queues.get(id);
      if (!q?.config.leaveWhenEmpty) continue;
      if (anyoneSignedIn(id, await this.core.store.getAgents(q.memberIds))) continue;
      for (const c of inQueue(await this.core.store.queueCalls(id)))
        await this.core.finish(c, 'overflowed', out, 'empty');
    }
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.tail.then(fn, fn);
    this.tail = run.catch(() => undefined);
    return run;
  }
}
