import type { CommandResult, ErrorCode, Flow } from '@hujiao/shared';
import { type CallEnd, whenEnded } from '@hujiao/switch';
import { DomainError } from '../../http/domain-error.ts';
import type { CallEngine } from '../call-control/index.ts';

/** What the routes answer for a number an extension dials (PbxRouter.dialFor). */
export type AgentDialRoute =
  | { ok: true; external: boolean; flow: Flow; onEnd?: (end: CallEnd) => void }
  | { ok: false; reason: string };

export interface AgentDialDeps {
  engine: CallEngine;
  /** The agent's bound extension; null: none. */
  agentExtension(tenantId: string, userId: string): Promise<string | null>;
  /** The agent's ACD state ('logged-out': not signed in). */
  agentState(tenantId: string, userId: string): Promise<string>;
  /** The number as extension `extension` would dial it: its flow, or the routes' refusal. */
  route(tenantId: string, extension: string, number: string): Promise<AgentDialRoute>;
  /** The extensions whose ringing calls the agent picks up without naming one; null: any of the enterprise. */
  pickupScope(tenantId: string, userId: string): Promise<string[] | null>;
  /**
   * Tells the ACD the agent is on a click-to-call (talking: no queue offers them a call) until the mark's ended();
   * null: the ACD refused (nothing to tell). Absent: the ACD is not told.
   */
  ownCall?(tenantId: string, userId: string): Promise<{ callIs(callId: string): void; ended(): void } | null>;
  /** How long the agent's own phone rings (click-to-call, pick-up); default 30 s. */
  ringTimeoutSec?: number;
}

/** The routes' refusal reasons (packages/pbx OutboundRefusalReason) as the agent reads them. */
const REFUSED: Record<string, ErrorCode> = {
  noRoute: 'CTI_DIAL_NO_ROUTE',
  classDenied: 'CTI_DIAL_CLASS_DENIED',
  international: 'CTI_DIAL_INTERNATIONAL',
  premium: 'CTI_DIAL_PREMIUM',
  closed: 'CTI_DIAL_CLOSED',
  blacklisted: 'CTI_DIAL_BLACKLISTED',
  concurrency: 'CTI_DIAL_CONCURRENCY',
  dailyMinutes: 'CTI_DIAL_DAILY_MINUTES',
};

/** ACD states of an agent on a call. */
const ON_CALL = new Set(['ringing', 'talking', 'hold']);

/**
 * The CTI's calls that start from the bar rather than from a call the agent is on. Click-to-call (外呼): the
 * agent's phone rings first; when it answers, the number is routed exactly as if that extension had dialled it
 * (another extension, or the outbound routes with caller ID, black list and fraud guard), and the call is the
 * agent's outbound call. 代接: the agent's phone rings as one more fork of a colleague's ringing call and takes it
 * when answered. Both need a signed-in agent with a bound extension who is on no call.
 */
export class AgentDial {
  /** Agents with a dial or pick-up under way (a second one is refused as being on a call). */
  private readonly underway = new Set<string>();

  constructor(private readonly d: AgentDialDeps) {}

  private get ringTimeoutSec(): number {
    return this.d.ringTimeoutSec ?? 30;
  }

  async dial(tenantId: string, userId: string, number: string): Promise<void> {
    await this.exclusive(tenantId, userId, async (extension) => {
      if (number === extension) throw new DomainError('CTI_INVALID_STATE', { action: 'dial' });
      const route = await this.d.route(tenantId, extension, number);
      if (!route.ok) throw new DomainError(REFUSED[route.reason] ?? 'CTI_DIAL_NO_ROUTE', { number });
      // The fraud guard's place (an outside number) is held from the routes' decision: given back exactly once,
      // when the call ends or when it never got going.
      // From here until the call ends the agent is talking for the ACD (ringing their phone included).
      const mark = (await this.d.ownCall?.(tenantId, userId)) ?? null;
      let given = false;
      const giveBack = (end: CallEnd = { talkSec: 0 }) => {
        if (given) return;
        given = true;
        mark?.ended();
        route.onEnd?.(end);
      };
      let result: CommandResult;
      try {
        result = await this.d.engine.execute({
          command: 'originate',
          tenantId,
          to: { extension },
          // The agent's phone shows the number it is about to call.
          callerId: number,
          ringTimeoutSec: this.ringTimeoutSec,
          // The agent asked for it: a phone that can answers by itself (the browser phone does).
          autoAnswer: true,
          flow: route.flow,
          onBehalf: { caller: extension, callee: number, direction: 'outbound' },
        });
      } catch (err) {
        giveBack();
        throw err;
      }
      const call = result.ok && result.callId ? this.d.engine.calls().find((c) => c.id === result.callId) : undefined;
      if (call) {
        mark?.callIs(call.id);
        whenEnded(call, giveBack);
      } else giveBack();
      if (!result.ok) throw new DomainError('CTI_INVALID_STATE', { action: 'dial' });
      if (result.outcome !== 'answered') throw new DomainError('CTI_AGENT_UNANSWERED');
    });
  }

  /** 代接: the call ringing `ringing`, else the oldest ringing an extension of the agent's pick-up scope. */
  async pickup(tenantId: string, userId: string, ringing?: string): Promise<void> {
    await this.exclusive(tenantId, userId, async (extension) => {
      if (ringing === extension) throw new DomainError('CTI_INVALID_STATE', { action: 'pickup' });
      const among = ringing ? null : await this.d.pickupScope(tenantId, userId);
      if (among && among.length === 0) throw new DomainError('CTI_NOTHING_RINGING');
      const result = await this.d.engine.execute({
        command: 'pickup',
        tenantId,
        extension,
        ...(ringing ? { ringing } : {}),
        ...(among ? { among } : {}),
        ringTimeoutSec: this.ringTimeoutSec,
      });
      if (!result.ok) {
        if (result.error === 'callNotFound') throw new DomainError('CTI_NOTHING_RINGING');
        throw new DomainError('CTI_INVALID_STATE', { action: 'pickup' });
      }
      if (result.outcome === 'cancelled') throw new DomainError('CTI_PICKUP_GONE');
      if (result.outcome !== 'answered') throw new DomainError('CTI_AGENT_UNANSWERED');
    });
  }

  /** Runs `work` with the agent's extension once they may start a call; one at a time per agent. */
  private async exclusive(tenantId: string, userId: string, work: (extension: string) => Promise<void>) {
    const state = await this.d.agentState(tenantId, userId);
    if (state === 'logged-out') throw new DomainError('CTI_NOT_SIGNED_IN');
    // On a queue call the ACD knows of, maybe on no extension of theirs (回呼模式: their mobile's trunk leg).
    if (ON_CALL.has(state)) throw new DomainError('CTI_ON_CALL');
    const extension = await this.d.agentExtension(tenantId, userId);
    if (!extension) throw new DomainError('CTI_NO_EXTENSION');
    const key = `${tenantId}/${userId}`;
    if (this.underway.has(key) || this.onCall(tenantId, extension)) throw new DomainError('CTI_ON_CALL');
    this.underway.add(key);
    try {
      await work(extension);
    } finally {
      this.underway.delete(key);
    }
  }

  /** The extension has a live leg in a call of the tenant (talking, ringing, held …). */
  private onCall(tenantId: string, extension: string): boolean {
    return this.d.engine
      .calls()
      .some((c) => c.tenantId === tenantId && !c.isEnded && c.liveLegs().some((l) => l.extension === extension));
  }
}
