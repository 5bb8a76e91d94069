/** Randomness is an input of the pure engines; the generator lives in @hujiao/shared (one copy for all). */
export { mulberry32, pickIndex, type Rng } from '@hujiao/shared';
