/**
 * Hands out even RTP ports from a configured range; the odd port above each is reserved for RTCP
 * (RFC 3550 §11: RTP on an even port, RTCP on the next higher odd port). Free ports wait in a first-in first-out
 * ring, so the port handed out is the one released longest ago (late packets of an old call do not reach a new
 * one) and allocation costs the same whether the range is empty or nearly full.
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
  /** Free pair indexes, oldest first: `free[(head + i) % capacity]` for i < freeCount. */
  private readonly free: Uint16Array;
  private readonly used: Uint8Array;
  private head = 0;
  private freeCount: number;

  constructor(range: PortRange) {
    const min = range.min + (range.min % 2);
    if (!Number.isInteger(range.min) || !Number.isInteger(range.max) || min < 1024 || range.max > 65535) {
      throw new RangeError(`invalid RTP port range ${range.min}-${range.max}`);
    }
    if (min + 1 > range.max) throw new RangeError(`RTP port range ${range.min}-${range.max} holds no even/odd pair`);
    this.min = min;
    this.max = range.max;
    const pairs = Math.floor((this.max - this.min + 1) / 2);
    this.free = new Uint16Array(pairs);
    for (let i = 0; i < pairs; i++) this.free[i] = i;
    this.used = new Uint8Array(pairs);
    this.freeCount = pairs;
  }

  /** Number of RTP/RTCP pairs the range holds. */
  get capacity(): number {
    return this.free.length;
  }

  get allocated(): number {
    return this.capacity - this.freeCount;
  }

  /** Returns the free even port released longest ago, or undefined when the range is exhausted. */
  allocate(): number | undefined {
    if (this.freeCount === 0) return undefined;
    const pair = this.free[this.head] as number;
    this.head = (this.head + 1) % this.capacity;
    this.freeCount--;
    this.used[pair] = 1;
    return this.min + pair * 2;
  }

  /** Returns a port to the pool; releasing a port that is not allocated does nothing. */
  release(port: number): void {
    const pair = this.pairOf(port);
    if (pair === undefined || this.used[pair] === 0) return;
    this.used[pair] = 0;
    this.free[(this.head + this.freeCount) % this.capacity] = pair;
    this.freeCount++;
  }

  isAllocated(port: number): boolean {
    const pair = this.pairOf(port);
    return pair !== undefined && this.used[pair] === 1;
  }

  private pairOf(port: number): number | undefined {
    const offset = port - this.min;
    if (!Number.isInteger(port) || offset < 0 || offset % 2 !== 0) return undefined;
    const pair = offset / 2;
    return pair < this.capacity ? pair : undefined;
  }
}
