/**
 * A queue as the engine holds it: the validated configuration, its members in order, and the rules that
 * depend only on the queue's calls (their order, a caller's position, whether the queue is full).
 */
import { type AcdOverflowReason, type AcdQueueConfig, type AcdQueueConfigInput, acdQueueConfig } from '@hujiao/shared';
import { sortMembers } from './strategies.ts';
import type { AgentRecord, QueueCall, QueueStatsRecord } from './types.ts';

export interface CompiledQueue {
  readonly config: AcdQueueConfig;
  readonly memberIds: readonly string[];
  readonly members: ReadonlyMap<string, AcdQueueConfig['members'][number]>;
  /** Each member's place in member order (round robin). */
  readonly positions: ReadonlyMap<string, number>;
}

export function compileQueue(input: AcdQueueConfigInput | AcdQueueConfig): CompiledQueue {
  const config = acdQueueConfig.parse(input);
  const sorted = sortMembers(config.members);
  return {
    config,
    memberIds: sorted.map((m) => m.agentId),
    members: new Map(sorted.map((m) => [m.agentId, m])),
    positions: new Map(sorted.map((m, i) => [m.agentId, i])),
  };
}

/** Queue order: higher priority first, then first come (joinedAt, seq). */
export const byQueueOrder = (a: QueueCall, b: QueueCall): number =>
  b.priority - a.priority || a.joinedAt - b.joinedAt || a.seq - b.seq;

/** The calls still in the queue (waiting or being offered), in queue order. */
export const inQueue = (calls: readonly QueueCall[]): QueueCall[] =>
  calls.filter((c) => c.status !== 'connected').sort(byQueueOrder);

/** 1-based position of the call among the queue's calls (connected ones left). */
export function positionOf(call: QueueCall, calls: readonly QueueCall[]): number {
  let ahead = 0;
  for (const c of calls) if (c.status !== 'connected' && c.callId !== call.callId && byQueueOrder(c, call) < 0) ahead++;
  return ahead + 1;
}

/** Someone signed in among the members (any state but logged-out, in this queue). */
export const anyoneSignedIn = (queueId: string, agents: ReadonlyArray<AgentRecord | undefined>): boolean =>
  agents.some((a) => a !== undefined && a.state !== 'logged-out' && a.queues.includes(queueId));

export const overflowDestination = (q: CompiledQueue, reason: AcdOverflowReason) => q.config.overflow[reason] ?? null;

export const emptyStats = (queueId: string): QueueStatsRecord => ({
  queueId,
  seq: 0,
  answered: 0,
  answeredInSl: 0,
  abandoned: 0,
  overflowed: 0,
  abandonedBySystem: 0,
  waitAvgSec: null,
});

/** Moving average of answered waits (weight 1/4 for the newest, as Asterisk's holdtime). */
export const nextWaitAvg = (avg: number | null, waitSec: number): number =>
  avg === null ? waitSec : avg * 0.75 + waitSec * 0.25;
