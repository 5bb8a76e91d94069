/**
 * The engine's records (what the store holds) and its output (actions the caller carries out). Records are
 * immutable: every change writes a new object with the next `version`.
 */
import type { AcdCallOutcome, AcdOverflowReason, AgentDevice, AgentState, Destination } from '@hujiao/shared';

export interface AgentQueueStats {
  readonly calls: number;
  readonly talkSec: number;
}

export interface AgentRecord {
  readonly agentId: string;
  readonly state: AgentState;
  /** Busy reason code (置忙原因) while busy. */
  readonly reason?: string;
  /** When the current state was entered (ms). */
  readonly since: number;
  /** The queues the agent is signed in to. */
  readonly queues: readonly string[];
  /**
   * Where the agent is rung while signed in: a mobile or landline number (回呼模式); absent: their extension.
   * The engine only keeps it; the runtime dials it.
   */
  readonly device?: AgentDevice;
  /**
   * The agent's own call (外呼, click-to-call; no queue's): talking while it is up, then back to this state (and busy
   * reason). Absent on queue calls.
   */
  readonly ownCall?: { readonly state: 'ready' | 'busy'; readonly reason?: string };
  /** The call reserved for (ringing) or in progress with (talking, hold, wrap-up) the agent. */
  readonly callId?: string;
  readonly queueId?: string;
  /** Ringing: the offer's deadline (ms). */
  readonly ringUntil?: number;
  /** Wrap-up: when it ends by itself (ms). */
  readonly wrapUpUntil?: number;
  /** Sign-in or the end of the last call (ms): longest-idle orders by it. */
  readonly idleSince: number;
  /** Offers in a row not answered (auto-busy). */
  readonly unanswered: number;
  /** Answered calls and talk seconds per queue (fewest-calls, least-talk-time). */
  readonly stats: Readonly<Record<string, AgentQueueStats>>;
  /** Compare-and-set version: 1 for the first record, +1 on every write. */
  readonly version: number;
}

export type QueueCallStatus = 'waiting' | 'offering' | 'connected';

export interface QueueCall {
  readonly callId: string;
  readonly queueId: string;
  readonly caller?: string;
  /** Higher first; FIFO (joinedAt, seq) within a priority. */
  readonly priority: number;
  readonly joinedAt: number;
  readonly seq: number;
  readonly status: QueueCallStatus;
  /** The agents ringing for this call now (several with ring-all). */
  readonly offeredTo: readonly string[];
  readonly offerUntil?: number;
  /** Agents who did not take this call; skipped until every ready agent has been tried. */
  readonly tried: readonly string[];
  /** Sticky agent (优先客服) and until when only they are offered the call. */
  readonly stickyAgentId?: string;
  readonly stickyUntil?: number;
  readonly nextPositionAt?: number;
  readonly nextPeriodicAt?: number;
  /** Connected: who took it and when. */
  readonly agentId?: string;
  readonly answeredAt?: number;
}

export interface QueueStatsRecord {
  readonly queueId: string;
  /** Join counter (FIFO order of calls that join in the same ms). */
  readonly seq: number;
  readonly answered: number;
  /** Answered within the queue's service-level threshold. */
  readonly answeredInSl: number;
  readonly abandoned: number;
  readonly overflowed: number;
  readonly abandonedBySystem: number;
  /** Moving average of the waits of answered calls (seconds); null before the first. */
  readonly waitAvgSec: number | null;
}

/** 示忙示闲记录: one per state change. `version` is the agent record's version after it (orders the log). */
export interface AgentStateRecord {
  readonly agentId: string;
  readonly from: AgentState;
  readonly to: AgentState;
  readonly reason?: string;
  readonly at: number;
  readonly callId?: string;
  readonly queueId?: string;
  readonly version: number;
}

export type CancelReason = 'answered-elsewhere' | 'abandoned' | 'overflow' | 'system';

export type AcdAction =
  /** Ring these agents for the call (ring-all: several; the first to answer wins). */
  | {
      type: 'offer';
      callId: string;
      queueId: string;
      agentIds: string[];
      ringTimeoutSec: number;
      caller?: string;
      waitedMs: number;
    }
  /** Stop ringing these agents for the call. */
  | { type: 'cancel-offer'; callId: string; agentIds: string[]; reason: CancelReason }
  /** Bridge the caller to the agent who answered. */
  | { type: 'connect'; callId: string; queueId: string; agentId: string; waitedMs: number }
  /** Send the caller to the destination (null: hang up). */
  | {
      type: 'overflow';
      callId: string;
      queueId: string;
      reason: AcdOverflowReason;
      destination: Destination | null;
    }
  | {
      type: 'announce-position';
      callId: string;
      queueId: string;
      position: number;
      expectedWaitSec: number | null;
    }
  | { type: 'announce-periodic'; callId: string; queueId: string; prompt?: string }
  | { type: 'agent-state'; record: AgentStateRecord }
  /** How the call left the queue: exactly one per call. */
  | {
      type: 'call-outcome';
      callId: string;
      queueId: string;
      outcome: AcdCallOutcome;
      waitedMs: number;
      agentId?: string;
      reason?: AcdOverflowReason;
    };

export type JoinDecision =
  | { kind: 'offer'; agentIds: string[] }
  | { kind: 'wait'; position: number }
  | { kind: 'overflow'; reason: AcdOverflowReason; destination: Destination | null };

export interface JoinResult {
  decision: JoinDecision;
  actions: AcdAction[];
}

/** The result of every other engine call: ok false (with a code) when the event did not fit the state. */
export interface AcdResult {
  ok: boolean;
  error?: 'unknown-agent' | 'unknown-call' | 'state' | 'in-call';
  actions: AcdAction[];
}
