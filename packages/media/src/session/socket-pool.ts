import type { Socket } from 'node:dgram';
import { readFileSync } from 'node:fs';
import type { PortAllocator } from './port-allocator.ts';
import { bindUdpSocket, closeUdpSocket } from './udp-socket.ts';

/**
 * A thread that sends datagrams for sockets of this process (the SIP package's UdpSendThread): it binds its own
 * socket to a port first, the owner's socket is bound after it with SO_REUSEADDR and receives, the thread's sends.
 */
export interface SendThread {
  readonly alive: boolean;
  bind(host: string, port: number): Promise<number>;
  unbind(port: number): void;
  /** Copies `data` at once. */
  send(localPort: number, data: Uint8Array, host: string, port: number): void;
}

/** An RTP socket and, unless RTCP is off, the RTCP socket on the port above it. */
export interface RtpSocketPair {
  port: number;
  rtp: Socket;
  rtcp: Socket | undefined;
  /** Sends RTP from `port` when set (RTCP, a few packets a call, goes from `rtcp`). */
  sender: SendThread | undefined;
}

export interface RtpSocketPoolOptions {
  allocator: PortAllocator;
  bindAddress: string;
  /**
   * A released pair is handed out again only after this long, so that late packets of the old call are not taken
   * for the new one's (unless the port range is otherwise exhausted). Default 1000 ms.
   */
  quarantineMs?: number;
  /** Parked pairs unused for this long are closed. Default 30 s. */
  idleMs?: number;
  /** Most pairs kept open while parked; default from the process's open-file limit (an eighth of it, ≤ 2048). */
  maxParked?: number;
  /** Ports to try when binding fails (a port taken by another process). Default 10. */
  bindAttempts?: number;
  /**
   * RTP is sent from this thread (a relay's cost is mostly the sending system call, which then runs beside the
   * receiving thread). Without it the session's own socket sends.
   */
  sendThread?: SendThread;
  now?: () => number;
}

interface Parked {
  pair: RtpSocketPair;
  rtcp: boolean;
  at: number;
}

const noop = (): void => {};

/**
 * Keeps the UDP sockets of ended RTP sessions bound and hands them to new sessions, oldest first: binding and
 * closing four sockets per call was a tenth of the switch's call set-up time. Ports stay out of the allocator while
 * parked; what is parked is bounded (count and idle time), so the process stays within its file-descriptor limit.
 */
export class RtpSocketPool {
  private readonly parked: Parked[] = [];
  private head = 0;
  private readonly quarantineMs: number;
  private readonly idleMs: number;
  private readonly maxParked: number;
  private readonly now: () => number;
  private sweeper: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(private readonly options: RtpSocketPoolOptions) {
    this.quarantineMs = options.quarantineMs ?? 1000;
    this.idleMs = options.idleMs ?? 30_000;
    this.maxParked = options.maxParked ?? defaultMaxParked();
    this.now = options.now ?? Date.now;
    if (this.maxParked > 0) {
      this.sweeper = setInterval(() => this.sweep(), Math.max(1000, Math.min(this.idleMs, 10_000)));
      this.sweeper.unref();
    }
  }

  get parkedCount(): number {
    return this.parked.length - this.head;
  }

  /** A bound pair: a parked one out of quarantine, else a newly bound one, else (range exhausted) the oldest parked. */
  async acquire(rtcp: boolean): Promise<RtpSocketPair> {
    if (this.closed) throw new Error('RTP socket pool closed');
    const oldest = this.peek(rtcp);
    if (oldest && this.now() - oldest.at >= this.quarantineMs) return this.take();
    try {
      return await this.bind(rtcp);
    } catch (err) {
      if (this.peek(rtcp)) return this.take();
      throw err;
    }
  }

  /** Takes the pair back (its listeners are removed); closes it when the pool is full or closed. */
  async release(pair: RtpSocketPair): Promise<void> {
    for (const s of [pair.rtp, pair.rtcp]) {
      if (!s) continue;
      s.removeAllListeners('message');
      s.removeAllListeners('error');
      s.on('error', noop);
    }
    if (this.closed || this.maxParked <= 0) {
      await this.discard(pair);
      return;
    }
    this.parked.push({ pair, rtcp: pair.rtcp !== undefined, at: this.now() });
    while (this.parkedCount > this.maxParked) void this.discard(this.take());
  }

  /** Closes every parked pair; pairs released later are closed at once. */
  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweeper);
    const all: Promise<void>[] = [];
    while (this.parkedCount > 0) all.push(this.discard(this.take()));
    await Promise.all(all);
  }

  private peek(rtcp: boolean): Parked | undefined {
    const p = this.parked[this.head];
    return p && p.rtcp === rtcp ? p : undefined;
  }

  private take(): RtpSocketPair {
    const p = this.parked[this.head] as Parked;
    this.parked[this.head] = undefined as unknown as Parked;
    this.head++;
    if (this.head > 1024 && this.head * 2 > this.parked.length) {
      this.parked.splice(0, this.head);
      this.head = 0;
    }
    for (const s of [p.pair.rtp, p.pair.rtcp]) s?.off('error', noop);
    return p.pair;
  }

  private sweep(): void {
    const cutoff = this.now() - this.idleMs;
    while (this.parkedCount > 0 && (this.parked[this.head] as Parked).at < cutoff) void this.discard(this.take());
  }

  private async bind(rtcp: boolean): Promise<RtpSocketPair> {
    const { allocator, bindAddress } = this.options;
    const thread = this.options.sendThread?.alive ? this.options.sendThread : undefined;
    const attempts = this.options.bindAttempts ?? 10;
    let lastError: unknown;
    for (let i = 0; i < attempts; i++) {
      const port = allocator.allocate();
      if (port === undefined) throw new Error('RTP port range exhausted');
      let rtp: Socket | undefined;
      let twin = false;
      try {
        // The thread's socket first: of two sockets on one port with SO_REUSEADDR, Linux delivers to the last bound.
        if (thread) {
          await thread.bind(bindAddress, port);
          twin = true;
        }
        rtp = await bindUdpSocket(port, bindAddress, twin);
        const pair: RtpSocketPair = { port, rtp, rtcp: undefined, sender: twin ? thread : undefined };
        if (rtcp) pair.rtcp = await bindUdpSocket(port + 1, bindAddress);
        return pair;
      } catch (err) {
        lastError = err;
        if (rtp) await closeUdpSocket(rtp);
        if (twin) thread?.unbind(port);
        allocator.release(port);
      }
    }
    throw new Error(`could not bind an RTP port after ${attempts} attempts: ${String(lastError)}`);
  }

  private async discard(pair: RtpSocketPair): Promise<void> {
    await closeUdpSocket(pair.rtp);
    pair.sender?.unbind(pair.port);
    if (pair.rtcp) await closeUdpSocket(pair.rtcp);
    this.options.allocator.release(pair.port);
  }
}

/** An eighth of the soft open-file limit (two descriptors per pair, most descriptors left to calls in progress). */
function defaultMaxParked(): number {
  try {
    const m = /^Max open files\s+(\d+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    if (m) return Math.min(2048, Math.floor(Number(m[1]) / 8));
  } catch {
    // not Linux: be modest
  }
  return 128;
}
