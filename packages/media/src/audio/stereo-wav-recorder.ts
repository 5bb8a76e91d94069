import { WavFileWriter } from './wav-file-writer.ts';

export const RecorderChannel = { CALLER: 'caller', CALLEE: 'callee' } as const;
export type RecorderChannel = (typeof RecorderChannel)[keyof typeof RecorderChannel];

export interface StereoWavRecorderOptions {
  sampleRate?: number;
  /**
   * How far a channel may trail the wall clock before silence is inserted for it (absorbs network jitter).
   * Default 120 ms.
   */
  maxLagMs?: number;
  /** Monotonic clock in ms; default performance.now. */
  now?: () => number;
}

const EMPTY = new Int16Array(0);

class ChannelQueue {
  // Allocated with the first samples: a call whose channels only ever get silence (never answered with media,
  // on hold throughout) needs none.
  buffer = EMPTY;
  length = 0;
  /** Samples ever queued for this channel, silence included (its position on the recording's time line). */
  position = 0;

  push(samples: Int16Array): void {
    this.ensure(samples.length);
    this.buffer.set(samples, this.length);
    this.length += samples.length;
    this.position += samples.length;
  }

  pushSilence(count: number): void {
    if (count <= 0) return;
    this.ensure(count);
    this.buffer.fill(0, this.length, this.length + count);
    this.length += count;
    this.position += count;
  }

  shift(count: number): void {
    this.buffer.copyWithin(0, count, this.length);
    this.length -= count;
  }

  private ensure(extra: number): void {
    if (this.length + extra <= this.buffer.length) return;
    let size = Math.max(this.buffer.length * 2, 4096);
    while (size < this.length + extra) size *= 2;
    const next = new Int16Array(size);
    next.set(this.buffer.subarray(0, this.length));
    this.buffer = next;
  }
}

/**
 * Records a two-party call into one stereo 16-bit WAV: left = caller, right = callee. Both channels are laid on
 * the wall-clock time line that starts at create(): a channel that falls more than maxLagMs behind (no packets:
 * hold, loss, not yet answered) is filled with silence, so speech on the two sides stays aligned. Frames are
 * written as soon as both channels cover them; close() pads the shorter side and finalises the header sizes.
 */
export class StereoWavRecorder {
  readonly sampleRate: number;
  private readonly writer: WavFileWriter;
  private readonly left = new ChannelQueue();
  private readonly right = new ChannelQueue();
  private readonly maxLag: number;
  private readonly now: () => number;
  private readonly startMs: number;
  private interleaved = new Int16Array(0);
  private closed = false;

  private constructor(writer: WavFileWriter, options: StereoWavRecorderOptions) {
    this.writer = writer;
    this.sampleRate = options.sampleRate ?? 8000;
    this.maxLag = Math.round(((options.maxLagMs ?? 120) * this.sampleRate) / 1000);
    this.now = options.now ?? (() => performance.now());
    this.startMs = this.now();
  }

  static async create(path: string, options: StereoWavRecorderOptions = {}): Promise<StereoWavRecorder> {
    const writer = await WavFileWriter.create(path, options.sampleRate ?? 8000, 2);
    return new StereoWavRecorder(writer, options);
  }

  get path(): string {
    return this.writer.path;
  }

  /** Frames (sample pairs) written to the file so far. */
  get frames(): number {
    return this.writer.frames;
  }

  /** Appends decoded audio received from one side. */
  write(channel: RecorderChannel, samples: Int16Array): void {
    if (this.closed) return;
    const expected = this.expectedPosition();
    const queue = this.queue(channel);
    const behind = expected - (queue.position + samples.length);
    if (behind > this.maxLag) queue.pushSilence(behind);
    queue.push(samples);
    const other = this.queue(channel === RecorderChannel.CALLER ? RecorderChannel.CALLEE : RecorderChannel.CALLER);
    const otherBehind = expected - other.position;
    if (otherBehind > this.maxLag) other.pushSilence(otherBehind - this.maxLag);
    this.drain();
  }

  /** Inserts silence for `count` samples on one side (e.g. a gap reported by the jitter buffer). */
  writeSilence(channel: RecorderChannel, count: number): void {
    if (this.closed) return;
    this.queue(channel).pushSilence(count);
    this.drain();
  }

  /** Pads both channels to the recording's length, writes the header sizes and closes the file. */
  async close(): Promise<{ frames: number; durationMs: number }> {
    if (!this.closed) {
      this.closed = true;
      const end = Math.max(this.left.position, this.right.position, this.expectedPosition());
      // Level the two sides up to the longer one's audio, then write the common silent tail as plain zeros.
      const lead = Math.max(this.left.position, this.right.position);
      this.left.pushSilence(lead - this.left.position);
      this.right.pushSilence(lead - this.right.position);
      this.drain();
      this.writer.writeSilence(end - lead);
      await this.writer.close();
    }
    return { frames: this.writer.frames, durationMs: (this.writer.frames * 1000) / this.sampleRate };
  }

  private queue(channel: RecorderChannel): ChannelQueue {
    return channel === RecorderChannel.CALLER ? this.left : this.right;
  }

  private expectedPosition(): number {
    return Math.floor(((this.now() - this.startMs) * this.sampleRate) / 1000);
  }

  private drain(): void {
    const n = Math.min(this.left.length, this.right.length);
    if (n === 0) return;
    if (this.interleaved.length < n * 2) this.interleaved = new Int16Array(n * 2);
    const out = this.interleaved;
    const l = this.left.buffer;
    const r = this.right.buffer;
    for (let i = 0; i < n; i++) {
      out[2 * i] = l[i] as number;
      out[2 * i + 1] = r[i] as number;
    }
    this.writer.write(out.subarray(0, n * 2));
    this.left.shift(n);
    this.right.shift(n);
  }
}
