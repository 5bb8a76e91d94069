/**
 * Agent state changes (坐席状态). Each one is a read-modify-write of the agent record by compare-and-set,
 * retried when another writer (another queue, another node) changed the record in between; each change of
 * state (or of busy reason) yields one state-log record (示忙示闲记录).
 *
 *   logged-out → ready | busy            sign in
 *   ready ⇄ busy(reason)                 置闲 / 置忙
 *   ready → ringing                      reserve (the only way to ring an agent: atomic)
 *   ringing → ready | busy(no-answer)    not answered / refused / cancelled
 *   ringing → talking ⇄ hold             answered, hold, resume
 *   talking | hold → wrap-up | ready     call ended (wrap-up when the queue has wrap-up time)
 *   wrap-up → ready                      its time is over, or ended by the agent
 *   ready | busy | wrap-up → talking     the agent's own call (外呼) starts; when it ends, back to ready or busy as
 *                                        before (wrap-up: ready — their own call ended it)
 *   any but ringing/talking/hold → logged-out   sign out (a ringing offer is released first)
 */
import { type AgentDevice, type AgentState, AUTO_BUSY_REASON } from '@hujiao/shared';
import type { AcdStore } from './store.ts';
import type { AgentRecord, AgentStateRecord } from './types.ts';

export type AgentFields = Partial<Omit<AgentRecord, 'agentId' | 'version' | 'since'>>;

export interface AgentUpdate {
  before: AgentRecord | undefined;
  after: AgentRecord;
  log?: AgentStateRecord;
}

/** A change: the fields to write, or a refusal code. */
export type AgentChange = AgentFields | { refuse: 'unknown-agent' | 'state' | 'in-call' };

const CAS_ATTEMPTS = 16;
const inCall = (s: AgentState) => s === 'talking' || s === 'hold';

export class AgentBook {
  constructor(
    private readonly store: AcdStore,
    private readonly now: () => number,
  ) {}

  /** Applies `change` to the current record by compare-and-set; a refusal or lost contention is returned as is. */
  async update(
    agentId: string,
    change: (a: AgentRecord | undefined) => AgentChange,
  ): Promise<AgentUpdate | { refuse: string }> {
    for (let attempt = 0; attempt < CAS_ATTEMPTS; attempt++) {
      const before = await this.store.getAgent(agentId);
      const c = change(before);
      if ('refuse' in c) return c;
      const at = this.now();
      const base: AgentRecord = before ?? {
        agentId,
        state: 'logged-out',
        since: at,
        queues: [],
        idleSince: at,
        unanswered: 0,
        stats: {},
        version: 0,
      };
      const state = c.state ?? base.state;
      const next: AgentRecord = {
        ...base,
        ...c,
        agentId,
        since: state !== base.state ? at : base.since,
        version: base.version + 1,
      };
      if (!(await this.store.casAgent(next, base.version))) continue;
      const changed = state !== base.state || (state === 'busy' && next.reason !== base.reason);
      if (!changed) return { before, after: next };
      const log: AgentStateRecord = {
        agentId,
        from: base.state,
        to: state,
        at,
        version: next.version,
        ...(next.reason !== undefined && state === 'busy' ? { reason: next.reason } : {}),
        ...(c.callId !== undefined || base.callId !== undefined ? { callId: (c.callId ?? base.callId) as string } : {}),
        ...(next.queueId !== undefined || base.queueId !== undefined
          ? { queueId: (next.queueId ?? base.queueId) as string }
          : {}),
      };
      return { before, after: next, log };
    }
    return { refuse: 'contention' };
  }
}

const cleared = {
  callId: undefined,
  queueId: undefined,
  ringUntil: undefined,
  wrapUpUntil: undefined,
  ownCall: undefined,
};

export const changes = {
  /** Sign in (again while signed in: the queues change); `device` absent: the extension, or the one kept. */
  login:
    (queues: readonly string[], at: number, state: 'ready' | 'busy', reason?: string, device?: AgentDevice) =>
    (a: AgentRecord | undefined): AgentChange => {
      if (a && a.state !== 'logged-out') return { queues: [...queues], ...deviceField(device) };
      return {
        ...cleared,
        state,
        reason: state === 'busy' ? reason : undefined,
        queues: [...queues],
        idleSince: at,
        unanswered: 0,
        device: device?.kind === 'mobile' ? device : undefined,
      };
    },
  ready:
    (device?: AgentDevice) =>
    (a: AgentRecord | undefined): AgentChange => {
      if (!a || a.state === 'logged-out') return { refuse: 'unknown-agent' };
      if (a.state === 'ready') return deviceField(device);
      if (a.state !== 'busy' && a.state !== 'wrap-up') return { refuse: 'state' };
      return { ...cleared, state: 'ready', reason: undefined, unanswered: 0, ...deviceField(device) };
    },
  busy:
    (reason: string, device?: AgentDevice) =>
    (a: AgentRecord | undefined): AgentChange => {
      if (!a || a.state === 'logged-out') return { refuse: 'unknown-agent' };
      if (a.state !== 'ready' && a.state !== 'busy' && a.state !== 'wrap-up') return { refuse: 'state' };
      return { ...cleared, state: 'busy', reason, ...deviceField(device) };
    },
  logout:
    () =>
    (a: AgentRecord | undefined): AgentChange => {
      if (!a) return { refuse: 'unknown-agent' };
      // Ringing: the offer is released first (by the call's queue writer), so a reservation is never dropped.
      if (inCall(a.state) || a.state === 'ringing') return { refuse: 'in-call' };
      return { ...cleared, state: 'logged-out', reason: undefined, queues: [], device: undefined };
    },
  reserve:
    (callId: string, queueId: string, ringUntil: number) =>
    (a: AgentRecord | undefined): AgentChange => {
      if (!a || a.state !== 'ready' || a.callId !== undefined) return { refuse: 'state' };
      if (!a.queues.includes(queueId)) return { refuse: 'state' };
      return { state: 'ringing', callId, queueId, ringUntil };
    },
  /** The offer ends without an answer; `counted` adds to the unanswered run (auto-busy after `autoBusyAfter`). */
  release:
    (callId: string, counted: boolean, autoBusyAfter: number) =>
    (a: AgentRecord | undefined): AgentChange => {
      if (!a || a.state !== 'ringing' || a.callId !== callId) return { refuse: 'state' };
      const unanswered = counted ? a.unanswered + 1 : a.unanswered;
      const autoBusy = counted && autoBusyAfter > 0 && unanswered >= autoBusyAfter;
      return autoBusy
        ? { ...cleared, state: 'busy', reason: AUTO_BUSY_REASON, unanswered: 0 }
        : { ...cleared, state: 'ready', unanswered };
    },
  answer:
    (callId: string) =>
    (a: AgentRecord | undefined): AgentChange => {
      if (!a || a.state !== 'ringing' || a.callId !== callId) return { refuse: 'state' };
      return { state: 'talking', ringUntil: undefined, unanswered: 0 };
    },
  hold:
    (on: boolean) =>
    (a: AgentRecord | undefined): AgentChange => {
      if (!a || a.state !== (on ? 'talking' : 'hold')) return { refuse: 'state' };
      return { state: on ? 'hold' : 'talking' };
    },
  /** The call is over: wrap-up until `wrapUpUntil`, or ready at once (undefined); talk time is counted. */
  endCall:
    (callId: string, queueId: string, talkSec: number, at: number, wrapUpUntil: number | undefined) =>
    (a: AgentRecord | undefined): AgentChange => {
      if (!a || !inCall(a.state) || a.callId !== callId) return { refuse: 'state' };
      const s = a.stats[queueId] ?? { calls: 0, talkSec: 0 };
      const stats = { ...a.stats, [queueId]: { calls: s.calls + 1, talkSec: s.talkSec + Math.max(0, talkSec) } };
      return wrapUpUntil === undefined
        ? { ...cleared, state: 'ready', idleSince: at, stats }
        : { ...cleared, callId, queueId, state: 'wrap-up', wrapUpUntil, idleSince: at, stats };
    },
  /** The agent's own call `ref` (外呼) starts: talking, so that no queue offers them a call while it is up. */
  ownCallStart:
    (ref: string) =>
    (a: AgentRecord | undefined): AgentChange => {
      if (!a || (a.state !== 'ready' && a.state !== 'busy' && a.state !== 'wrap-up')) return { refuse: 'state' };
      const back =
        a.state === 'busy' ? { state: 'busy' as const, reason: a.reason ?? 'busy' } : { state: 'ready' as const };
      return { ...cleared, state: 'talking', callId: ref, reason: undefined, ownCall: back };
    },
  /** The agent's own call `ref` is now known by the switch's call id. */
  ownCallIs:
    (ref: string, callId: string) =>
    (a: AgentRecord | undefined): AgentChange => {
      if (!a?.ownCall || a.callId !== ref) return { refuse: 'state' };
      return { callId };
    },
  /**
   * The agent's own call ended: back to the state it found them in; a ready agent who took a queue's customer over
   * from a colleague (咨询/转接) wraps up first when `wrapUp` says until when (the queue's wrap-up time).
   */
  ownCallEnd:
    (callId: string, wrapUp?: { queueId: string; until: number }) =>
    (a: AgentRecord | undefined): AgentChange => {
      if (!a?.ownCall || a.callId !== callId || !inCall(a.state)) return { refuse: 'state' };
      if (wrapUp && a.ownCall.state === 'ready') {
        return { ...cleared, callId, queueId: wrapUp.queueId, state: 'wrap-up', wrapUpUntil: wrapUp.until };
      }
      return { ...cleared, state: a.ownCall.state, reason: a.ownCall.reason };
    },
  /** Wrap-up ends (by the agent, or `due`: only once its time is over). */
  endWrapUp:
    (due?: number) =>
    (a: AgentRecord | undefined): AgentChange => {
      if (!a || a.state !== 'wrap-up') return { refuse: 'state' };
      if (due !== undefined && (a.wrapUpUntil ?? 0) > due) return { refuse: 'state' };
      return { ...cleared, state: 'ready' };
    },
  /** A safe state regardless of the current one (reaper, restart). */
  force:
    (state: 'ready' | 'logged-out', onlyIf?: (a: AgentRecord) => boolean) =>
    (a: AgentRecord | undefined): AgentChange => {
      if (!a) return { refuse: 'unknown-agent' };
      if (onlyIf && !onlyIf(a)) return { refuse: 'state' };
      return {
        ...cleared,
        state,
        reason: undefined,
        ...(state === 'logged-out' ? { queues: [], device: undefined } : {}),
      };
    },
};

/** The record's device field for a change: unchanged when not given, absent for the extension. */
function deviceField(device: AgentDevice | undefined): AgentFields {
  if (!device) return {};
  return { device: device.kind === 'mobile' ? device : undefined };
}

export const isUpdate = (u: AgentUpdate | { refuse: string }): u is AgentUpdate => !('refuse' in u);
