import { G711Law, pcmaDecodeSample, pcmuDecodeSample } from '../codec/g711.ts';

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
    const ring = this.ring;
    let w = (this.readIndex + this.count) % cap;
    const end = start + n;
    if (law === G711Law.PCMU) {
      for (let i = start; i < end; i++) {
        ring[w] = pcmuDecodeSample(codes[i] as number);
        if (++w === cap) w = 0;
      }
    } else {
      for (let i = start; i < end; i++) {
        ring[w] = pcmaDecodeSample(codes[i] as number);
        if (++w === cap) w = 0;
      }
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
    for (let i = 0; i < n; i++) {
      out[i] = ring[r] as number;
      if (++r === cap) r = 0;
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
