/** Real-peer helpers for tests of the switch and of the products built on it (not for production code). */

export { middleRms, wavChannel, writeTone } from './audio.ts';
export { Baresip, type BaresipEvent, type BaresipOptions } from './baresip.ts';
export { hasBinary, killAll, run, sipp } from './peers.ts';
