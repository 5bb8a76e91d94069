import { type CtiTarget, type Destination, type FlowInput, parseFlow } from '@hujiao/shared';
import type { Call, Leg } from '@hujiao/switch';
import { DomainError } from '../../http/domain-error.ts';
import type { CallEngine } from '../call-control/index.ts';

/** A redirect's steps, as the PBX router builds them (see PbxRouter.redirectSteps). */
export type RedirectSteps =
  | { ok: true; steps: FlowInput['steps']; onEnd: (outsideTalkSec: number) => void }
  | { ok: false; reason: string };

export interface AgentRedirectDeps {
  engine: CallEngine;
  /** A queue (技能组) / IVR menu of the enterprise: another enterprise's id is not one. */
  queueExists(tenantId: string, queueId: string): Promise<boolean>;
  ivrExists(tenantId: string, ivrId: string): Promise<boolean>;
  /** The steps for a destination; an outside number as if the agent's extension dialled it. */
  redirectSteps(tenantId: string, destination: Destination, extension: string): Promise<RedirectSteps>;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** 满意度评价: the survey verb, then the call ends. */
const SURVEY_FLOW: FlowInput = { name: 'survey', steps: [{ verb: 'survey' }, { verb: 'hangup' }] };

/**
 * The CTI's moves that send the customer into a flow on their own leg while the agent leaves (the switch's
 * `redirect` command, ADR 0021): 转接 to a queue (the enqueue verb), to an IVR menu (转IVR), to an outside number
 * (the outbound routes as the agent's extension, with caller ID, black list and toll-fraud guard; its place
 * given back when the call ends), and 满意度评价 (the survey verb). Queues and menus of another enterprise are
 * refused with a worded error.
 */
export class AgentRedirect {
  constructor(private readonly d: AgentRedirectDeps) {}

  /** Blind transfer of the agent's customer to a queue, an IVR menu or an outside number. */
  async transfer(call: Call, agentLeg: Leg, target: Exclude<CtiTarget, { kind: 'extension' }>): Promise<void> {
    const tenantId = call.tenantId;
    let destination: Destination;
    if (target.kind === 'queue') {
      if (!UUID.test(target.queueId) || !(await this.d.queueExists(tenantId, target.queueId)))
        throw new DomainError('CTI_QUEUE_NOT_FOUND');
      destination = { kind: 'queue', queueId: target.queueId };
    } else if (target.kind === 'ivr') {
      if (!UUID.test(target.ivrId) || !(await this.d.ivrExists(tenantId, target.ivrId)))
        throw new DomainError('CTI_IVR_NOT_FOUND');
      destination = { kind: 'ivr', ivrId: target.ivrId };
    } else {
      destination = { kind: 'external', number: target.number };
    }
    const built = await this.d.redirectSteps(tenantId, destination, agentLeg.extension ?? '');
    if (!built.ok) {
      if (target.kind === 'external') throw new DomainError('CTI_OUTSIDE_REFUSED', { reason: built.reason });
      throw new DomainError(target.kind === 'queue' ? 'CTI_QUEUE_NOT_FOUND' : 'CTI_IVR_NOT_FOUND');
    }
    const startedAt = Date.now();
    const redirected = await this.redirect(call, agentLeg, { name: `transfer-${target.kind}`, steps: built.steps });
    if (!redirected) {
      built.onEnd(0);
      throw new DomainError('CTI_INVALID_STATE', { action: 'transfer' });
    }
    onCallEnd(call, () => built.onEnd(outsideTalkSec(call, startedAt)));
  }

  /** 满意度评价: the agent leaves, the customer rates the call with a key, the call ends. */
  async survey(call: Call, agentLeg: Leg): Promise<void> {
    if (!(await this.redirect(call, agentLeg, SURVEY_FLOW)))
      throw new DomainError('CTI_INVALID_STATE', { action: 'survey' });
  }

  private async redirect(call: Call, agentLeg: Leg, flow: FlowInput): Promise<boolean> {
    const parsed = parseFlow(flow);
    if (!parsed.ok) throw new Error(`redirect flow ${flow.name} is not valid: ${parsed.error}`);
    const result = await this.d.engine.execute({
      command: 'redirect',
      callId: call.id,
      legId: agentLeg.id,
      flow: parsed.flow,
    });
    return result.ok;
  }
}

/** Talk time of the legs answered since `since` (after an outside transfer: the outside party through a trunk). */
function outsideTalkSec(call: Call, since: number): number {
  const end = call.endedAt?.getTime() ?? Date.now();
  let ms = 0;
  for (const leg of call.legs) {
    const answered = leg.answeredAt?.getTime();
    if (answered === undefined || answered < since) continue;
    ms += (leg.endedAt?.getTime() ?? end) - answered;
  }
  return Math.ceil(ms / 1000);
}

/** Runs `done` once when the call ends (its records written), after whatever ran before. */
function onCallEnd(call: Call, done: () => void): void {
  if (call.isEnded) {
    done();
    return;
  }
  const before = call.options.onEnd;
  call.options.onEnd = (c) => {
    before?.(c);
    done();
  };
}
