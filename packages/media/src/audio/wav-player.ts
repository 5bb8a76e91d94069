import { readFile } from 'node:fs/promises';
import { encodeG711, type G711Law } from '../codec/g711.ts';
import { fail, ok, type ParseResult } from '../result.ts';
import { decimate16kTo8k, downmixToMono } from './resample.ts';
import { parseWav, type WavAudio } from './wav-format.ts';

export const PLAYER_SAMPLE_RATE = 8000;
/** 20 ms at 8 kHz: the RTP audio frame (RFC 3551 §4.5 default packetization for G.711). */
export const FRAME_SAMPLES = 160;

/**
 * Turns a WAV prompt into 20 ms frames of 8 kHz mono PCM (or G.711 payloads) for RTP. Accepts 8 kHz directly
 * and 16 kHz by low-pass decimation; multi-channel audio is mixed down to mono; other rates are refused.
 * The last frame is padded with silence. Pacing (one frame per 20 ms) is the caller's.
 */
export class WavPlayer {
  readonly samples: Int16Array;
  readonly loop: boolean;
  private offset = 0;

  constructor(samples8kMono: Int16Array, options: { loop?: boolean } = {}) {
    this.samples = samples8kMono;
    this.loop = options.loop ?? false;
  }

  static fromAudio(audio: WavAudio, options: { loop?: boolean } = {}): ParseResult<WavPlayer> {
    const mono = downmixToMono(audio.samples, audio.channels);
    if (audio.sampleRate === PLAYER_SAMPLE_RATE) return ok(new WavPlayer(mono, options));
    if (audio.sampleRate === 16000) return ok(new WavPlayer(decimate16kTo8k(mono), options));
    return fail(
      `cannot play ${audio.sampleRate} Hz audio: prompts must be 8000 Hz or 16000 Hz (convert with: sox in.wav -r 8000 -c 1 -b 16 out.wav)`,
    );
  }

  static fromBuffer(buf: Buffer, options: { loop?: boolean } = {}): ParseResult<WavPlayer> {
    const audio = parseWav(buf);
    return audio.ok ? WavPlayer.fromAudio(audio.value, options) : audio;
  }

  static async fromFile(path: string, options: { loop?: boolean } = {}): Promise<ParseResult<WavPlayer>> {
    let buf: Buffer;
    try {
      buf = await readFile(path);
    } catch (err) {
      return fail(`cannot read ${path}: ${(err as Error).message}`);
    }
    const r = WavPlayer.fromBuffer(buf, options);
    return r.ok ? r : fail(`${path}: ${r.error}`);
  }

  /** Number of 20 ms frames in one pass. */
  get frameCount(): number {
    return Math.ceil(this.samples.length / FRAME_SAMPLES);
  }

  get durationMs(): number {
    return (this.samples.length * 1000) / PLAYER_SAMPLE_RATE;
  }

  get done(): boolean {
    return !this.loop && this.offset >= this.samples.length;
  }

  /** The next 160 samples (written into `out` when given), or undefined at the end. */
  nextFrame(out: Int16Array = new Int16Array(FRAME_SAMPLES)): Int16Array | undefined {
    if (this.samples.length === 0) return undefined;
    let filled = 0;
    while (filled < FRAME_SAMPLES) {
      if (this.offset >= this.samples.length) {
        if (!this.loop) break;
        this.offset = 0;
      }
      const take = Math.min(FRAME_SAMPLES - filled, this.samples.length - this.offset);
      out.set(this.samples.subarray(this.offset, this.offset + take), filled);
      this.offset += take;
      filled += take;
    }
    if (filled === 0) return undefined;
    out.fill(0, filled, FRAME_SAMPLES);
    return out;
  }

  /** The next frame encoded as a G.711 payload of 160 octets, or undefined at the end. */
  nextPayload(law: G711Law, out?: Buffer, scratch?: Int16Array): Buffer | undefined {
    const frame = this.nextFrame(scratch);
    return frame ? encodeG711(law, frame, out) : undefined;
  }

  rewind(): void {
    this.offset = 0;
  }
}
