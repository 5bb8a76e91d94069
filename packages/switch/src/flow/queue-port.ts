/**
 * The port between the `enqueue` verb and the server's ACD (packages/acd, run by the server): the verb enters the
 * caller, then asks for the next instruction until the caller is connected, overflows or hangs up, and reports what
 * came of each offer. The server decides everything (strategy, ring time, announcements, overflow); the switch only
 * rings, plays and bridges.
 */
import type { PromptItem, Step } from '@hujiao/shared';
import type { DialResult, DialTarget, FlowPlaySource } from './flow-context.ts';

/** One agent to ring for a waiting caller: the ACD's agent id and the device that reaches them. */
export interface QueueOfferTarget {
  agentId: string;
  target: DialTarget;
}

export type QueueInstruction =
  /** Ring these agents at once (one for hunting strategies, several for ring-all); the first to answer wins. */
  | {
      kind: 'offer';
      offerId: string;
      targets: QueueOfferTarget[];
      ringTimeoutSec: number;
      /** Shown to the agents' phones (the caller's number by default). */
      callerId?: string;
      /** Played to the caller once an agent answered, before they talk (播放工号: "工号 8 0 1 为您服务"). */
      announce?: PromptItem[];
    }
  /** Position, expected wait, periodic messages: played over the music, which then goes on. */
  | { kind: 'announce'; play: PromptItem[] }
  /** Leave the queue: these steps run in place (voicemail, another queue's enqueue, an IVR's steps, a dial). */
  | { kind: 'overflow'; steps: Step[]; reason: string }
  | { kind: 'hangup' };

export type QueueReport =
  | { kind: 'answered'; offerId: string; agentId: string; legId: string }
  | { kind: 'not-answered'; offerId: string; agentId: string; result: DialResult; sipStatus: number | null }
  /** The conversation with the agent ended. */
  | { kind: 'ended'; agentId: string; talkSec: number; endedBy: 'caller' | 'callee' | 'system' | 'transfer' }
  /** The caller hung up while waiting or while agents rang. */
  | { kind: 'caller-gone' };

export interface QueueWait {
  /** The next instruction; resolves null soon after `signal` is aborted. */
  next(signal: AbortSignal): Promise<QueueInstruction | null>;
  report(report: QueueReport): void;
  /** What the caller hears while waiting (files in order, again); the switch's music when absent or empty. */
  readonly musicOnHold?: FlowPlaySource[];
}

export interface QueueFlowPort {
  /** Enters the caller; null when the queue is not the tenant's (the verb sets `queueResult` unavailable). */
  join(o: {
    tenantId: string;
    callId: string;
    queueId: string;
    caller: string;
    vars: Record<string, string>;
  }): Promise<QueueWait | null>;
}
