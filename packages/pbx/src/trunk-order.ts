/**
 * The order in which to try a route's trunks (中继 / 智能中继): sequential as configured; round robin with memory
 * (each call starts one further, the cursor in the store, shared by nodes); random (the injected rng, every
 * trunk once); least used (fewest calls started today on each trunk, from the store; ties keep the configured order).
 */
import type { TrunkOrder } from '@hujiao/shared';
import { DAY_COUNTER_TTL_MS, keys } from './keys.ts';
import { pickIndex, type Rng } from './random.ts';
import type { PbxStore } from './store.ts';

export interface TrunkOrderContext {
  store: PbxStore;
  rng: Rng;
  tenantId: string;
  /** The route whose round-robin cursor to use. */
  routeId: string;
  /** The enterprise's local date (YYYY-MM-DD) for the per-day usage counts. */
  date: string;
}

export async function orderTrunks(
  trunkIds: readonly string[],
  order: TrunkOrder,
  ctx: TrunkOrderContext,
): Promise<string[]> {
  const n = trunkIds.length;
  if (n <= 1) return [...trunkIds];
  switch (order) {
    case 'sequential':
      return [...trunkIds];
    case 'roundRobin': {
      const { value } = await ctx.store.add(keys.roundRobin(ctx.tenantId, ctx.routeId), 1);
      const start = (value - 1) % n;
      return [...trunkIds.slice(start), ...trunkIds.slice(0, start)];
    }
    case 'random': {
      const out = [...trunkIds];
      for (let i = n - 1; i > 0; i--) {
        const j = pickIndex(ctx.rng, i + 1);
        [out[i], out[j]] = [out[j] as string, out[i] as string];
      }
      return out;
    }
    case 'leastUsed': {
      const counts = await ctx.store.get(trunkIds.map((id) => keys.trunkCalls(ctx.tenantId, id, ctx.date)));
      return trunkIds
        .map((id, i) => ({ id, i, count: counts[i] ?? 0 }))
        .sort((a, b) => a.count - b.count || a.i - b.i)
        .map((t) => t.id);
    }
  }
}

/** Count a call started on a trunk (what leastUsed reads). */
export async function recordTrunkCall(
  store: PbxStore,
  tenantId: string,
  trunkId: string,
  date: string,
): Promise<number> {
  return (await store.add(keys.trunkCalls(tenantId, trunkId, date), 1, { ttlMs: DAY_COUNTER_TTL_MS })).value;
}
