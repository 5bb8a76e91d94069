/** Test helpers: an engine on a store and a clock that the test moves. Not exported from the package. */
import type { AcdQueueConfigInput } from '@hujiao/shared';
import { AcdEngine } from './engine.ts';
import { mulberry32 } from './random.ts';
import { MemoryAcdStore } from './store.ts';
import type { AcdAction } from './types.ts';

export const T0 = Date.parse('2026-12-02T01:00:00Z');

export function setup(queues: AcdQueueConfigInput[], seed = 1) {
  let t = T0;
  const now = () => t;
  const store = new MemoryAcdStore({ now });
  const engine = new AcdEngine({ store, now, rng: mulberry32(seed), queues });
  return {
    engine,
    store,
    now,
    /** Moves the clock by `sec` seconds. */
    advance(sec: number) {
      t += sec * 1000;
    },
  };
}

export const offersOf = (actions: readonly AcdAction[]): string[][] =>
  actions.flatMap((a) => (a.type === 'offer' ? [a.agentIds] : []));

export const ofType = <K extends AcdAction['type']>(actions: readonly AcdAction[], type: K) =>
  actions.filter((a): a is Extract<AcdAction, { type: K }> => a.type === type);

export const members = (...ids: string[]) => ids.map((agentId, order) => ({ agentId, level: 1, order }));
