import type { FlowTrunkDial } from '@hujiao/shared';
import type { RouteDecision } from '@hujiao/switch';
import type { Logger } from 'pino';

/**
 * Where the toll-fraud place of an outside hop goes. A list: the hop's place is taken by the routes' decision and
 * given back when the call that holds the list ends (its route decision's onEnd). 'atDial': steps made before a
 * call takes them (IVR keys, a queue's overflow, a call the server places) take no place now; their trunk target
 * says `admit` and the switch takes the place when the dial starts, given back when that call ends (ADR 0023).
 */
export type Places = Array<() => Promise<void>> | 'atDial';

/** The trunk target for an admitted outbound decision, its place kept in `places` or left to the dial. */
export function placedTrunk(
  decision: { trunkIds: string[]; number: string; callerId: string | undefined; release?: () => Promise<void> },
  places: Places,
  emergency: boolean,
): FlowTrunkDial {
  if (places !== 'atDial' && decision.release) places.push(decision.release);
  return {
    trunkIds: decision.trunkIds,
    number: decision.number,
    ...(decision.callerId ? { callerId: decision.callerId } : {}),
    ...(places === 'atDial' && !emergency ? { admit: true as const } : {}),
  };
}

/** Frees the fraud guard's places a flow's outside hops took, once the call ends. */
export function withReleases(
  decision: RouteDecision & { kind: 'flow' },
  releases: Array<() => Promise<void>>,
  logger: Pick<Logger, 'warn'> | undefined,
): RouteDecision {
  if (releases.length === 0) return decision;
  let released = false;
  return {
    ...decision,
    onEnd: () => {
      if (released) return;
      released = true;
      void Promise.all(releases.map((r) => r())).catch((err: unknown) =>
        logger?.warn({ err }, 'forwarded call counters not updated'),
      );
    },
  };
}
