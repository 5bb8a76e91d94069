import type { Flow as FlowDefinition } from '@hujiao/shared';
import type { TrunkInfo } from './trunk/trunk-types.ts';
import type { ExtensionInfo, HangupCause, TenantInfo } from './types.ts';

/** Who sent a new INVITE, as the ingress step classified it: an extension by digest, or a trunk by address. */
export type Ingress =
  | {
      kind: 'extension';
      tenant: TenantInfo;
      /** The authenticated calling extension. */
      extension: ExtensionInfo;
      /** The dialled number (Request-URI user part, decoded). */
      number: string;
    }
  | {
      kind: 'trunk';
      tenant: TenantInfo;
      /** The trunk the INVITE came from (by source address, not challenged; ADR 0009). */
      trunk: TrunkInfo;
      /** The DID: Request-URI user, or the To user when the Request-URI names our registration. */
      number: string;
      /** The outside caller: From user (may be 'anonymous'). */
      caller: string;
      callerName: string | null;
    };

/** How a routed call ended, for the routes' counters (daily minutes, trunk use). */
export interface CallEnd {
  /** Seconds from the first answer to the end (0 when never answered). */
  talkSec: number;
}

/** What to do with the call: run a flow on the caller's leg, or refuse it with a SIP status. */
export type RouteDecision =
  | {
      kind: 'flow';
      flow: FlowDefinition;
      /** Called once when the call ends (e.g. the routes' toll-fraud guard releases the call's place). */
      onEnd?: (end: CallEnd) => void;
      /** Music on hold for this call (WAV files played in order, then again), e.g. its inbound route's class. */
      musicOnHold?: string[];
    }
  | { kind: 'reject'; status: number; cause: HangupCause; reason?: string };

/**
 * Port: the server's routing (dial plan, inbound routes, IVR, queues). Answers null to leave the call to the
 * switch's built-in routing (test numbers, calls between extensions).
 */
export interface RouteResolver {
  resolve(ingress: Ingress): Promise<RouteDecision | null>;
  /**
   * The toll-fraud place for a dial whose trunk target says `admit` (steps made before the call: IVR keys, a queue's
   * overflow, a call the server places); `dial` for the refusal's log. `release` is run once when the call ends. Without this method such a dial
   * goes out unguarded.
   */
  admitOutside?(
    tenantId: string,
    dial: { number: string; caller: string },
  ): Promise<{ ok: true; release: (end: CallEnd) => void } | { ok: false; reason: string }>;
}
