import { type FileHandle, open } from 'node:fs/promises';
import { pcmBytes, WAV_HEADER_LENGTH, wavHeader } from './wav-format.ts';

/**
 * Streams 16-bit PCM to a WAV file: a placeholder header first, samples appended as they come, and the RIFF and
 * data sizes written into the header on close(). Writes are queued in order; errors surface from close().
 */
export class WavFileWriter {
  readonly path: string;
  readonly sampleRate: number;
  readonly channels: number;
  private dataBytes = 0;
  private queue: Promise<void>;
  private handle: FileHandle | undefined;
  private error: unknown;
  private closed = false;

  private constructor(path: string, sampleRate: number, channels: number, handle: FileHandle) {
    this.path = path;
    this.sampleRate = sampleRate;
    this.channels = channels;
    this.handle = handle;
    this.queue = handle.write(wavHeader(sampleRate, channels, 0), 0, WAV_HEADER_LENGTH, 0).then(() => undefined);
  }

  static async create(path: string, sampleRate = 8000, channels = 1): Promise<WavFileWriter> {
    const handle = await open(path, 'w');
    return new WavFileWriter(path, sampleRate, channels, handle);
  }

  /** Samples written so far, per channel. */
  get frames(): number {
    return this.dataBytes / 2 / this.channels;
  }

  /** Appends interleaved samples (a whole number of frames). */
  write(samples: Int16Array): void {
    if (this.closed) throw new Error('WAV writer is closed');
    if (samples.length % this.channels !== 0) throw new RangeError('partial frame written to WAV');
    if (samples.length === 0) return;
    const bytes = pcmBytes(samples);
    const position = WAV_HEADER_LENGTH + this.dataBytes;
    this.dataBytes += bytes.length;
    this.enqueue((h) => h.write(bytes, 0, bytes.length, position).then(() => undefined));
  }

  private enqueue(op: (h: FileHandle) => Promise<void>): void {
    this.queue = this.queue
      .then(() => (this.handle && this.error === undefined ? op(this.handle) : undefined))
      .catch((err: unknown) => {
        this.error ??= err;
      });
  }

  /** Writes the final sizes into the header and closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const header = wavHeader(this.sampleRate, this.channels, this.dataBytes);
    this.enqueue((h) => h.write(header, 0, WAV_HEADER_LENGTH, 0).then(() => undefined));
    await this.queue;
    const h = this.handle;
    this.handle = undefined;
    await h?.close();
    if (this.error !== undefined) throw this.error;
  }
}
