import { MPEGDecoder } from 'mpg123-decoder';
import { ConversionError, type DecodedAudio, downmix } from './decoded-audio.ts';

/** An ID3v2 tag, or an MPEG audio frame header (11 sync bits, a layer, a bitrate index that is not "bad"). */
export function isMpegAudio(buf: Buffer): boolean {
  if (buf.length >= 10 && buf.toString('latin1', 0, 3) === 'ID3') return true;
  if (buf.length < 4) return false;
  const b1 = buf[1] as number;
  const b2 = buf[2] as number;
  return buf[0] === 0xff && (b1 & 0xe0) === 0xe0 && (b1 & 0x06) !== 0 && b2 >> 4 !== 0x0f && ((b2 >> 2) & 3) !== 3;
}

const CHUNK = 64 * 1024;

/**
 * Decodes MPEG-1/2 Layer I/II/III (MP3) with mpg123 compiled to WebAssembly (mpg123-decoder), chunk by chunk,
 * folding the channels into one as it goes (the result is mono) and stopping as soon as `maxSeconds` is passed.
 */
export async function decodeMp3(buf: Buffer, maxSeconds: number): Promise<DecodedAudio> {
  const decoder = new MPEGDecoder();
  await decoder.ready;
  try {
    const parts: Float32Array[] = [];
    let total = 0;
    let sampleRate = 0;
    let channelCount = 0;
    for (let o = 0; o < buf.length; o += CHUNK) {
      const r = decoder.decode(new Uint8Array(buf.buffer, buf.byteOffset + o, Math.min(CHUNK, buf.length - o)));
      if (r.samplesDecoded === 0) continue;
      if (sampleRate === 0) sampleRate = r.sampleRate;
      channelCount = Math.max(channelCount, r.channelData.length);
      const mono = downmix(r.channelData.map((c) => c.slice(0, r.samplesDecoded)));
      parts.push(mono);
      total += mono.length;
      if (total / sampleRate > maxSeconds) throw new ConversionError({ kind: 'too-long', maxSeconds });
    }
    if (total === 0 || sampleRate === 0) throw new ConversionError({ kind: 'not-audio' });
    const samples = new Float32Array(total);
    let at = 0;
    for (const p of parts) {
      samples.set(p, at);
      at += p.length;
    }
    return { sampleRate, channels: [samples], description: `MP3 ${sampleRate} Hz ${channelCount} ch` };
  } finally {
    decoder.free();
  }
}
