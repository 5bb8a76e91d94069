/**
 * @hujiao/acd — the ACD engine (queues/技能组, strategies, agent states): pure and deterministic (clock and
 * randomness are inputs, state sits behind the AcdStore port). See docs/adr/0016-acd-engine.md.
 */
export * from './agents.ts';
export * from './announcements.ts';
export * from './engine.ts';
export * from './queue.ts';
export * from './random.ts';
export * from './reaper.ts';
export * from './store.ts';
export * from './strategies.ts';
export * from './types.ts';
