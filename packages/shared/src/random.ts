/** Randomness is an input of the engine: `Rng` returns a float in [0, 1) like Math.random. */
export type Rng = () => number;

/** A small seeded generator for tests, simulations and benchmarks (not for secrets). */
export function mulberry32(seed: number): Rng {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** An index in [0, n) from the rng. */
export const pickIndex = (rng: Rng, n: number): number => Math.min(n - 1, Math.floor(rng() * n));
