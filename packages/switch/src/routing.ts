import type { Flow as FlowDefinition } from '@hujiao/shared';
import type { ExtensionInfo, HangupCause, TenantInfo } from './types.ts';

/** Who sent a new INVITE, as the ingress step classified it (an extension by digest now; a trunk in step 3). */
export interface Ingress {
  kind: 'extension';
  tenant: TenantInfo;
  /** The authenticated calling extension. */
  extension: ExtensionInfo;
  /** The dialled number (Request-URI user part, decoded). */
  number: string;
}

/** What to do with the call: run a flow on the caller's leg, or refuse it with a SIP status. */
export type RouteDecision =
  | { kind: 'flow'; flow: FlowDefinition }
  | { kind: 'reject'; status: number; cause: HangupCause; reason?: string };

/**
 * Port: the server's routing (dial plan, inbound routes, IVR, queues). Answers null to leave the call to the
 * switch's built-in routing (test numbers, calls between extensions).
 */
export interface RouteResolver {
  resolve(ingress: Ingress): Promise<RouteDecision | null>;
}
