import type { AcdAction, AgentStateRecord } from '@hujiao/acd';
import type { AcdCallOutcome, AcdOverflowReason, QueueLostStage } from '@hujiao/shared';
import type { QueueReport } from '@hujiao/switch';
import type { Logger } from 'pino';
import { v7 as uuidv7 } from 'uuid';

/** A visit as the runtime opens it. */
export interface QueueVisitOpen {
  id: string;
  tenantId: string;
  callId: string;
  queueId: string;
  caller: string;
  enteredAt: Date;
}

/** What becomes known of a visit later (every field optional: only the changed ones are sent). */
export interface QueueVisitPatch {
  outcome?: AcdCallOutcome;
  overflowReason?: AcdOverflowReason | null;
  lostStage?: QueueLostStage | null;
  leftAt?: Date;
  agentId?: string;
  offers?: number;
  waitSec?: number;
  ringSec?: number;
  talkSec?: number;
  endedAt?: Date;
  wrapUpSec?: number;
}

/** Where visits are stored (排队记录: the call-record module's queue_calls). */
export interface QueueVisitSink {
  open(visit: QueueVisitOpen): Promise<void>;
  update(tenantId: string, id: string, patch: QueueVisitPatch): Promise<void>;
}

interface Visit {
  id: string;
  tenantId: string;
  offers: number;
  ringMs: number;
  /** Since when an offer rings (null: none). */
  ringingSince: number | null;
  /** Writes in order: each waits for the one before. */
  chain: Promise<void>;
}

/**
 * Follows each caller's visit to a queue from the ACD's actions and the enqueue verb's reports — offers, rings,
 * the outcome, the talk and the agent's wrap-up — and writes it through the sink as it changes, never holding up
 * the ACD (a failed write is logged).
 */
export class QueueVisitTracker {
  private readonly byCall = new Map<string, Visit>();
  /** Answered calls that have just ended, until the ACD's actions for the end were applied (see forget). */
  private readonly ended = new Map<string, Visit>();
  /** The answered visit whose wrap-up an agent is in. */
  private readonly wrapUps = new Map<string, { visit: Visit; since: number }>();

  constructor(
    private readonly sink: QueueVisitSink,
    private readonly now: () => number,
    private readonly logger?: Logger,
  ) {}

  joined(o: { tenantId: string; callId: string; queueId: string; caller: string }): void {
    const visit: Visit = {
      id: uuidv7(),
      tenantId: o.tenantId,
      offers: 0,
      ringMs: 0,
      ringingSince: null,
      chain: Promise.resolve(),
    };
    this.byCall.set(o.callId, visit);
    this.write(visit, () =>
      this.sink.open({
        id: visit.id,
        tenantId: o.tenantId,
        callId: o.callId,
        queueId: o.queueId,
        caller: o.caller,
        enteredAt: new Date(this.now()),
      }),
    );
  }

  offered(callId: string): void {
    const v = this.byCall.get(callId);
    if (!v) return;
    v.offers++;
    this.stopRinging(v);
    v.ringingSince = this.now();
  }

  action(a: AcdAction): void {
    if (a.type === 'call-outcome') this.outcome(a);
    else if (a.type === 'agent-state') this.agentState(a.record);
  }

  /** A report of the enqueue verb, before the ACD engine handles it. */
  reported(callId: string, r: QueueReport): void {
    const v = this.byCall.get(callId);
    if (!v) return;
    if (r.kind === 'not-answered') this.stopRinging(v);
    if (r.kind === 'ended') {
      const talkSec = r.talkSec ?? 0;
      this.write(v, () =>
        this.sink.update(v.tenantId, v.id, { talkSec: Math.round(talkSec), endedAt: new Date(this.now()) }),
      );
    }
    if (r.kind === 'ended') this.ended.set(callId, v);
    if (r.kind === 'ended') this.byCall.delete(callId);
  }

  /** The end of the call or the caller's leaving has been handled (the outcome written, the agent in wrap-up). */
  forget(callId: string): void {
    this.byCall.delete(callId);
    this.ended.delete(callId);
  }

  private outcome(a: Extract<AcdAction, { type: 'call-outcome' }>): void {
    const v = this.byCall.get(a.callId);
    if (!v) return;
    const ringing = v.ringingSince !== null;
    this.stopRinging(v);
    const lost = a.outcome === 'answered' ? null : a.outcome === 'abandoned' && ringing ? 'ringing' : 'queue';
    this.write(v, () =>
      this.sink.update(v.tenantId, v.id, {
        outcome: a.outcome,
        overflowReason: a.reason ?? null,
        lostStage: lost,
        leftAt: new Date(this.now()),
        ...(a.agentId ? { agentId: a.agentId } : {}),
        offers: v.offers,
        waitSec: Math.round(a.waitedMs / 1000),
        ringSec: Math.round(v.ringMs / 1000),
      }),
    );
    // Unanswered: the visit is over (an overflow to another queue opens the next one under the same call id).
    if (a.outcome !== 'answered') this.byCall.delete(a.callId);
  }

  private agentState(r: AgentStateRecord): void {
    if (r.to === 'wrap-up' && r.callId) {
      const visit = this.ended.get(r.callId);
      if (visit) this.wrapUps.set(r.agentId, { visit, since: r.at });
    }
    if (r.from === 'wrap-up') {
      const w = this.wrapUps.get(r.agentId);
      if (!w) return;
      this.wrapUps.delete(r.agentId);
      const wrapUpSec = Math.round((r.at - w.since) / 1000);
      this.write(w.visit, () => this.sink.update(w.visit.tenantId, w.visit.id, { wrapUpSec }));
    }
  }

  private stopRinging(v: Visit): void {
    if (v.ringingSince === null) return;
    v.ringMs += this.now() - v.ringingSince;
    v.ringingSince = null;
  }

  private write(v: Visit, op: () => Promise<void>): void {
    v.chain = v.chain.then(op).catch((err) => this.logger?.warn({ err, visit: v.id }, 'queue visit not written'));
  }
}
