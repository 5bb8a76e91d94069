import { endianness } from 'node:os';
import { decodePcma, decodePcmu } from '../codec/g711.ts';
import { fail, ok, type ParseResult } from '../result.ts';

/**
 * RIFF WAVE (Microsoft/IBM multimedia spec 1991, WAVEFORMATEX):
 *
 *   "RIFF" <u32 size> "WAVE"
 *   "fmt " <u32 16|18|40> <u16 format> <u16 channels> <u32 sampleRate> <u32 byteRate> <u16 blockAlign>
 *          <u16 bitsPerSample> [<u16 cbSize> [extensible: <u16 validBits> <u32 mask> <GUID subformat>]]
 *   "data" <u32 size> <samples, interleaved, little-endian>
 *
 * Chunks are padded to an even length. Formats read here: 1 = PCM (16-bit), 6 = A-law, 7 = µ-law (8-bit),
 * and 0xFFFE (extensible) wrapping one of those.
 */
export const WavEncoding = { PCM16: 'pcm16', ALAW: 'alaw', ULAW: 'ulaw' } as const;
export type WavEncoding = (typeof WavEncoding)[keyof typeof WavEncoding];

export const WAV_HEADER_LENGTH = 44;

export interface WavAudio {
  encoding: WavEncoding;
  sampleRate: number;
  channels: number;
  /** Decoded 16-bit samples, interleaved by channel. */
  samples: Int16Array;
}

const FORMAT_CODES: Record<number, WavEncoding> = { 1: 'pcm16', 6: 'alaw', 7: 'ulaw' };

/** Parses a whole WAV file held in memory; G.711 data is decoded to 16-bit PCM. Never throws. */
export function parseWav(buf: Buffer): ParseResult<WavAudio> {
  if (buf.length < 12) return fail('WAV too short for a RIFF header');
  if (buf.toString('latin1', 0, 4) !== 'RIFF' || buf.toString('latin1', 8, 12) !== 'WAVE') {
    return fail('not a RIFF WAVE file');
  }
  let fmt:
    | { encoding: WavEncoding; channels: number; sampleRate: number; bits: number; blockAlign: number }
    | undefined;
  let o = 12;
  while (o + 8 <= buf.length) {
    const id = buf.toString('latin1', o, o + 4);
    let size = buf.readUInt32LE(o + 4);
    const body = o + 8;
    if (id === 'data') {
      if (!fmt) return fail('WAV data chunk before fmt chunk');
      // A writer that never finalised leaves 0 or 0xFFFFFFFF: take the rest of the file.
      if (size === 0 || size === 0xffffffff || body + size > buf.length) size = buf.length - body;
      return decodeData(buf.subarray(body, body + size), fmt);
    }
    if (body + size > buf.length) return fail(`WAV chunk "${id}" length ${size} exceeds file`);
    if (id === 'fmt ') {
      if (size < 16) return fail('WAV fmt chunk too short');
      let code = buf.readUInt16LE(body);
      if (code === 0xfffe) {
        if (size < 40) return fail('WAV extensible fmt chunk too short');
        code = buf.readUInt16LE(body + 24); // first two bytes of the subformat GUID
      }
      const encoding = FORMAT_CODES[code];
      if (!encoding) return fail(`unsupported WAV format code ${code} (only PCM, A-law, µ-law)`);
      const channels = buf.readUInt16LE(body + 2);
      const sampleRate = buf.readUInt32LE(body + 4);
      const blockAlign = buf.readUInt16LE(body + 12);
      const bits = buf.readUInt16LE(body + 14);
      if (channels < 1 || sampleRate < 1) return fail('WAV fmt has no channels or no sample rate');
      if (encoding === 'pcm16' && bits !== 16) return fail(`unsupported PCM sample size ${bits} bits (only 16)`);
      if (encoding !== 'pcm16' && bits !== 8) return fail(`G.711 WAV must have 8-bit samples, not ${bits}`);
      if (blockAlign !== (channels * bits) / 8) return fail(`WAV block align ${blockAlign} does not match`);
      fmt = { encoding, channels, sampleRate, bits, blockAlign };
    }
    o = body + size + (size % 2);
  }
  return fail('WAV has no data chunk');
}

function decodeData(
  data: Buffer,
  fmt: { encoding: WavEncoding; channels: number; sampleRate: number; blockAlign: number },
): ParseResult<WavAudio> {
  const frames = Math.floor(data.length / fmt.blockAlign);
  const count = frames * fmt.channels;
  let samples: Int16Array;
  if (fmt.encoding === 'pcm16') {
    samples = new Int16Array(count);
    for (let i = 0; i < count; i++) samples[i] = data.readInt16LE(i * 2);
  } else {
    const codes = data.subarray(0, count);
    samples = fmt.encoding === 'alaw' ? decodePcma(codes) : decodePcmu(codes);
  }
  return ok({ encoding: fmt.encoding, sampleRate: fmt.sampleRate, channels: fmt.channels, samples });
}

/** A 44-byte canonical header for 16-bit PCM with `dataBytes` of samples. */
export function wavHeader(sampleRate: number, channels: number, dataBytes: number): Buffer {
  const h = Buffer.alloc(WAV_HEADER_LENGTH);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(Math.min(0xffffffff, 36 + dataBytes), 4);
  h.write('WAVE', 8, 'latin1');
  h.write('fmt ', 12, 'latin1');
  h.writeUInt32LE(16, 16);
  h.writeUInt16LE(1, 20);
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * channels * 2, 28);
  h.writeUInt16LE(channels * 2, 32);
  h.writeUInt16LE(16, 34);
  h.write('data', 36, 'latin1');
  h.writeUInt32LE(Math.min(0xffffffff, dataBytes), 40);
  return h;
}

const LITTLE_ENDIAN = endianness() === 'LE';

/** Little-endian bytes of 16-bit samples. */
export function pcmBytes(samples: Int16Array): Buffer {
  const out = Buffer.allocUnsafe(samples.length * 2);
  if (LITTLE_ENDIAN) {
    // The samples' memory is already little-endian PCM: one copy.
    out.set(new Uint8Array(samples.buffer, samples.byteOffset, samples.byteLength));
    return out;
  }
  for (let i = 0; i < samples.length; i++) out.writeInt16LE(samples[i] as number, i * 2);
  return out;
}

/** A complete 16-bit PCM WAV file in memory. */
export function encodeWav(samples: Int16Array, sampleRate: number, channels = 1): Buffer {
  if (samples.length % channels !== 0) throw new RangeError('sample count is not a multiple of the channel count');
  return Buffer.concat([wavHeader(sampleRate, channels, samples.length * 2), pcmBytes(samples)]);
}

/** A G.711 WAV file (format 6 or 7, 8-bit, with the 18-byte fmt chunk and a fact chunk). */
export function encodeG711Wav(codes: Buffer, encoding: 'alaw' | 'ulaw', sampleRate = 8000, channels = 1): Buffer {
  const h = Buffer.alloc(58);
  h.write('RIFF', 0, 'latin1');
  h.writeUInt32LE(50 + codes.length + (codes.length % 2), 4);
  h.write('WAVE', 8, 'latin1');
  h.write('fmt ', 12, 'latin1');
  h.writeUInt32LE(18, 16);
  h.writeUInt16LE(encoding === 'alaw' ? 6 : 7, 20);
  h.writeUInt16LE(channels, 22);
  h.writeUInt32LE(sampleRate, 24);
  h.writeUInt32LE(sampleRate * channels, 28);
  h.writeUInt16LE(channels, 32);
  h.writeUInt16LE(8, 34);
  h.writeUInt16LE(0, 36);
  h.write('fact', 38, 'latin1');
  h.writeUInt32LE(4, 42);
  h.writeUInt32LE(codes.length / channels, 46);
  h.write('data', 50, 'latin1');
  h.writeUInt32LE(codes.length, 54);
  return Buffer.concat([h, codes, Buffer.alloc(codes.length % 2)]);
}
