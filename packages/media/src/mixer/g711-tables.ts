import { pcmaDecodeSample, pcmaEncodeSample, pcmuDecodeSample, pcmuEncodeSample } from '../codec/g711.ts';

/**
 * G.711 lookup tables for the mixer's per-sample loops, built once from g711.ts's per-sample functions (whose own
 * tables are private). An indexed load in the loop is several times faster than a call per sample there.
 * Encode tables are indexed like g711.ts's: µ-law by (sample >> 2) & 0x3fff, A-law by (sample >> 3) & 0x1fff.
 */
export const ULAW_DECODE = Int16Array.from({ length: 256 }, (_, c) => pcmuDecodeSample(c));
export const ALAW_DECODE = Int16Array.from({ length: 256 }, (_, c) => pcmaDecodeSample(c));
// Index i is the top 14 (13) bits of a sample: shifting it back up and sign-extending gives that sample.
export const ULAW_ENCODE = Uint8Array.from({ length: 1 << 14 }, (_, i) => pcmuEncodeSample((i << 18) >> 16));
export const ALAW_ENCODE = Uint8Array.from({ length: 1 << 13 }, (_, i) => pcmaEncodeSample((i << 19) >> 16));
