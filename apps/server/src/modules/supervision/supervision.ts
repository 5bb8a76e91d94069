import type { SupervisionAction } from '@hujiao/shared';
import type { Call, Leg } from '@hujiao/switch';
import { type Actor, auditContext } from '../../http/actor.ts';
import { DomainError } from '../../http/domain-error.ts';
import type { AuditService } from '../audit/audit.service.ts';
import type { CallEngine } from '../call-control/index.ts';

export interface SupervisionDeps {
  engine: CallEngine;
  /** The agent's call and leg as their softphone bar knows it; null: on no call. */
  agentCall(tenantId: string, userId: string): Promise<{ call: Call; leg: Leg } | null>;
  /** A user's bound extension (the supervisor's phone, SIP or browser); null: none. */
  extensionOf(tenantId: string, userId: string): Promise<string | null>;
  /** Whether the user is an agent of the tenant. */
  userExists(tenantId: string, userId: string): Promise<boolean>;
  /** The users the actor may act on; null: every agent of the tenant (supervision:interveneAll). */
  scope(actor: Actor): Promise<string[] | null>;
  /** 强制示闲 / 示忙 / 签出: the ACD's state change for the agent; an error names why it was refused. */
  setState(
    tenantId: string,
    agentId: string,
    state: 'ready' | 'busy' | 'logged-out',
    reason?: string,
  ): Promise<{ ok: boolean; error?: string }>;
  audit: AuditService;
}

/**
 * 班长强制操作: a team leader (their teams' agents) or an administrator (every agent) listens to, whispers to or
 * barges into an agent's call with their own phone, hangs it up, sends the caller elsewhere, or sets the agent
 * ready, busy or signed out. Every action is audited.
 */
export class Supervision {
  constructor(private readonly d: SupervisionDeps) {}

  async act(actor: Actor, agentId: string, body: SupervisionAction): Promise<{ legId?: string | null }> {
    const t = actor.tenantId;
    if (actor.isPlatform) throw new DomainError('FORBIDDEN');
    if (agentId === actor.userId) throw new DomainError('SUPERVISE_SELF');
    if (!(await this.d.userExists(t, agentId))) throw new DomainError('NOT_FOUND');
    const scope = await this.d.scope(actor);
    if (scope && !scope.includes(agentId)) throw new DomainError('SUPERVISE_OUT_OF_SCOPE');
    const result = await this.run(actor, agentId, body);
    await this.d.audit.record(auditContext(actor), 'supervision', body.action, {
      id: agentId,
      detail: { ...body, ...(result.callId ? { callId: result.callId } : {}) },
    });
    return { legId: result.legId ?? null };
  }

  private async run(
    actor: Actor,
    agentId: string,
    body: SupervisionAction,
  ): Promise<{ callId?: string; legId?: string | null }> {
    const t = actor.tenantId;
    if (body.action === 'ready' || body.action === 'busy' || body.action === 'signOut') {
      const state = body.action === 'signOut' ? 'logged-out' : body.action;
      const reason = body.action === 'busy' ? (body.reason ?? 'forced') : undefined;
      const r = await this.d.setState(t, agentId, state, reason);
      if (!r.ok) throw new DomainError('SUPERVISE_STATE_REFUSED', { reason: r.error ?? state });
      return {};
    }
    const found = await this.d.agentCall(t, agentId);
    if (!found) throw new DomainError('SUPERVISE_NO_CALL');
    const { call, leg } = found;
    if (body.action === 'hangup') {
      await this.d.engine.execute({ command: 'hangup', callId: call.id });
      return { callId: call.id };
    }
    if (body.action === 'transfer') {
      // The agent's caller goes to the extension; the agent's leg leaves the call.
      const r = await this.d.engine.execute({
        command: 'transfer',
        callId: call.id,
        legId: leg.id,
        target: { extension: body.extension },
      });
      if (!r.ok) throw new DomainError('SUPERVISE_NO_CALL');
      return { callId: call.id };
    }
    // 监听 / 密语 / 强插: moved on the same call when the supervisor's phone is in it already.
    const extension = await this.d.extensionOf(t, actor.userId);
    if (!extension) throw new DomainError('SUPERVISE_NO_EXTENSION');
    const mine = [...call.supervisorOf].find(([s, a]) => a === leg && !s.isEnded && s.extension === extension)?.[0];
    if (mine) {
      const r = await this.d.engine.execute({
        command: 'superviseMode',
        callId: call.id,
        legId: mine.id,
        mode: body.action,
      });
      if (!r.ok) throw new DomainError('SUPERVISE_NO_CALL');
      return { callId: call.id, legId: mine.id };
    }
    const r = await this.d.engine.execute({
      command: 'supervise',
      callId: call.id,
      legId: leg.id,
      target: { extension },
      mode: body.action,
    });
    if (!r.ok) throw new DomainError('SUPERVISE_NO_CALL');
    if (r.outcome !== 'answered') throw new DomainError('SUPERVISE_UNANSWERED', { outcome: r.outcome ?? 'failed' });
    return { callId: call.id, legId: r.legId ?? null };
  }
}
