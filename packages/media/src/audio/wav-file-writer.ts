import { type DiskChunk, diskWriter } from './disk-writer.ts';
import { pcmBytes, WAV_HEADER_LENGTH, wavHeader } from './wav-format.ts';

/** Data is handed to the file in chunks of about this size (2 s of 8 kHz stereo): few writes per call. */
const FLUSH_BYTES = 64 * 1024;

/**
 * Streams 16-bit PCM to a WAV file: samples are collected into chunks of FLUSH_BYTES and appended in order, and the
 * RIFF and data sizes are written into the header on close(). A short recording costs one write (header and data
 * together). The file calls run on the disk writer's thread (disk-writer.ts). Errors surface from close().
 */
export class WavFileWriter {
  readonly path: string;
  readonly sampleRate: number;
  readonly channels: number;
  private dataBytes = 0;
  private flushedBytes = 0;
  private pending: DiskChunk[] = [];
  private pendingBytes = 0;
  private closed = false;

  private constructor(
    path: string,
    sampleRate: number,
    channels: number,
    private readonly file: number,
  ) {
    this.path = path;
    this.sampleRate = sampleRate;
    this.channels = channels;
  }

  static async create(path: string, sampleRate = 8000, channels = 1): Promise<WavFileWriter> {
    return new WavFileWriter(path, sampleRate, channels, await diskWriter().open(path));
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
    this.append(pcmBytes(samples), samples.length * 2);
  }

  /** Appends `frames` frames of silence on every channel. */
  writeSilence(frames: number): void {
    if (this.closed) throw new Error('WAV writer is closed');
    const bytes = Math.max(0, frames) * 2 * this.channels;
    if (bytes > 0) this.append(bytes, bytes);
  }

  private append(chunk: DiskChunk, bytes: number): void {
    this.pending.push(chunk);
    this.pendingBytes += bytes;
    this.dataBytes += bytes;
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
    diskWriter().write(this.file, chunks, position);
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
    if (!inOneGo) diskWriter().write(this.file, [header], 0);
    await diskWriter().close(this.file);
  }
}
