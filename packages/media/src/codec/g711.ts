/**
 * ITU-T G.711 µ-law (PCMU, RTP payload type 0) and A-law (PCMA, payload type 8), RFC 3551 §4.5.14.
 *
 * Companding follows the classic Sun Microsystems reference (g711.c), which implements G.711's segment tables
 * bit-exactly for 14-bit (µ-law) and 13-bit (A-law) linear input. Everything at run time is a table lookup:
 * encode tables are indexed by the significant bits of the 16-bit sample, decode tables by the code octet.
 */

export const PCMU_PAYLOAD_TYPE = 0;
export const PCMA_PAYLOAD_TYPE = 8;

const ULAW_BIAS = 0x84 >> 2; // 33, on the 14-bit scale
const ULAW_CLIP = 8159;
const ULAW_SEG_END = [0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff, 0x1fff] as const;
const ALAW_SEG_END = [0x1f, 0x3f, 0x7f, 0xff, 0x1ff, 0x3ff, 0x7ff, 0xfff] as const;

function segment(value: number, ends: readonly number[]): number {
  for (let i = 0; i < ends.length; i++) if (value <= (ends[i] as number)) return i;
  return ends.length;
}

/** µ-law encode of a 14-bit sample (16-bit sample >> 2). */
function ulawFrom14(sample14: number): number {
  let v = sample14;
  let mask = 0xff;
  if (v < 0) {
    v = -v;
    mask = 0x7f;
  }
  if (v > ULAW_CLIP) v = ULAW_CLIP;
  v += ULAW_BIAS;
  const seg = segment(v, ULAW_SEG_END);
  if (seg >= 8) return 0x7f ^ mask;
  return ((seg << 4) | ((v >> (seg + 1)) & 0x0f)) ^ mask;
}

/** A-law encode of a 13-bit sample (16-bit sample >> 3). */
function alawFrom13(sample13: number): number {
  let v = sample13;
  let mask = 0xd5;
  if (v < 0) {
    mask = 0x55;
    v = -v - 1;
  }
  const seg = segment(v, ALAW_SEG_END);
  if (seg >= 8) return 0x7f ^ mask;
  const quant = seg < 2 ? (v >> 1) & 0x0f : (v >> seg) & 0x0f;
  return ((seg << 4) | quant) ^ mask;
}

function ulawToLinear(code: number): number {
  const u = ~code & 0xff;
  let t = ((u & 0x0f) << 3) + 0x84;
  t <<= (u & 0x70) >> 4;
  return u & 0x80 ? 0x84 - t : t - 0x84;
}

function alawToLinear(code: number): number {
  const a = code ^ 0x55;
  let t = (a & 0x0f) << 4;
  const seg = (a & 0x70) >> 4;
  if (seg === 0) t += 8;
  else if (seg === 1) t += 0x108;
  else t = (t + 0x108) << (seg - 1);
  return a & 0x80 ? t : -t;
}

// Encode tables indexed by the unsigned 14-bit (µ-law) / 13-bit (A-law) value of the sample's top bits.
const ULAW_ENCODE = new Uint8Array(1 << 14);
const ALAW_ENCODE = new Uint8Array(1 << 13);
const ULAW_DECODE = new Int16Array(256);
const ALAW_DECODE = new Int16Array(256);
const ULAW_TO_ALAW = new Uint8Array(256);
const ALAW_TO_ULAW = new Uint8Array(256);

for (let i = 0; i < 1 << 14; i++) ULAW_ENCODE[i] = ulawFrom14(i >= 1 << 13 ? i - (1 << 14) : i);
for (let i = 0; i < 1 << 13; i++) ALAW_ENCODE[i] = alawFrom13(i >= 1 << 12 ? i - (1 << 13) : i);
for (let c = 0; c < 256; c++) {
  ULAW_DECODE[c] = ulawToLinear(c);
  ALAW_DECODE[c] = alawToLinear(c);
}
for (let c = 0; c < 256; c++) {
  ULAW_TO_ALAW[c] = ALAW_ENCODE[((ULAW_DECODE[c] as number) >> 3) & 0x1fff] as number;
  ALAW_TO_ULAW[c] = ULAW_ENCODE[((ALAW_DECODE[c] as number) >> 2) & 0x3fff] as number;
}

/** Encodes one signed 16-bit sample to a µ-law octet. */
export function pcmuEncodeSample(sample: number): number {
  return ULAW_ENCODE[(sample >> 2) & 0x3fff] as number;
}

/** Decodes one µ-law octet to a signed 16-bit sample. */
export function pcmuDecodeSample(code: number): number {
  return ULAW_DECODE[code & 0xff] as number;
}

/** Encodes one signed 16-bit sample to an A-law octet. */
export function pcmaEncodeSample(sample: number): number {
  return ALAW_ENCODE[(sample >> 3) & 0x1fff] as number;
}

/** Decodes one A-law octet to a signed 16-bit sample. */
export function pcmaDecodeSample(code: number): number {
  return ALAW_DECODE[code & 0xff] as number;
}

function encodeWith(table: Uint8Array, shift: number, mask: number, samples: Int16Array, out?: Buffer): Buffer {
  const dst = out ?? Buffer.allocUnsafe(samples.length);
  if (dst.length < samples.length) throw new RangeError('G.711 output buffer too small');
  for (let i = 0; i < samples.length; i++) dst[i] = table[((samples[i] as number) >> shift) & mask] as number;
  return out ? dst.subarray(0, samples.length) : dst;
}

function decodeWith(table: Int16Array, codes: Uint8Array, out?: Int16Array): Int16Array {
  const dst = out ?? new Int16Array(codes.length);
  if (dst.length < codes.length) throw new RangeError('G.711 output buffer too small');
  for (let i = 0; i < codes.length; i++) dst[i] = table[codes[i] as number] as number;
  return out ? dst.subarray(0, codes.length) : dst;
}

/** Encodes PCM to µ-law; writes into `out` when given (no allocation) and returns the written view. */
export function encodePcmu(samples: Int16Array, out?: Buffer): Buffer {
  return encodeWith(ULAW_ENCODE, 2, 0x3fff, samples, out);
}

export function encodePcma(samples: Int16Array, out?: Buffer): Buffer {
  return encodeWith(ALAW_ENCODE, 3, 0x1fff, samples, out);
}

/** Decodes µ-law to PCM; writes into `out` when given and returns the written view. */
export function decodePcmu(codes: Uint8Array, out?: Int16Array): Int16Array {
  return decodeWith(ULAW_DECODE, codes, out);
}

export function decodePcma(codes: Uint8Array, out?: Int16Array): Int16Array {
  return decodeWith(ALAW_DECODE, codes, out);
}

function transcodeWith(table: Uint8Array, src: Uint8Array, out?: Buffer): Buffer {
  const dst = out ?? Buffer.allocUnsafe(src.length);
  if (dst.length < src.length) throw new RangeError('G.711 output buffer too small');
  for (let i = 0; i < src.length; i++) dst[i] = table[src[i] as number] as number;
  return out ? dst.subarray(0, src.length) : dst;
}

/** PCMU → PCMA octet by octet through one 256-entry table (in place when `out` is `src`). */
export function pcmuToPcma(src: Uint8Array, out?: Buffer): Buffer {
  return transcodeWith(ULAW_TO_ALAW, src, out);
}

/** PCMA → PCMU octet by octet through one 256-entry table (in place when `out` is `src`). */
export function pcmaToPcmu(src: Uint8Array, out?: Buffer): Buffer {
  return transcodeWith(ALAW_TO_ULAW, src, out);
}

export const G711Law = { PCMU: 'PCMU', PCMA: 'PCMA' } as const;
export type G711Law = (typeof G711Law)[keyof typeof G711Law];

export function encodeG711(law: G711Law, samples: Int16Array, out?: Buffer): Buffer {
  return law === G711Law.PCMU ? encodePcmu(samples, out) : encodePcma(samples, out);
}

export function decodeG711(law: G711Law, codes: Uint8Array, out?: Int16Array): Int16Array {
  return law === G711Law.PCMU ? decodePcmu(codes, out) : decodePcma(codes, out);
}

/** The octet that decodes to silence: µ-law 0xFF, A-law 0xD5. */
export function g711Silence(law: G711Law): number {
  return law === G711Law.PCMU ? 0xff : 0xd5;
}
