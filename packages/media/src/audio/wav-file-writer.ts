import { type FileHandle, open } from 'node:fs/promises';
import { pcmBytes, WAV_HEADER_LENGTH, wavHeader } from './wav-format.ts';

/** Data is handed to the file in chunks of about this size (2 s of 8 kHz stereo): few writes per call. */
const FLUSH_BYTES = 64 * 1024;
/** Shared, never written to: silence is appended as slices of it. */
const ZEROS = Buffer.alloc(FLUSH_BYTES);

/**
 * Streams 16-bit PCM to a WAV file: samples are collected into chunks of FLUSH_BYTES and appended in order, and the
 * RIFF and data sizes are written into the header on close(). A short recording costs one write (header and data
 * together). Errors surface from close().
 */
export class WavFileWriter {
  readonly path: string;
  readonly sampleRate: number;
  readonly channels: number;
  private dataBytes = 0;
  private flushedBytes = 0;
  private pending: Buffer[] = [];
  private pendingBytes = 0;
  private queue: Promise<void> = Promise.resolve();
  private handle: FileHandle | undefined;
  private error: unknown;
  private closed = false;

  private constructor(path: string, sampleRate: number, channels: number, handle: FileHandle) {
    this.path = path;
    this.sampleRate = sampleRate;
    this.channels = channels;
    this.handle = handle;
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
    this.append(pcmBytes(samples));
  }

  /** Appends `frames` frames of silence on every channel. */
  writeSilence(frames: number): void {
    if (this.closed) throw new Error('WAV writer is closed');
    for (let bytes = Math.max(0, frames) * 2 * this.channels; bytes > 0; bytes -= FLUSH_BYTES) {
      this.append(ZEROS.subarray(0, Math.min(bytes, FLUSH_BYTES)));
    }
  }

  private append(bytes: Buffer): void {
    this.pending.push(bytes);
    this.pendingBytes += bytes.length;
    this.dataBytes += bytes.length;
    if (this.pendingBytes >= FLUSH_BYTES) this.flush(wavHeader(this.sampleRate, this.channels, 0));
  }

  /** Hands the collected chunks to the file; the first flush writes `header` in front of them. */
  private flush(header: Buffer): void {
    if (this.pending.length === 0) return;
    const chunks = this.flushedBytes === 0 ? [header, ...this.pending] : this.pending;
    const position = this.flushedBytes === 0 ? 0 : WAV_HEADER_LENGTH + this.flushedBytes;
    this.flushedBytes += this.pendingBytes;
    this.pending = [];
    this.pendingBytes = 0;
    this.enqueue((h) => h.writev(chunks, position).then(() => undefined));
  }

  private enqueue(op: (h: FileHandle) => Promise<void>): void {
    this.queue = this.queue
      .then(() => (this.handle && this.error === undefined ? op(this.handle) : undefined))
      .catch((err: unknown) => {
        this.error ??= err;
      });
  }

  /** Writes what is left and the final sizes into the header, and closes the file. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const header = wavHeader(this.sampleRate, this.channels, this.dataBytes);
    // Nothing flushed yet: header and data go out together, header final. Otherwise the file got a placeholder
    // header at the first flush (or none, when there is no data), so the final one is written over it.
    const inOneGo = this.flushedBytes === 0 && this.pending.length > 0;
    this.flush(header);
    if (!inOneGo) this.enqueue((h) => h.write(header, 0, WAV_HEADER_LENGTH, 0).then(() => undefined));
    await this.queue;
    const h = this.handle;
    this.handle = undefined;
    await h?.close();
    if (this.error !== undefined) throw this.error;
  }
}
