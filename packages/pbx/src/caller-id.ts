/**
 * The caller ID (主叫号码) an outbound call shows: the route's fixed number, the extension's display number, or
 * one from the route's pool — rotating (cursor in the store), random (injected rng), or one in the callee's
 * region (rotating among those; the whole pool when none is). Only usable (verified) numbers are chosen.
 */
import type { CallerIdMode, PoolStrategy } from '@hujiao/shared';
import { keys } from './keys.ts';
import { pickIndex, type Rng } from './random.ts';
import type { PbxStore } from './store.ts';

export interface CallerIdRoute {
  id: string;
  callerIdMode: CallerIdMode;
  callerId?: string | null;
  callerIdPool: readonly string[];
  poolStrategy: PoolStrategy;
}

export interface CallerIdContext {
  store: PbxStore;
  rng: Rng;
  tenantId: string;
  extensionCallerId?: string | null;
  /** The callee's region (sameRegion). */
  calleeRegion?: string | undefined;
  /** A pool number's region (sameRegion). */
  regionOf: (number: string) => string | undefined;
  /** Whether a number may be shown (verified); default: all. */
  usable?: (number: string) => boolean;
}

export type CallerIdSource = 'fixed' | 'extension' | 'pool' | 'poolRegion';
export interface CallerIdChoice {
  callerId: string | undefined;
  source: CallerIdSource;
}

export async function chooseCallerId(route: CallerIdRoute, ctx: CallerIdContext): Promise<CallerIdChoice> {
  const usable = ctx.usable ?? (() => true);
  if (route.callerIdMode === 'fixed') {
    return { callerId: route.callerId && usable(route.callerId) ? route.callerId : undefined, source: 'fixed' };
  }
  if (route.callerIdMode === 'extension') {
    const own = ctx.extensionCallerId ?? undefined;
    return { callerId: own && usable(own) ? own : undefined, source: 'extension' };
  }
  const pool = route.callerIdPool.filter(usable);
  if (pool.length === 0) return { callerId: undefined, source: 'pool' };
  if (route.poolStrategy === 'random') return { callerId: pool[pickIndex(ctx.rng, pool.length)], source: 'pool' };
  if (route.poolStrategy === 'sameRegion' && ctx.calleeRegion !== undefined) {
    const region = ctx.calleeRegion;
    const local = pool.filter((n) => ctx.regionOf(n) === region);
    if (local.length > 0) {
      const { value } = await ctx.store.add(keys.callerIdRotation(ctx.tenantId, route.id, region), 1);
      return { callerId: local[(value - 1) % local.length], source: 'poolRegion' };
    }
  }
  const { value } = await ctx.store.add(keys.callerIdRotation(ctx.tenantId, route.id), 1);
  return { callerId: pool[(value - 1) % pool.length], source: 'pool' };
}
