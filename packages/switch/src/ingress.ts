import type { Flow as FlowDefinition } from '@hujiao/shared';
import type { Flow, InviteServerTransaction, SipRequest } from '@hujiao/sip';
import type { Call } from './call.ts';
import { whenEnded } from './call-end.ts';
import type { CallHost } from './call-host.ts';
import { echoTestFlow, playbackTestFlow } from './flow/test-flows.ts';
import { InboundLeg } from './inbound-leg.ts';
import type { Ingress, RouteDecision, RouteResolver } from './routing.ts';
import { type Directory, type ExtensionInfo, HangupCause, type TenantInfo } from './types.ts';

export interface IngressOptions {
  directory: Directory;
  routes?: RouteResolver;
  echoNumber: string;
  playbackNumber: string;
  playbackFile?: string;
  pickupCode: string;
  directedPickupPrefix: string;
  /** Ring time of the built-in extension dial, in seconds. */
  ringTimeoutSec: number;
}

/** A call to another extension: ring every phone registered for it. */
export function extensionFlow(number: string, ringTimeoutSec: number): FlowDefinition {
  return {
    name: 'extension',
    steps: [{ verb: 'dial', targets: [{ extension: number }], strategy: 'parallel', ringTimeoutSec, bridge: true }],
  } as FlowDefinition;
}

/** The switch's own routing: test numbers, then the enterprise's extensions. */
async function builtInRoute(ingress: Ingress, o: IngressOptions): Promise<RouteDecision> {
  if (ingress.number === o.echoNumber) return { kind: 'flow', flow: echoTestFlow };
  if (ingress.number === o.playbackNumber) return { kind: 'flow', flow: playbackTestFlow(o.playbackFile) };
  const callee = await o.directory.findExtension(ingress.tenant.tenantId, ingress.number);
  if (!callee) return { kind: 'reject', status: 404, cause: HangupCause.NotFound };
  if (!callee.enabled) return { kind: 'reject', status: 480, cause: HangupCause.Unavailable };
  return { kind: 'flow', flow: extensionFlow(callee.number, o.ringTimeoutSec) };
}

/**
 * A new INVITE from an authenticated extension: feature codes (pick-up) are served at once; anything else becomes
 * a call whose caller leg runs the flow the route resolver (or the built-in routing) answers with.
 */
export async function acceptInvite(
  host: CallHost,
  o: IngressOptions,
  req: SipRequest,
  tx: InviteServerTransaction,
  flow: Flow,
  who: { tenant: TenantInfo; extension: ExtensionInfo },
  track: (call: Call) => void,
): Promise<void> {
  const { tenant, extension } = who;
  const number = req.uri && 'user' in req.uri && req.uri.user ? decodeURIComponent(req.uri.user) : '';
  if (
    number === o.pickupCode ||
    (number.startsWith(o.directedPickupPrefix) && number.length > o.directedPickupPrefix.length)
  ) {
    const target = number === o.pickupCode ? undefined : number.slice(o.directedPickupPrefix.length);
    if (await pickUp(host, req, tx, flow, who, target)) return;
  }
  const call = host.createCall({
    tenantId: tenant.tenantId,
    realm: tenant.realm,
    caller: extension.number,
    callerName: extension.displayName,
    callee: number,
  });
  track(call);
  const leg = new InboundLeg(host.ctx, req, tx, flow, extension.number, call, call.logger);
  call.inbound = leg;
  call.addLeg(leg);
  if (!(await leg.prepareMedia())) {
    call.fail(HangupCause.Failed, 488);
    return;
  }
  if (call.isEnded) return;
  const ingress: Ingress = { kind: 'extension', tenant, extension, number };
  let decision = (await o.routes?.resolve(ingress)) ?? null;
  decision ??= await builtInRoute(ingress, o);
  // Before anything may return: the routes' place (fraud guard) is given back even when the caller hung up while
  // they decided (whenEnded then runs it at once).
  if (decision.kind === 'flow' && decision.onEnd) whenEnded(call, decision.onEnd);
  if (call.isEnded) return;
  if (decision.kind === 'reject') {
    call.fail(decision.cause, decision.status);
    return;
  }
  if (decision.musicOnHold) call.setMusicOnHold(decision.musicOnHold);
  await host.runFlow(call, leg, decision.flow);
}

/**
 * Call pick-up by feature code: the picking phone's INVITE joins the ringing call as the answering leg (the
 * ringing phones stop). Group pick-up (`*8`) takes the oldest call ringing any extension of the enterprise;
 * directed pick-up (`**1002`) the one ringing that extension. False when nothing rings: the code is then
 * routed like any number (and ends in 404).
 */
async function pickUp(
  host: CallHost,
  req: SipRequest,
  tx: InviteServerTransaction,
  flow: Flow,
  who: { tenant: TenantInfo; extension: ExtensionInfo },
  extension: string | undefined,
): Promise<boolean> {
  const dial = host.findRinging(who.tenant.tenantId, extension);
  if (!dial) return false;
  const call = dial.call;
  const leg = new InboundLeg(host.ctx, req, tx, flow, who.extension.number, call, call.logger);
  call.addLeg(leg);
  if (!(await leg.prepareMedia()) || call.isEnded) {
    leg.reject(488);
    call.legEnded(leg);
    return true;
  }
  call.logger.info({ by: who.extension.number, extension }, 'call picked up');
  dial.pickUp(leg);
  return true;
}

export { whenEnded };
