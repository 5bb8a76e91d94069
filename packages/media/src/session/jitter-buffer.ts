/**
 * A small reordering jitter buffer keyed by RTP sequence number (RFC 3550 §5.1: sequence numbers detect loss
 * and restore order). Items come out strictly in sequence order; duplicates and packets older than what was
 * already output are dropped; when more than `depth` packets wait behind a hole, the hole is given up and
 * reported as a gap. It buffers by count, not by time: the caller drives playout (a recorder writes silence
 * for gaps, a relay usually does not buffer at all).
 */
export interface JitterBufferOptions<T> {
  /** Packets held while waiting for a missing one (1..256). Default 3 (60 ms of 20 ms frames). */
  depth?: number;
  onPacket: (item: T, sequenceNumber: number) => void;
  /** `count` packets starting at `firstSequence` never arrived in time. */
  onGap?: (firstSequence: number, count: number) => void;
}

/** A jump further than this (forwards or backwards) is treated as a stream restart. */
const RESET_DISTANCE = 1000;

export class JitterBuffer<T> {
  readonly depth: number;
  private readonly slots: (T | undefined)[];
  private readonly mask: number;
  private next = -1;
  private held = 0;
  private readonly onPacket: (item: T, sequenceNumber: number) => void;
  private readonly onGap: ((firstSequence: number, count: number) => void) | undefined;
  duplicates = 0;
  late = 0;
  lost = 0;
  resets = 0;

  constructor(options: JitterBufferOptions<T>) {
    this.depth = Math.max(1, Math.min(256, Math.floor(options.depth ?? 3)));
    let size = 1;
    while (size <= this.depth * 2) size <<= 1;
    this.slots = new Array<T | undefined>(size).fill(undefined);
    this.mask = size - 1;
    this.onPacket = options.onPacket;
    this.onGap = options.onGap;
  }

  /** Number of packets currently held. */
  get size(): number {
    return this.held;
  }

  push(sequenceNumber: number, item: T): void {
    const seq = sequenceNumber & 0xffff;
    if (this.next < 0) this.next = seq;
    const distance = ((seq - this.next + 0x8000) & 0xffff) - 0x8000; // signed 16-bit
    if (distance < 0) {
      if (distance < -RESET_DISTANCE) {
        this.restart(seq);
      } else {
        this.late++;
        return;
      }
    } else if (distance > RESET_DISTANCE) {
      this.restart(seq);
    } else if (distance > this.mask) {
      // Far ahead but plausible (a burst of loss): give up everything before it.
      this.skipTo((seq - this.depth) & 0xffff);
    }
    const slot = seq & this.mask;
    if (this.slots[slot] !== undefined) {
      this.duplicates++;
      return;
    }
    this.slots[slot] = item;
    this.held++;
    this.drain();
  }

  /** Outputs everything held, in order, reporting the holes between. */
  flush(): void {
    while (this.held > 0) this.skipHole();
  }

  private restart(seq: number): void {
    this.flush();
    this.resets++;
    this.next = seq;
  }

  private drain(): void {
    for (;;) {
      const slot = this.next & this.mask;
      const item = this.slots[slot];
      if (item !== undefined) {
        this.slots[slot] = undefined;
        this.held--;
        const seq = this.next;
        this.next = (this.next + 1) & 0xffff;
        this.onPacket(item, seq);
      } else if (this.held > this.depth) {
        this.skipHole();
      } else {
        return;
      }
    }
  }

  /** Skips the missing packets at `next` up to the first held one, reports the gap, outputs what follows. */
  private skipHole(): void {
    let missing = 0;
    const first = this.next;
    while (this.slots[this.next & this.mask] === undefined && missing <= this.mask) {
      this.next = (this.next + 1) & 0xffff;
      missing++;
    }
    if (missing > 0) {
      this.lost += missing;
      this.onGap?.(first, missing);
    }
    while (this.held > 0) {
      const slot = this.next & this.mask;
      const item = this.slots[slot];
      if (item === undefined) return;
      this.slots[slot] = undefined;
      this.held--;
      const seq = this.next;
      this.next = (this.next + 1) & 0xffff;
      this.onPacket(item, seq);
    }
  }

  /** Outputs held packets and gaps until `next` reaches `target` (ahead of `next`). */
  private skipTo(target: number): void {
    let remaining = (target - this.next) & 0xffff;
    let gapStart = -1;
    let gapCount = 0;
    const endGap = (): void => {
      if (gapCount > 0) {
        this.lost += gapCount;
        this.onGap?.(gapStart, gapCount);
      }
      gapCount = 0;
    };
    while (remaining > 0) {
      const slot = this.next & this.mask;
      const item = this.held > 0 ? this.slots[slot] : undefined;
      const seq = this.next;
      if (item !== undefined) {
        endGap();
        this.slots[slot] = undefined;
        this.held--;
        this.next = (this.next + 1) & 0xffff;
        remaining--;
        this.onPacket(item, seq);
      } else if (this.held === 0) {
        // Nothing else is held: the rest of the distance is one gap.
        if (gapCount === 0) gapStart = seq;
        gapCount += remaining;
        this.next = target;
        remaining = 0;
      } else {
        if (gapCount === 0) gapStart = seq;
        gapCount++;
        this.next = (this.next + 1) & 0xffff;
        remaining--;
      }
    }
    endGap();
  }
}
