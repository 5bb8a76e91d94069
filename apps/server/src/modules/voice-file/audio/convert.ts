import { wavHeader } from '@hujiao/media';
import { ConversionError, type DecodedAudio, downmix } from './decoded-audio.ts';
import { decodeMp3, isMpegAudio } from './mp3-decode.ts';
import { resample } from './resample.ts';
import { decodeWav, isWav } from './wav-decode.ts';

/** What the switch plays: 8 kHz mono 16-bit PCM WAV. */
export const VOICE_SAMPLE_RATE = 8000;
/** Peak level after normalisation: -3 dBFS. */
const TARGET_PEAK = 10 ** (-3 / 20);
/** A quiet file is raised by at most +12 dB (noise stays noise); a loud one is lowered to the target. */
const MAX_GAIN = 10 ** (12 / 20);
/** Below this peak a file counts as silence and is left as it is. */
const SILENCE_PEAK = 1e-4;

export interface ConvertedVoice {
  /** The 8 kHz mono 16-bit WAV file. */
  wav: Buffer;
  durationMs: number;
  originalFormat: 'wav' | 'mp3';
  /** e.g. "MP3 44100 Hz 2 ch". */
  originalDescription: string;
  /** Gain applied by the normalisation, in dB. */
  gainDb: number;
}

export async function decodeUpload(buf: Buffer, maxSeconds: number): Promise<DecodedAudio & { format: 'wav' | 'mp3' }> {
  if (isWav(buf)) return { ...decodeWav(buf, maxSeconds), format: 'wav' };
  if (isMpegAudio(buf)) return { ...(await decodeMp3(buf, maxSeconds)), format: 'mp3' };
  throw new ConversionError({ kind: 'not-audio' });
}

/** Scales to TARGET_PEAK within MAX_GAIN; returns the gain in dB. */
export function normalisePeak(samples: Float32Array): number {
  let peak = 0;
  for (const s of samples) peak = Math.max(peak, Math.abs(s));
  if (peak < SILENCE_PEAK) return 0;
  const gain = Math.min(MAX_GAIN, TARGET_PEAK / peak);
  for (let i = 0; i < samples.length; i++) samples[i] = (samples[i] as number) * gain;
  return 20 * Math.log10(gain);
}

export function pcm16Wav(samples: Float32Array, sampleRate: number): Buffer {
  const data = Buffer.alloc(samples.length * 2);
  for (let i = 0; i < samples.length; i++) {
    const v = Math.round((samples[i] as number) * 32767);
    data.writeInt16LE(Math.max(-32768, Math.min(32767, v)), i * 2);
  }
  return Buffer.concat([wavHeader(sampleRate, 1, data.length), data]);
}

/**
 * Turns an uploaded WAV or MP3 into what the switch plays: decoded, folded to mono, resampled to 8 kHz with an
 * anti-aliasing low-pass, peak-normalised, as 16-bit PCM WAV. Throws ConversionError for what is not audio.
 */
export async function convertUpload(buf: Buffer, maxSeconds: number): Promise<ConvertedVoice> {
  const decoded = await decodeUpload(buf, maxSeconds);
  const mono = resample(Float32Array.from(downmix(decoded.channels)), decoded.sampleRate, VOICE_SAMPLE_RATE);
  if (mono.length === 0) throw new ConversionError({ kind: 'empty' });
  const gainDb = normalisePeak(mono);
  return {
    wav: pcm16Wav(mono, VOICE_SAMPLE_RATE),
    durationMs: Math.round((mono.length * 1000) / VOICE_SAMPLE_RATE),
    originalFormat: decoded.format,
    originalDescription: decoded.description,
    gainDb,
  };
}
