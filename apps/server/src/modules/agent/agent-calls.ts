import type { AgentCall, AgentCallState, CtiCallCommand, SwitchCommand } from '@hujiao/shared';
import type { Call, Leg } from '@hujiao/switch';
import { DomainError } from '../../http/domain-error.ts';
import type { CallEngine } from '../call-control/index.ts';
import type { AgentDial } from './agent-dial.ts';
import type { AgentRedirect } from './agent-redirect.ts';

export interface AgentCallsDeps {
  /** The running switch's calls and its command API. */
  engine: CallEngine;
  /** The extension that reaches the agent (their bound extension); null: none. */
  agentExtension(tenantId: string, userId: string): Promise<string | null>;
  /**
   * The leg that answered the agent's queue call, as the ACD knows it: 回呼模式's trunk leg to their mobile, which
   * no extension of theirs is in. Absent: extensions only.
   */
  agentLeg?(tenantId: string, userId: string): { callId: string; legId: string } | null;
  /** 回呼模式: the queue call ringing the agent's mobile, and the number its trunk leg dials. */
  mobileRing?(userId: string): { callId: string; number: string } | null;
  /** The queue call the agent is on, as the ACD knows it (queue id and name, the caller's wait). */
  queueCall?(
    tenantId: string,
    userId: string,
    callId: string,
  ): Promise<{
    queueId: string;
    queueName: string;
    waitSec: number | null;
  } | null>;
  /** Click-to-call and pick-up (absent: refused). */
  dial?: AgentDial;
  /** Transfers to a queue, an IVR menu or an outside number, and the survey (absent: refused). */
  redirect?: AgentRedirect;
}

/** The number a leg stands for: its extension, else the user part of its URI. */
function numberOf(leg: Leg): string {
  if (leg.extension) return leg.extension;
  const m = /^<?sips?:([^@;>]+)/.exec(leg.uri);
  return m?.[1] ? decodeURIComponent(m[1]) : leg.uri;
}

/** The agent's leg in a call: the live leg on their extension (the newest when the call has several). */
function agentLegOf(call: Call, extension: string): Leg | null {
  const legs = call.liveLegs().filter((l) => l.extension === extension);
  return legs.at(-1) ?? null;
}

/**
 * The party the agent consults (咨询): the answered one the switch paired with the agent, or, while the customer is
 * held by the agent, the leg still ringing for them (the consult's target before it answers).
 */
function consultedBy(call: Call, leg: Leg): Leg | null {
  const answered = call.consultOf.get(leg);
  if (answered) return answered;
  const held = call.heldBy(leg);
  if (held.length === 0) return null;
  return call.liveLegs().find((l) => l !== leg && !l.isAnswered && !held.includes(l)) ?? null;
}

function stateOf(call: Call, leg: Leg): AgentCallState {
  // The agent's phone placed the call: its leg is answered only with the other party's.
  if (!leg.isAnswered) return call.inbound === leg ? 'dialling' : 'ringing';
  if (call.supervisorOf.has(leg)) return 'supervising';
  if (consultedBy(call, leg)) return 'consulting';
  const partners = call.partnersOf(leg);
  if (partners.length === 0 && call.heldBy(leg).length > 0) return 'held';
  // Alone while another leg rings: the agent's own dial (click-to-call, after their phone answered).
  if (partners.length === 0 && call.liveLegs().some((l) => l !== leg && !l.isAnswered)) return 'dialling';
  if (partners.length >= 2) return 'conference';
  return 'talking';
}

/**
 * The agent's call on the CTI: what the softphone bar shows (the `agent-call` live topic) and the commands it
 * sends, each turned into the switch's call commands on the agent's own leg (or the customer's). An agent only
 * ever reaches a call one of their extension's legs is in, of their own tenant.
 */
export class AgentCalls {
  constructor(private readonly d: AgentCallsDeps) {}

  /**
   * The agent's call and leg, or null: a live leg on their extension, else the leg that answered their queue call
   * (their mobile's, 回呼模式) while it is live in a call of their tenant, else the leg ringing their mobile.
   */
  async find(tenantId: string, userId: string): Promise<{ call: Call; leg: Leg } | null> {
    if (!this.d.engine.running) return null;
    const extension = await this.d.agentExtension(tenantId, userId);
    const device = this.d.agentLeg?.(tenantId, userId) ?? null;
    for (const call of this.d.engine.calls()) {
      if (call.tenantId !== tenantId || call.isEnded) continue;
      const leg = extension ? agentLegOf(call, extension) : null;
      if (leg) return { call, leg };
    }
    if (device) {
      const call = this.liveCall(tenantId, device.callId);
      const leg = call?.liveLegs().find((l) => l.id === device.legId);
      if (call && leg) return { call, leg };
    }
    // 回呼模式 while the mobile still rings: the call's leg that dials it.
    const ring = this.d.mobileRing?.(userId) ?? null;
    const call = ring ? this.liveCall(tenantId, ring.callId) : null;
    const leg = call?.liveLegs().find((l) => l !== call.inbound && numberOf(l) === ring?.number);
    return call && leg ? { call, leg } : null;
  }

  private liveCall(tenantId: string, callId: string): Call | null {
    const call = this.d.engine.calls().find((c) => c.id === callId);
    return call && call.tenantId === tenantId && !call.isEnded ? call : null;
  }

  async view(tenantId: string, userId: string): Promise<AgentCall | null> {
    const found = await this.find(tenantId, userId);
    if (!found) return null;
    const { call, leg } = found;
    const others = [...call.partnersOf(leg), ...call.heldBy(leg)];
    const consulted = consultedBy(call, leg);
    const customer = others.find((l) => l !== consulted) ?? null;
    // The agent is the calling party: their phone dialled, or click-to-call placed the call on their behalf.
    const isCaller = call.inbound === leg || (leg.extension !== null && call.options.caller === leg.extension);
    const number = customer ? numberOf(customer) : isCaller ? call.options.callee : call.options.caller;
    const queue = (await this.d.queueCall?.(tenantId, userId, call.id)) ?? null;
    const connection = call.connectionOf(leg);
    return {
      callId: call.id,
      legId: leg.id,
      direction: call.options.direction ?? 'internal',
      number,
      dialled: call.options.callee,
      state: stateOf(call, leg),
      queueId: queue?.queueId ?? null,
      queueName: queue?.queueName ?? null,
      waitSec: queue?.waitSec ?? null,
      ivrPath: [],
      startedAt: call.startedAt.toISOString(),
      answeredAt: leg.answeredAt?.toISOString() ?? null,
      muted: connection?.parties.get(leg.id)?.muted ?? false,
      consult: consulted ? { number: numberOf(consulted), state: consulted.isAnswered ? 'talking' : 'ringing' } : null,
      parties: call.partnersOf(leg).length,
    };
  }

  /** Runs one CTI call command for the agent; a refusal throws a DomainError the channel words for the user. */
  async run(tenantId: string, userId: string, c: CtiCallCommand): Promise<void> {
    if (!this.d.engine.running) throw new DomainError('TELEPHONY_OFF');
    if (c.action === 'dial' || c.action === 'pickup') {
      if (!this.d.dial) throw new DomainError('CTI_UNSUPPORTED', { action: c.action });
      return c.action === 'dial'
        ? this.d.dial.dial(tenantId, userId, c.number)
        : this.d.dial.pickup(tenantId, userId, c.extension);
    }
    const found = await this.find(tenantId, userId);
    if (!found) throw new DomainError('CALL_NOT_FOUND');
    const { call, leg } = found;
    const onLeg = { callId: call.id, legId: leg.id };
    const held = call.heldBy(leg);
    const customer = call.partnersOf(leg)[0] ?? held[0] ?? null;
    let command: SwitchCommand;
    switch (c.action) {
      case 'hangup':
        command = { command: 'hangup', ...onLeg };
        break;
      case 'hold':
        if (!customer || held.length > 0) throw new DomainError('CTI_INVALID_STATE', { action: c.action });
        command = { command: 'hold', callId: call.id, legId: customer.id };
        break;
      case 'resume': {
        const first = held[0];
        if (!first || call.consultOf.has(leg)) throw new DomainError('CTI_INVALID_STATE', { action: c.action });
        command = { command: 'resume', callId: call.id, legId: first.id };
        break;
      }
      case 'transfer':
        if (c.target.kind !== 'extension') {
          if (!this.d.redirect || !customer) throw new DomainError('CTI_INVALID_STATE', { action: c.action });
          return this.d.redirect.transfer(call, leg, c.target);
        }
        command = { command: 'transfer', ...onLeg, target: extensionTarget(c.target) };
        break;
      case 'survey':
        if (!this.d.redirect || !customer) throw new DomainError('CTI_INVALID_STATE', { action: c.action });
        return this.d.redirect.survey(call, leg);
      case 'consult':
        if (!customer) throw new DomainError('CTI_INVALID_STATE', { action: c.action });
        command = { command: 'consult', ...onLeg, target: extensionTarget(c.target) };
        break;
      case 'completeTransfer':
        command = { command: 'completeTransfer', ...onLeg };
        break;
      case 'cancelTransfer':
        command = { command: 'cancelTransfer', ...onLeg };
        break;
      case 'threeWay':
        if (!c.target) throw new DomainError('CTI_UNSUPPORTED', { action: c.action });
        command = { command: 'conferenceAdd', ...onLeg, target: extensionTarget(c.target) };
        break;
      case 'mute':
        command = { command: 'mute', ...onLeg, muted: c.muted };
        break;
      case 'dtmf':
        command = { command: 'sendDtmf', callId: call.id, legId: customer?.id ?? leg.id, digits: c.digits };
        break;
    }
    const result = await this.d.engine.execute(command);
    if (!result.ok) throw new DomainError('CTI_INVALID_STATE', { action: c.action });
    if ('outcome' in result && result.outcome && result.outcome !== 'answered') {
      throw new DomainError('CTI_TARGET_UNANSWERED', { outcome: result.outcome });
    }
  }
}

/** The switch target of a CTI target: extensions now; queues, IVRs and outside numbers are not moved yet. */
function extensionTarget(target: { kind: string; number?: string }): { extension: string } {
  if (target.kind !== 'extension' || !target.number) throw new DomainError('CTI_UNSUPPORTED', { action: target.kind });
  return { extension: target.number };
}
