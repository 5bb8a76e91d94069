import { decodePcma, decodePcmu } from '@hujiao/media';
import { ConversionError, type DecodedAudio } from './decoded-audio.ts';

/** WAVE format codes read here (RFC 2361): PCM, IEEE float, A-law, µ-law; 0xFFFE wraps one of them. */
const PCM = 1;
const FLOAT = 3;
const ALAW = 6;
const ULAW = 7;
const EXTENSIBLE = 0xfffe;
const NAMES: Record<number, string> = { [PCM]: 'PCM', [FLOAT]: 'float', [ALAW]: 'A-law', [ULAW]: 'µ-law' };

export function isWav(buf: Buffer): boolean {
  return buf.length >= 12 && buf.toString('latin1', 0, 4) === 'RIFF' && buf.toString('latin1', 8, 12) === 'WAVE';
}

interface Fmt {
  code: number;
  channels: number;
  sampleRate: number;
  bits: number;
  blockAlign: number;
}

function readFmt(buf: Buffer, body: number, size: number): Fmt {
  if (size < 16) throw new ConversionError({ kind: 'not-audio' });
  let code = buf.readUInt16LE(body);
  if (code === EXTENSIBLE) {
    if (size < 40) throw new ConversionError({ kind: 'not-audio' });
    code = buf.readUInt16LE(body + 24); // first two bytes of the subformat GUID
  }
  const fmt = {
    code,
    channels: buf.readUInt16LE(body + 2),
    sampleRate: buf.readUInt32LE(body + 4),
    blockAlign: buf.readUInt16LE(body + 12),
    bits: buf.readUInt16LE(body + 14),
  };
  if (!NAMES[code])
    throw new ConversionError({ kind: 'unsupported-encoding', encoding: `format 0x${code.toString(16)}` });
  const bitsOk =
    code === PCM ? [8, 16, 24, 32].includes(fmt.bits) : code === FLOAT ? [32, 64].includes(fmt.bits) : fmt.bits === 8;
  if (!bitsOk) throw new ConversionError({ kind: 'unsupported-encoding', encoding: `${NAMES[code]} ${fmt.bits}-bit` });
  if (fmt.channels < 1 || fmt.channels > 8 || fmt.sampleRate < 4000 || fmt.sampleRate > 384_000) {
    throw new ConversionError({ kind: 'not-audio' });
  }
  if (fmt.blockAlign !== (fmt.channels * fmt.bits) / 8) throw new ConversionError({ kind: 'not-audio' });
  return fmt;
}

function sampleReader(buf: Buffer, fmt: Fmt): (offset: number) => number {
  if (fmt.code === FLOAT) return fmt.bits === 32 ? (o) => buf.readFloatLE(o) : (o) => buf.readDoubleLE(o);
  switch (fmt.bits) {
    case 8:
      return (o) => ((buf[o] as number) - 128) / 128; // 8-bit PCM is unsigned
    case 16:
      return (o) => buf.readInt16LE(o) / 32768;
    case 24:
      return (o) => buf.readIntLE(o, 3) / 8388608;
    default:
      return (o) => buf.readInt32LE(o) / 2147483648;
  }
}

/**
 * Decodes a RIFF WAVE file held in memory: PCM 8/16/24/32-bit, IEEE float 32/64-bit, A-law and µ-law, any rate
 * and channel count. `maxSeconds` is checked from the header before anything is decoded.
 */
export function decodeWav(buf: Buffer, maxSeconds: number): DecodedAudio {
  let fmt: Fmt | undefined;
  let o = 12;
  while (o + 8 <= buf.length) {
    const id = buf.toString('latin1', o, o + 4);
    let size = buf.readUInt32LE(o + 4);
    const body = o + 8;
    if (id === 'data') {
      if (!fmt) throw new ConversionError({ kind: 'not-audio' });
      if (size === 0 || size === 0xffffffff || body + size > buf.length) size = buf.length - body;
      return decodeData(buf.subarray(body, body + size), fmt, maxSeconds);
    }
    if (body + size > buf.length) throw new ConversionError({ kind: 'not-audio' });
    if (id === 'fmt ') fmt = readFmt(buf, body, size);
    o = body + size + (size % 2);
  }
  throw new ConversionError({ kind: fmt ? 'empty' : 'not-audio' });
}

function decodeData(data: Buffer, fmt: Fmt, maxSeconds: number): DecodedAudio {
  const frames = Math.floor(data.length / fmt.blockAlign);
  if (frames === 0) throw new ConversionError({ kind: 'empty' });
  if (frames / fmt.sampleRate > maxSeconds) throw new ConversionError({ kind: 'too-long', maxSeconds });
  const channels = Array.from({ length: fmt.channels }, () => new Float32Array(frames));
  if (fmt.code === ALAW || fmt.code === ULAW) {
    const pcm = (fmt.code === ALAW ? decodePcma : decodePcmu)(data.subarray(0, frames * fmt.channels));
    for (let f = 0; f < frames; f++) {
      for (let c = 0; c < fmt.channels; c++)
        (channels[c] as Float32Array)[f] = (pcm[f * fmt.channels + c] as number) / 32768;
    }
  } else {
    const read = sampleReader(data, fmt);
    const width = fmt.bits / 8;
    for (let f = 0; f < frames; f++) {
      for (let c = 0; c < fmt.channels; c++) {
        (channels[c] as Float32Array)[f] = read(f * fmt.blockAlign + c * width);
      }
    }
  }
  const kind = fmt.code === PCM || fmt.code === FLOAT ? `${NAMES[fmt.code]} ${fmt.bits}-bit` : NAMES[fmt.code];
  return { sampleRate: fmt.sampleRate, channels, description: `WAV ${kind} ${fmt.sampleRate} Hz ${fmt.channels} ch` };
}
