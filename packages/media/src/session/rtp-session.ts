import { randomBytes } from 'node:crypto';
import type { RemoteInfo, Socket } from 'node:dgram';
import { buildDtmfPackets } from '../dtmf/dtmf-sender.ts';
import { DEFAULT_TELEPHONE_EVENT_PAYLOAD_TYPE } from '../dtmf/telephone-event.ts';
import { type MediaLogger, silentLogger } from '../logger.ts';
import { RtcpCompound, type RtcpPacket } from '../rtcp/rtcp-compound.ts';
import { RtcpPacketType } from '../rtcp/rtcp-header.ts';
import { RtcpSenderReport } from '../rtcp/rtcp-sender-report.ts';
import { looksLikeRtcp, RTP_FIXED_HEADER_LENGTH, RtpPacket } from '../rtp/rtp-packet.ts';
import type { PortAllocator } from './port-allocator.ts';
import { RtpReceiverStats } from './receiver-stats.ts';
import {
  buildByeCompound,
  buildReportCompound,
  type LocalSenderState,
  middleNtpBits,
  type RemoteSourceState,
} from './rtcp-reports.ts';
import { LatchDecision, RtpLatch } from './rtp-latch.ts';
import { type RtpSocketPair, RtpSocketPool } from './socket-pool.ts';
import { SendBufferPool } from './udp-socket.ts';

export interface RtpEndpoint {
  address: string;
  port: number;
}

export interface RtpSessionOptions {
  allocator: PortAllocator;
  /** Reuse the sockets of ended sessions (a pool over the same allocator); default: bind and close per session. */
  sockets?: RtpSocketPool;
  /** Local address to bind. Default 0.0.0.0. */
  bindAddress?: string;
  /** Initial send target (from SDP); replaced by latching. */
  remote?: RtpEndpoint;
  /** Initial RTCP target; default remote port + 1. */
  remoteRtcp?: RtpEndpoint;
  /** Bind port + 1 for RTCP and send periodic reports. Default true. */
  rtcp?: boolean;
  /** Interval of RTCP reports; 0 disables periodic reports. Default 5000 ms (RFC 3550 §6.2 minimum). */
  rtcpIntervalMs?: number;
  /** Symmetric RTP (RFC 4961) with latching to the first valid source. Default true. */
  latching?: boolean;
  /** Silence from the latched source after which another source may take over. Default 3000 ms. */
  latchTimeoutMs?: number;
  /** Only these payload types count as valid (and may latch); others are dropped. Default: all. */
  acceptPayloadTypes?: readonly number[];
  clockRate?: number;
  ssrc?: number;
  cname?: string;
  telephoneEventPayloadType?: number;
  logger?: MediaLogger;
  /** Ports to try when binding fails (a port taken by another process). Default 10. */
  bindAttempts?: number;
}

export interface RtpSessionCounters {
  packetsSent: number;
  /** Payload octets sent (the SR octet count, RFC 3550 §6.4.1). */
  octetsSent: number;
  packetsReceived: number;
  octetsReceived: number;
  malformed: number;
  /** Packets from a source other than the latched one. */
  foreign: number;
  /** Packets with a payload type outside acceptPayloadTypes. */
  rejectedPayloadType: number;
  rtcpReceived: number;
}

export interface SendPayloadOptions {
  payloadType: number;
  /** Timestamp increment after this packet; default payload length (G.711: one octet per sample). */
  samples?: number;
  marker?: boolean;
}

// Random SSRCs, sequence numbers and timestamps (RFC 3550 §5.1) from a pool refilled 4 KiB at a time: one
// randomBytes call per session each was a visible share of call set-up time.
const RANDOM_POOL_SIZE = 4096;
let randomPool = randomBytes(RANDOM_POOL_SIZE);
let randomOffset = 0;
const randomUint32 = (): number => {
  if (randomOffset + 4 > RANDOM_POOL_SIZE) {
    randomPool = randomBytes(RANDOM_POOL_SIZE);
    randomOffset = 0;
  }
  const v = randomPool.readUInt32BE(randomOffset);
  randomOffset += 4;
  return v;
};

/**
 * One RTP stream on a UDP socket bound from a port range (RTCP on port + 1), RFC 3550. Incoming packets are
 * validated and handed to `onRtp` in arrival order (no buffering: put a JitterBuffer behind it where order
 * matters). With latching, the session sends to wherever valid packets come from (RFC 4961 symmetric RTP) and
 * ignores other sources until the latched one has been silent for `latchTimeoutMs`.
 */
export class RtpSession {
  readonly port: number;
  readonly rtcpPort: number | undefined;
  readonly ssrc: number;
  readonly cname: string;
  readonly clockRate: number;
  readonly counters: RtpSessionCounters = {
    packetsSent: 0,
    octetsSent: 0,
    packetsReceived: 0,
    octetsReceived: 0,
    malformed: 0,
    foreign: 0,
    rejectedPayloadType: 0,
    rtcpReceived: 0,
  };
  /** Receive statistics of the current remote source (replaced when its SSRC changes). */
  stats: RtpReceiverStats;
  remoteSsrc: number | undefined;
  /** Called for every valid RTP packet; `raw` is the datagram (for relays that forward bytes as they are). */
  onRtp: ((packet: RtpPacket, raw: Buffer) => void) | undefined;
  onRtcp: ((packets: RtcpPacket[]) => void) | undefined;
  onLatch: ((remote: RtpEndpoint) => void) | undefined;

  private readonly latch: RtpLatch;
  private rtcpRemote: RtpEndpoint | undefined;
  private sequenceNumber = randomUint32() & 0xffff;
  private timestamp = randomUint32();
  private sentSinceReport = false;
  private markerNext = true;
  private dtmfBusy = false;
  private lastSr = 0;
  private lastSrArrivalMs = 0;
  private closed = false;
  private rtcpTimer: NodeJS.Timeout | undefined;
  private rtcpSent = false;
  private pool: SendBufferPool | undefined;
  private readonly logger: MediaLogger;
  private readonly rtpSocket: Socket;
  private readonly rtcpSocket: Socket | undefined;

  private constructor(
    private readonly options: RtpSessionOptions,
    private readonly sockets: RtpSocketPool,
    private readonly pair: RtpSocketPair,
  ) {
    const { port, rtp: rtpSocket, rtcp: rtcpSocket } = pair;
    this.rtpSocket = rtpSocket;
    this.rtcpSocket = rtcpSocket;
    this.port = port;
    this.rtcpPort = rtcpSocket ? port + 1 : undefined;
    this.ssrc = options.ssrc ?? randomUint32();
    this.cname = options.cname ?? `hujiao-${this.ssrc.toString(16)}`;
    this.clockRate = options.clockRate ?? 8000;
    this.stats = new RtpReceiverStats(this.clockRate);
    this.logger = options.logger ?? silentLogger;
    this.latch = new RtpLatch(options.latching !== false, options.latchTimeoutMs ?? 3000);
    if (options.remote) this.setRemote(options.remote, options.remoteRtcp);
    rtpSocket.on('message', (msg, rinfo) => this.onRtpDatagram(msg, rinfo));
    rtpSocket.on('error', (err) => this.logger.warn({ err, port }, 'RTP socket error'));
    rtcpSocket?.on('message', (msg, rinfo) => this.onRtcpDatagram(msg, rinfo));
    rtcpSocket?.on('error', (err) => this.logger.warn({ err, port: port + 1 }, 'RTCP socket error'));
    const interval = options.rtcpIntervalMs ?? 5000;
    if (rtcpSocket && interval > 0) {
      this.rtcpTimer = setInterval(() => this.sendRtcpReport(), interval);
      this.rtcpTimer.unref();
    }
  }

  /** Takes a port pair (bound from the allocator, or reused from `sockets`) and starts the session. */
  static async open(options: RtpSessionOptions): Promise<RtpSession> {
    const sockets =
      options.sockets ??
      new RtpSocketPool({
        allocator: options.allocator,
        bindAddress: options.bindAddress ?? '0.0.0.0',
        maxParked: 0,
        ...(options.bindAttempts ? { bindAttempts: options.bindAttempts } : {}),
      });
    return new RtpSession(options, sockets, await sockets.acquire(options.rtcp !== false));
  }

  // Made on the first send: most relayed sessions forward received datagrams as they are and never need one.
  private sendBuffers(): SendBufferPool {
    if (!this.pool) this.pool = new SendBufferPool();
    return this.pool;
  }

  /** Where RTP goes now (the SDP address until a packet latches another). */
  get remote(): RtpEndpoint | undefined {
    const { address, port } = this.latch;
    return address === undefined ? undefined : { address, port };
  }

  get isLatched(): boolean {
    return this.latch.isLatched;
  }

  /** Sets the send target from new SDP (e.g. a re-INVITE) and forgets the latch. */
  setRemote(remote: RtpEndpoint, remoteRtcp?: RtpEndpoint): void {
    this.latch.reset(remote.address, remote.port);
    this.rtcpRemote = remoteRtcp ?? { address: remote.address, port: remote.port + 1 };
  }

  /**
   * Sends one payload with this session's SSRC, sequence number and timestamp (advanced by `samples`).
   * Returns false when nothing was sent (no remote yet, closed, or a DTMF event is being sent).
   */
  sendPayload(payload: Buffer, options: SendPayloadOptions): boolean {
    const samples = options.samples ?? payload.length;
    if (this.closed || this.dtmfBusy || this.latch.address === undefined) {
      this.timestamp = (this.timestamp + samples) >>> 0;
      return false;
    }
    const length = RTP_FIXED_HEADER_LENGTH + payload.length;
    const { buffer, done } = this.sendBuffers().acquire(length);
    buffer[0] = 0x80;
    buffer[1] = ((options.marker ?? this.markerNext) ? 0x80 : 0) | (options.payloadType & 0x7f);
    buffer.writeUInt16BE(this.sequenceNumber, 2);
    buffer.writeUInt32BE(this.timestamp, 4);
    buffer.writeUInt32BE(this.ssrc, 8);
    payload.copy(buffer, RTP_FIXED_HEADER_LENGTH);
    this.sequenceNumber = (this.sequenceNumber + 1) & 0xffff;
    this.timestamp = (this.timestamp + samples) >>> 0;
    this.markerNext = false;
    this.relay = undefined;
    this.counters.packetsSent++;
    this.counters.octetsSent += payload.length;
    this.sentSinceReport = true;
    this.transmit(buffer, length, done);
    return true;
  }

  /**
   * Forwards another stream's RTP datagram (a relay: the payload goes as it is) on this session's own stream: its
   * SSRC, sequence number and timestamp are rewritten in place to continue ours (RFC 3550 §7.2 lets a translator
   * keep the source's; but the far end then sees the source change at every re-bridge — transfer, hold, a
   * conference — and phones that order by timestamp across it, such as baresip, drop the new source's audio).
   * Gaps and order within one source are kept; audio is suppressed while a DTMF digit is being sent.
   */
  sendRaw(datagram: Buffer): boolean {
    if (this.closed || this.latch.address === undefined || this.dtmfBusy) return false;
    if (datagram.length >= RTP_FIXED_HEADER_LENGTH) this.restamp(datagram);
    this.counters.packetsSent++;
    this.counters.octetsSent += Math.max(0, datagram.length - RTP_FIXED_HEADER_LENGTH);
    this.sentSinceReport = true;
    this.transmit(datagram, datagram.length);
    return true;
  }

  /** The source sendRaw is forwarding and the offsets that map its numbering onto ours; reset by our own sends. */
  private relay: { ssrc: number; seqDelta: number; tsDelta: number } | undefined;

  private restamp(d: Buffer): void {
    const ssrc = d.readUInt32BE(8);
    const seq = d.readUInt16BE(2);
    const ts = d.readUInt32BE(4);
    let r = this.relay;
    if (r?.ssrc !== ssrc) {
      // A new source, or our own packets went out since: go on from where our stream is, marking the change.
      r = { ssrc, seqDelta: (this.sequenceNumber - seq) & 0xffff, tsDelta: (this.timestamp - ts) >>> 0 };
      this.relay = r;
      d[1] = (d[1] as number) | 0x80;
    }
    const outSeq = (seq + r.seqDelta) & 0xffff;
    const outTs = (ts + r.tsDelta) >>> 0;
    d.writeUInt16BE(outSeq, 2);
    d.writeUInt32BE(outTs, 4);
    d.writeUInt32BE(this.ssrc, 8);
    // Our own packets after these continue past the newest one forwarded (G.711: one sample per payload octet).
    if (((outSeq - this.sequenceNumber) & 0xffff) < 0x8000) this.sequenceNumber = (outSeq + 1) & 0xffff;
    const samples = Math.max(0, d.length - RTP_FIXED_HEADER_LENGTH - 4 * ((d[0] as number) & 0x0f));
    const end = (outTs + samples) >>> 0;
    if ((end - this.timestamp) >>> 0 < 0x80000000) this.timestamp = end;
    this.markerNext = true;
  }

  /**
   * Sends the first `length` octets of `buffer`, through the send thread when there is one (it copies at once),
   * else from the session's socket; `done` (freeing a pooled buffer) is called once the octets are no longer needed.
   */
  private transmit(buffer: Buffer, length: number, done?: () => void): void {
    const sender = this.pair.sender;
    const address = this.latch.address as string;
    if (sender?.alive) {
      sender.send(this.port, length === buffer.length ? buffer : buffer.subarray(0, length), address, this.latch.port);
      done?.();
    } else this.rtpSocket.send(buffer, 0, length, this.latch.port, address, done);
  }

  /**
   * Sends one digit as RFC 4733 events on this session's SSRC, one packet per 20 ms; audio passed to sendPayload
   * meanwhile is suppressed. Resolves when the last end packet is sent.
   */
  sendDtmf(digit: string, options: { durationMs?: number; payloadType?: number } = {}): Promise<void> {
    if (this.closed || this.latch.address === undefined) return Promise.resolve();
    if (this.dtmfBusy) return Promise.reject(new Error('a DTMF digit is already being sent'));
    const start = this.timestamp;
    const seq = buildDtmfPackets({
      digit,
      ssrc: this.ssrc,
      sequenceNumber: this.sequenceNumber,
      timestamp: start,
      durationMs: options.durationMs,
      clockRate: this.clockRate,
      payloadType:
        options.payloadType ?? this.options.telephoneEventPayloadType ?? DEFAULT_TELEPHONE_EVENT_PAYLOAD_TYPE,
    });
    this.dtmfBusy = true;
    return new Promise((resolve) => {
      let i = 0;
      const tick = (): void => {
        const packet = seq.packets[i++];
        if (packet && !this.closed && this.latch.address !== undefined) {
          this.sendPacket(packet);
        }
        if (i < seq.packets.length && !this.closed) {
          setTimeout(tick, seq.intervalMs);
          return;
        }
        this.sequenceNumber = seq.nextSequenceNumber;
        if ((this.timestamp - start) >>> 0 < seq.durationSamples) this.timestamp = (start + seq.durationSamples) >>> 0;
        this.dtmfBusy = false;
        this.markerNext = true;
        this.relay = undefined;
        resolve();
      };
      tick();
    });
  }

  private sendPacket(packet: RtpPacket): void {
    if (this.latch.address === undefined) return;
    const { buffer, done } = this.sendBuffers().acquire(packet.byteLength);
    const n = packet.serializeInto(buffer, 0);
    this.counters.packetsSent++;
    this.counters.octetsSent += packet.payload.length;
    this.sentSinceReport = true;
    this.transmit(buffer, n, done);
  }

  /** Sends an SR (if RTP was sent since the last report) or RR, with SDES CNAME (RFC 3550 §6.1). */
  sendRtcpReport(): void {
    this.sendRtcp(buildReportCompound(this.localState(), this.remoteState(), performance.now(), Date.now()));
  }

  private sendRtcp(packets: RtcpPacket[]): void {
    const target = this.rtcpRemote;
    const socket = this.rtcpSocket ?? this.rtpSocket;
    if (this.closed || !target) return;
    this.sentSinceReport = false;
    this.rtcpSent = true;
    socket.send(RtcpCompound.serialize(packets), target.port, target.address);
  }

  private localState(): LocalSenderState {
    return {
      ssrc: this.ssrc,
      cname: this.cname,
      packetsSent: this.counters.packetsSent,
      octetsSent: this.counters.octetsSent,
      rtpTimestamp: this.timestamp,
      sentSinceLastReport: this.sentSinceReport,
    };
  }

  private remoteState(): RemoteSourceState | undefined {
    if (this.remoteSsrc === undefined) return undefined;
    return { ssrc: this.remoteSsrc, stats: this.stats, lastSr: this.lastSr, lastSrArrivalMs: this.lastSrArrivalMs };
  }

  /** RFC 4961 latching: true when a datagram from `rinfo` should be accepted (and latches if appropriate). */
  private acceptSource(rinfo: RemoteInfo, now: number): boolean {
    const decision = this.latch.offer(rinfo.address, rinfo.port, now);
    if (decision === LatchDecision.SAME) return true;
    if (decision === LatchDecision.REFUSED) return false;
    // RTCP follows to port + 1 (or the same port without an RTCP socket) until RTCP itself arrives.
    this.rtcpRemote = { address: rinfo.address, port: this.rtcpSocket ? rinfo.port + 1 : rinfo.port };
    this.logger.debug({ port: this.port, remote: this.remote }, 'RTP latched');
    this.onLatch?.({ address: rinfo.address, port: rinfo.port });
    return true;
  }

  private onRtpDatagram(msg: Buffer, rinfo: RemoteInfo): void {
    try {
      if (looksLikeRtcp(msg)) {
        this.onRtcpDatagram(msg, rinfo);
        return;
      }
      const parsed = RtpPacket.parse(msg);
      if (!parsed.ok) {
        this.counters.malformed++;
        this.logger.debug({ port: this.port, error: parsed.error }, 'dropping malformed RTP');
        return;
      }
      const packet = parsed.value;
      const accept = this.options.acceptPayloadTypes;
      if (accept && !accept.includes(packet.payloadType)) {
        this.counters.rejectedPayloadType++;
        return;
      }
      const now = performance.now();
      if (!this.acceptSource(rinfo, now)) {
        this.counters.foreign++;
        return;
      }
      if (packet.ssrc !== this.remoteSsrc) {
        this.remoteSsrc = packet.ssrc;
        this.stats = new RtpReceiverStats(this.clockRate);
        this.lastSr = 0;
        this.lastSrArrivalMs = 0;
      }
      this.counters.packetsReceived++;
      this.counters.octetsReceived += packet.payload.length;
      this.stats.update(packet.sequenceNumber, packet.timestamp, now, packet.payload.length);
      this.onRtp?.(packet, msg);
    } catch (err) {
      this.logger.warn({ err, port: this.port }, 'RTP handler failed');
    }
  }

  private onRtcpDatagram(msg: Buffer, rinfo: RemoteInfo): void {
    try {
      const parsed = RtcpCompound.parse(msg);
      if (!parsed.ok) {
        this.counters.malformed++;
        this.logger.debug({ port: this.port, error: parsed.error }, 'dropping malformed RTCP');
        return;
      }
      this.counters.rtcpReceived++;
      if (this.latch.address === undefined || rinfo.address === this.latch.address) {
        this.rtcpRemote = { address: rinfo.address, port: rinfo.port };
      }
      for (const p of parsed.value) {
        if (p.packetType === RtcpPacketType.SR && p instanceof RtcpSenderReport && p.ssrc === this.remoteSsrc) {
          this.lastSr = middleNtpBits(p);
          this.lastSrArrivalMs = performance.now();
        }
      }
      this.onRtcp?.(parsed.value);
    } catch (err) {
      this.logger.warn({ err, port: this.port }, 'RTCP handler failed');
    }
  }

  /**
   * Sends RTCP BYE (only if this side ever sent RTP or RTCP: RFC 3550 §6.3.7), closes both sockets and returns the
   * port to the allocator. Idempotent.
   */
  async close(reason?: string): Promise<void> {
    if (this.closed) return;
    if (this.rtcpTimer) clearInterval(this.rtcpTimer);
    this.closed = true;
    const target = this.rtcpRemote;
    if (target && this.options.rtcp !== false && (this.counters.packetsSent > 0 || this.rtcpSent)) {
      const bye = buildByeCompound(this.localState(), this.remoteState(), performance.now(), Date.now(), reason);
      const socket = this.rtcpSocket ?? this.rtpSocket;
      // dgram sends after an asynchronous address lookup: wait for it before closing the socket.
      await new Promise<void>((resolve) => {
        try {
          socket.send(RtcpCompound.serialize(bye), target.port, target.address, () => resolve());
        } catch (err) {
          this.logger.debug({ err }, 'RTCP BYE not sent');
          resolve();
        }
      });
    }
    await this.sockets.release(this.pair);
  }
}
