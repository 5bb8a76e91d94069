/**
 * Receive-side statistics for one RTP source, RFC 3550 Appendix A:
 * A.1 sequence number tracking (extended highest sequence, cycles, restart after a large jump),
 * A.3 expected / lost / fraction lost, A.8 interarrival jitter.
 * (A.1's probation of new sources is left to the session's latching.)
 */
const RTP_SEQ_MOD = 1 << 16;
const MAX_DROPOUT = 3000;
const MAX_MISORDER = 100;

export interface ReceptionReportFields {
  fractionLost: number;
  cumulativeLost: number;
  extendedHighestSequence: number;
  jitter: number;
}

export class RtpReceiverStats {
  readonly clockRate: number;
  packets = 0;
  /** Payload octets received. */
  bytes = 0;
  /** Packets whose sequence number was not new (duplicates or reordered below the highest). */
  outOfOrder = 0;
  private started = false;
  private baseSeq = 0;
  private maxSeq = 0;
  private cycles = 0;
  private badSeq = RTP_SEQ_MOD + 1;
  private received = 0;
  private expectedPrior = 0;
  private receivedPrior = 0;
  private transit = 0;
  private jitterValue = 0;

  constructor(clockRate = 8000) {
    this.clockRate = clockRate;
  }

  /**
   * Records one packet. `arrivalMs` is a monotonic wall clock in milliseconds. Returns false when the packet was
   * taken as the first of a possible restart (RFC 3550 A.1 "bad_seq") rather than counted.
   */
  update(sequenceNumber: number, timestamp: number, arrivalMs: number, payloadBytes: number): boolean {
    this.packets++;
    this.bytes += payloadBytes;
    const seq = sequenceNumber & 0xffff;
    if (!this.started) {
      this.initSequence(seq);
      this.started = true;
      this.transit = this.transitOf(timestamp, arrivalMs);
      this.received = 1;
      return true;
    }
    const udelta = (seq - this.maxSeq + RTP_SEQ_MOD) % RTP_SEQ_MOD;
    if (udelta === 0) {
      this.outOfOrder++;
    } else if (udelta < MAX_DROPOUT) {
      if (seq < this.maxSeq) this.cycles += RTP_SEQ_MOD;
      this.maxSeq = seq;
    } else if (udelta <= RTP_SEQ_MOD - MAX_MISORDER) {
      // A very large jump: believe it only if the next packet follows it (the source restarted).
      if (seq === this.badSeq) {
        this.initSequence(seq);
      } else {
        this.badSeq = (seq + 1) & 0xffff;
        return false;
      }
    } else {
      this.outOfOrder++;
    }
    this.received++;
    // A.8: J += (|D(i-1,i)| - J) / 16, with transit times in timestamp units.
    const transit = this.transitOf(timestamp, arrivalMs);
    let d = transit - this.transit;
    this.transit = transit;
    if (d < 0) d = -d;
    if (d < 0x7fffffff) this.jitterValue += (d - this.jitterValue) / 16;
    return true;
  }

  private initSequence(seq: number): void {
    this.baseSeq = seq;
    this.maxSeq = seq;
    this.badSeq = RTP_SEQ_MOD + 1;
    this.cycles = 0;
    this.received = 0;
    this.receivedPrior = 0;
    this.expectedPrior = 0;
  }

  private transitOf(timestamp: number, arrivalMs: number): number {
    const arrival = Math.floor((arrivalMs * this.clockRate) / 1000);
    return (arrival - timestamp) | 0; // wraps like the C int arithmetic in A.8
  }

  get extendedHighestSequence(): number {
    return this.cycles + this.maxSeq;
  }

  get expected(): number {
    return this.started ? this.extendedHighestSequence - this.baseSeq + 1 : 0;
  }

  /** Cumulative packets lost (A.3); negative when duplicates outnumber losses. */
  get lost(): number {
    return this.expected - this.received;
  }

  /** Interarrival jitter in timestamp units, as carried in reception reports. */
  get jitter(): number {
    return Math.floor(this.jitterValue);
  }

  get jitterMs(): number {
    return (this.jitterValue * 1000) / this.clockRate;
  }

  /** A.3: values for a reception report block; resets the interval for the next fraction. */
  takeReport(): ReceptionReportFields {
    const expected = this.expected;
    const expectedInterval = expected - this.expectedPrior;
    this.expectedPrior = expected;
    const receivedInterval = this.received - this.receivedPrior;
    this.receivedPrior = this.received;
    const lostInterval = expectedInterval - receivedInterval;
    const fractionLost =
      expectedInterval === 0 || lostInterval <= 0 ? 0 : Math.floor((lostInterval << 8) / expectedInterval);
    return {
      fractionLost: Math.min(255, fractionLost),
      cumulativeLost: this.lost,
      extendedHighestSequence: this.extendedHighestSequence >>> 0,
      jitter: this.jitter,
    };
  }
}
