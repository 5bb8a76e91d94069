/** Real-peer helpers for tests of the switch and of the products built on it (not for production code). */

export { middleRms, wavChannel, writeTone } from './audio.ts';
export { Baresip, type BaresipEvent, type BaresipOptions } from './baresip.ts';
export { BrowserPhone, type BrowserPhoneOptions } from './browser-phone.ts';
export { hasBinary, killAll, run, sipp } from './peers.ts';
