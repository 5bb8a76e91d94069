import {
  createResponse,
  type Flow,
  type InviteServerTransaction,
  isSipUri,
  type SipRequest,
  type Uri,
} from '@hujiao/sip';
import type { Call } from '../call.ts';
import { whenEnded } from '../call-end.ts';
import type { CallHost } from '../call-host.ts';
import { InboundLeg } from '../inbound-leg.ts';
import { extensionFlow, type IngressOptions } from '../ingress.ts';
import type { Ingress, RouteDecision } from '../routing.ts';
import { CallDirection, HangupCause, type LegRecordData, type TenantInfo } from '../types.ts';
import type { TrunkCalls } from './trunk-peers.ts';
import type { TrunkInfo } from './trunk-types.ts';

const userOf = (u: Uri | null | undefined): string => (u && isSipUri(u) && u.user ? decodeURIComponent(u.user) : '');

/** The carrier's leg: its record names the trunk. */
class TrunkInboundLeg extends InboundLeg {
  constructor(
    args: ConstructorParameters<typeof InboundLeg>,
    readonly trunkId: string,
  ) {
    super(...args);
  }
  override record(): LegRecordData {
    return { ...super.record(), trunkId: this.trunkId };
  }
}

/**
 * The DID of a carrier's INVITE: the Request-URI user; for a register trunk whose carrier sends the INVITE to our
 * registered Contact (user = the trunk's username), the To user instead.
 */
export function didOf(req: SipRequest, trunk: TrunkInfo): string {
  const ruri = userOf(req.uri);
  const to = userOf(req.to?.uri);
  if (!ruri || (trunk.kind === 'register' && trunk.username && ruri === trunk.username)) return to || ruri;
  return ruri;
}

/** Built-in routing of a carrier's call: the DID is an extension's number, or nothing here (404). */
async function builtInTrunkRoute(ingress: Ingress, o: IngressOptions): Promise<RouteDecision> {
  const callee = await o.directory.findExtension(ingress.tenant.tenantId, ingress.number);
  if (!callee) return { kind: 'reject', status: 404, cause: HangupCause.NotFound };
  if (!callee.enabled) return { kind: 'reject', status: 480, cause: HangupCause.Unavailable };
  return { kind: 'flow', flow: extensionFlow(callee.number, o.ringTimeoutSec) };
}

/**
 * A new INVITE from a trunk's peer (not challenged, ADR 0009): the trunk's call cap (503 when full, the slot held
 * until the call ends), then a call whose caller leg is the carrier's, routed by the RouteResolver with a
 * `{ kind: 'trunk' }` ingress, or to the extension whose number is the DID.
 */
export async function acceptTrunkInvite(
  host: CallHost,
  o: IngressOptions,
  req: SipRequest,
  tx: InviteServerTransaction,
  flow: Flow,
  who: { tenant: TenantInfo; trunk: TrunkInfo },
  calls: TrunkCalls,
  track: (call: Call) => void,
): Promise<void> {
  const { tenant, trunk } = who;
  const release = calls.acquire(trunk);
  if (!release) {
    host.ctx.logger.warn({ trunkId: trunk.id, maxCalls: trunk.maxCalls }, 'trunk at its call cap: INVITE refused');
    tx.respond(createResponse(req, 503, { reason: 'Service Unavailable (trunk at its call limit)' }));
    return;
  }
  const number = didOf(req, trunk);
  const caller = userOf(req.from?.uri) || 'anonymous';
  const callerName = req.from?.displayName ?? null;
  const call = host.createCall({
    tenantId: tenant.tenantId,
    realm: tenant.realm,
    caller,
    callerName,
    callee: number,
    direction: CallDirection.Inbound,
    onEnd: release,
  });
  track(call);
  const leg = new TrunkInboundLeg([host.ctx, req, tx, flow, caller, call, call.logger], trunk.id);
  call.inbound = leg;
  call.addLeg(leg);
  if (!(await leg.prepareMedia())) {
    call.fail(HangupCause.Failed, 488);
    return;
  }
  if (call.isEnded) return;
  const ingress: Ingress = { kind: 'trunk', tenant, trunk, number, caller, callerName };
  let decision = (await o.routes?.resolve(ingress)) ?? null;
  decision ??= await builtInTrunkRoute(ingress, o);
  // The routes' onEnd (the fraud-guard places of an outside destination) runs once when the call ends, also when
  // the caller hung up while the routes decided.
  if (decision.kind === 'flow' && decision.onEnd) whenEnded(call, decision.onEnd);
  if (call.isEnded) return;
  if (decision.kind === 'reject') {
    call.fail(decision.cause, decision.status);
    return;
  }
  await host.runFlow(call, leg, decision.flow);
}
