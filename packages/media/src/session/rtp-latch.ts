/**
 * Symmetric RTP latching (RFC 4961; the "comedia" behaviour of RFC 4145 applied to RTP): send to wherever the
 * peer's valid packets come from. The first valid packet latches; while latched, packets from any other
 * transport address are refused, unless the latched source has been silent for `timeoutMs` (the peer moved,
 * e.g. a NAT rebinding or a re-INVITE we have not seen), in which case the new source takes over.
 */
export const LatchDecision = {
  /** From the current remote. */
  SAME: 'same',
  /** A new source was latched (first packet, or after the timeout). */
  LATCHED: 'latched',
  /** From another source while the current one is alive: drop it. */
  REFUSED: 'refused',
} as const;
export type LatchDecision = (typeof LatchDecision)[keyof typeof LatchDecision];

export class RtpLatch {
  /** Current send target; undefined until SDP or a packet provides one. */
  address: string | undefined;
  port = 0;
  private latched = false;
  private lastSeenMs = 0;

  constructor(
    readonly enabled: boolean,
    readonly timeoutMs: number,
  ) {}

  get isLatched(): boolean {
    return this.latched;
  }

  /** Sets the target from signalling and forgets any latch. */
  reset(address: string, port: number): void {
    this.address = address;
    this.port = port;
    this.latched = false;
  }

  /** Decides about a packet from `address:port` arriving at `nowMs`, latching when appropriate. */
  offer(address: string, port: number, nowMs: number): LatchDecision {
    if (!this.enabled) return LatchDecision.SAME;
    const same = port === this.port && address === this.address;
    if (this.latched && same) {
      this.lastSeenMs = nowMs;
      return LatchDecision.SAME;
    }
    if (this.latched && nowMs - this.lastSeenMs < this.timeoutMs) return LatchDecision.REFUSED;
    this.address = address;
    this.port = port;
    this.latched = true;
    this.lastSeenMs = nowMs;
    return LatchDecision.LATCHED;
  }
}
