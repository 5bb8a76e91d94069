/**
 * @hujiao/pbx — the PBX decision engine: pure and deterministic (clock and randomness are inputs, state sits
 * behind the PbxStore port). See docs/adr/0010-pbx-engine.md.
 */
export * from './caller-id.ts';
export * from './dial-pattern.ts';
export * from './fraud.ts';
export * from './inbound.ts';
export * from './keys.ts';
export * from './number-class.ts';
export * from './number-list.ts';
export * from './outbound.ts';
export * from './pattern-index.ts';
export * from './random.ts';
export * from './store.ts';
export * from './time-group.ts';
export * from './time-groups.ts';
export * from './trunk-order.ts';
