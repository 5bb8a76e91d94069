/**
 * Hands out even RTP ports from a configured range; the odd port above each is reserved for RTCP
 * (RFC 3550 §11: RTP on an even port, RTCP on the next higher odd port). Allocation walks the range round-robin
 * so a port just released is not reused at once (late packets of the old call would reach the new one).
 */
export interface PortRange {
  /** Lowest port, inclusive (rounded up to even). */
  min: number;
  /** Highest port, inclusive; the last RTP port is the largest even port with port + 1 <= max. */
  max: number;
}

export class PortAllocator {
  readonly min: number;
  readonly max: number;
  private readonly inUse = new Set<number>();
  private cursor: number;

  constructor(range: PortRange) {
    const min = range.min + (range.min % 2);
    if (!Number.isInteger(range.min) || !Number.isInteger(range.max) || min < 1024 || range.max > 65535) {
      throw new RangeError(`invalid RTP port range ${range.min}-${range.max}`);
    }
    if (min + 1 > range.max) throw new RangeError(`RTP port range ${range.min}-${range.max} holds no even/odd pair`);
    this.min = min;
    this.max = range.max;
    this.cursor = min;
  }

  /** Number of RTP/RTCP pairs the range holds. */
  get capacity(): number {
    return Math.floor((this.max - this.min + 1) / 2);
  }

  get allocated(): number {
    return this.inUse.size;
  }

  /** Returns a free even port, or undefined when the range is exhausted. */
  allocate(): number | undefined {
    const pairs = this.capacity;
    for (let i = 0; i < pairs; i++) {
      const port = this.cursor;
      this.cursor += 2;
      if (this.cursor + 1 > this.max) this.cursor = this.min;
      if (!this.inUse.has(port)) {
        this.inUse.add(port);
        return port;
      }
    }
    return undefined;
  }

  /** Returns a port to the pool; releasing a port that is not allocated does nothing. */
  release(port: number): void {
    this.inUse.delete(port);
  }

  isAllocated(port: number): boolean {
    return this.inUse.has(port);
  }
}
