import { G711Law } from '../codec/g711.ts';
import { ALAW_DECODE, ULAW_DECODE } from './g711-tables.ts';

/**
 * A bounded ring of 16-bit samples between a member's RTP input (packets of any length, at the sender's pace) and
 * the mixer's 20 ms tick. When a burst would exceed the capacity the oldest samples are dropped (counted): the
 * delay a member's audio can build up in the mixer is at most the capacity.
 */
export class SampleFifo {
  readonly capacity: number;
  private readonly ring: Int16Array;
  private readIndex = 0;
  private count = 0;
  /** Samples decoded into the FIFO since it was made. */
  received = 0;
  /** Samples thrown away because the FIFO was full. */
  dropped = 0;

  constructor(capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`FIFO capacity ${capacity}`);
    this.capacity = capacity;
    this.ring = new Int16Array(capacity);
  }

  get length(): number {
    return this.count;
  }

  /** Decodes G.711 octets into the FIFO (no allocation). */
  writeG711(law: G711Law, codes: Uint8Array): void {
    const cap = this.capacity;
    let start = 0;
    let n = codes.length;
    this.received += n;
    if (n > cap) {
      // Only the newest `cap` samples of an oversized payload can survive.
      start = n - cap;
      this.dropped += start;
      n = cap;
    }
    const overflow = this.count + n - cap;
    if (overflow > 0) {
      this.readIndex = (this.readIndex + overflow) % cap;
      this.count -= overflow;
      this.dropped += overflow;
    }
    const table = law === G711Law.PCMU ? ULAW_DECODE : ALAW_DECODE;
    const ring = this.ring;
    let w = (this.readIndex + this.count) % cap;
    // At most two contiguous runs (before and after the ring's end).
    let i = start;
    const end = start + n;
    while (i < end) {
      const run = Math.min(end - i, cap - w);
      for (let k = 0; k < run; k++) ring[w + k] = table[codes[i + k] as number] as number;
      i += run;
      w += run;
      if (w === cap) w = 0;
    }
    this.count += n;
  }

  /** Moves up to out.length samples into `out`, zero-filling the rest; returns how many were real samples. */
  read(out: Int16Array): number {
    const want = out.length;
    const n = Math.min(want, this.count);
    const ring = this.ring;
    const cap = this.capacity;
    let r = this.readIndex;
    let o = 0;
    while (o < n) {
      const run = Math.min(n - o, cap - r);
      for (let k = 0; k < run; k++) out[o + k] = ring[r + k] as number;
      o += run;
      r += run;
      if (r === cap) r = 0;
    }
    if (n < want) out.fill(0, n);
    this.readIndex = r;
    this.count -= n;
    return n;
  }

  clear(): void {
    this.readIndex = 0;
    this.count = 0;
  }
}
