import { WavFileWriter } from './wav-file-writer.ts';

export interface MonoWavRecorderOptions {
  sampleRate?: number;
  /**
   * How far the recording may trail the wall clock before silence is inserted (no packets: hold, loss, a muted
   * leg), so that a pause stays a pause in the file. Default 120 ms. Infinity = never insert.
   */
  maxLagMs?: number;
  /** Monotonic clock in ms; default performance.now. */
  now?: () => number;
}

/**
 * Records one 16-bit mono WAV (a voicemail, the record verb, one party of a conference) through WavFileWriter.
 * Like StereoWavRecorder it keeps the file on the wall-clock time line that starts at create(): audio arriving
 * after a gap longer than maxLagMs is preceded by silence, and close() pads a silent tail the same way. A file
 * left open by a killed process has a placeholder header: repairWavHeader (wav-repair.ts) makes it readable.
 */
export class MonoWavRecorder {
  readonly sampleRate: number;
  private readonly writer: WavFileWriter;
  private readonly maxLag: number;
  private readonly now: () => number;
  private readonly startMs: number;
  private closed = false;

  private constructor(writer: WavFileWriter, options: MonoWavRecorderOptions) {
    this.writer = writer;
    this.sampleRate = options.sampleRate ?? 8000;
    const lagMs = options.maxLagMs ?? 120;
    this.maxLag = Number.isFinite(lagMs) ? Math.round((lagMs * this.sampleRate) / 1000) : Number.POSITIVE_INFINITY;
    this.now = options.now ?? (() => performance.now());
    this.startMs = this.now();
  }

  static async create(path: string, options: MonoWavRecorderOptions = {}): Promise<MonoWavRecorder> {
    const writer = await WavFileWriter.create(path, options.sampleRate ?? 8000, 1);
    return new MonoWavRecorder(writer, options);
  }

  get path(): string {
    return this.writer.path;
  }

  /** Samples written so far (silence included). */
  get frames(): number {
    return this.writer.frames;
  }

  get durationMs(): number {
    return (this.writer.frames * 1000) / this.sampleRate;
  }

  get isClosed(): boolean {
    return this.closed;
  }

  /** Appends samples (copied: the caller may reuse its buffer, e.g. a mixer tap's frame). */
  write(samples: Int16Array): void {
    if (this.closed) return;
    this.fillGap(samples.length);
    this.writer.write(samples);
  }

  /** Appends `count` samples of silence (e.g. a gap reported by a jitter buffer). */
  writeSilence(count: number): void {
    if (this.closed) return;
    this.writer.writeSilence(count);
  }

  /** Pads a silent tail up to the wall clock (beyond maxLagMs), finalises the header and closes the file. */
  async close(): Promise<{ frames: number; durationMs: number }> {
    if (!this.closed) {
      this.closed = true;
      this.fillGap(0);
      await this.writer.close();
    }
    return { frames: this.writer.frames, durationMs: this.durationMs };
  }

  private fillGap(incoming: number): void {
    const expected = Math.floor(((this.now() - this.startMs) * this.sampleRate) / 1000);
    const behind = expected - (this.writer.frames + incoming);
    if (behind > this.maxLag) this.writer.writeSilence(behind);
  }
}
