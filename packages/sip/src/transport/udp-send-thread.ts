import { Worker } from 'node:worker_threads';

/** Least time between two batches (ms). */
const BATCH_MS = 1;
/** A batch buffer's usual size; one datagram larger than this gets a buffer of its own size. */
const BATCH_BYTES = 64 * 1024;
/**
 * Most bytes handed to the thread and not sent yet. A socket's send buffer bounds what waits in the kernel; this
 * bounds what waits for the thread when it cannot keep up (about 200 ms of 1000 relayed calls): later datagrams are
 * dropped, as a full socket buffer would, instead of memory and delay growing without end.
 */
export const DEFAULT_MAX_QUEUED_BYTES = 4 * 1024 * 1024;

type FromThread =
  | { type: 'bound'; seq: number; port: number }
  | { type: 'bindError'; seq: number; code: string | null; message: string }
  | { type: 'in'; localPort: number; data: Uint8Array; address: string; port: number }
  | { type: 'errors'; count: number };

export interface UdpSendThreadOptions {
  /** Bytes that may wait for the thread before datagrams are dropped (default DEFAULT_MAX_QUEUED_BYTES). */
  maxQueuedBytes?: number;
}

/** Called with datagrams that reached a thread socket bound with `forward` instead of the owner's socket. */
export type StrayHandler = (localPort: number, data: Buffer, address: string, port: number) => void;

/**
 * Sends UDP datagrams from a thread of its own. On this kind of machine a loopback or LAN `sendmsg` costs tens of
 * microseconds of kernel time (the receiver's wake-up is delivered in the sender's system call): at seven datagrams
 * per call that was a fifth of the switch's main thread, and most of a relay's. For each local port the owner binds,
 * the thread binds a socket first (SO_REUSEADDR on both, see udp-send-thread.worker.mjs), so datagrams leave from the
 * owner's address and port (RFC 3261 §18.2.2, RFC 3581; symmetric RTP, RFC 4961) while the owner's socket, bound
 * last, receives. Datagrams are copied into a batch at send(); a batch goes to the thread after the event-loop turn
 * (at most one per BATCH_MS under load), as one transferred buffer.
 */
export class UdpSendThread {
  private batch: Buffer = Buffer.allocUnsafeSlow(BATCH_BYTES);
  private used = 0;
  private scheduled = false;
  private lastFlush = 0;
  private nextSeq = 1;
  private readonly binds = new Map<number, { resolve: (port: number) => void; reject: (err: Error) => void }>();
  private closed = false;
  /** False once the thread has stopped for any reason: owners then send from their own sockets. */
  alive = true;
  /** Datagrams the thread could not send (reported after the fact: UDP has no delivery report anyway). */
  sendErrors = 0;
  /** Datagrams dropped because the thread was too far behind (more than `maxQueuedBytes` waiting). */
  dropped = 0;
  /** Bytes handed to the thread so far (the thread counts what it has sent in `sentBytes`). */
  private postedBytes = 0;

  private constructor(
    private readonly worker: Worker,
    onStray: StrayHandler | undefined,
    /** [0]: bytes of batches the thread has finished (it adds to it with Atomics). */
    private readonly sentBytes: Int32Array,
    private readonly maxQueuedBytes: number,
  ) {
    worker.on('message', (m: FromThread) => {
      if (m.type === 'bound' || m.type === 'bindError') {
        const p = this.binds.get(m.seq);
        this.binds.delete(m.seq);
        if (this.binds.size === 0) worker.unref();
        if (m.type === 'bound') p?.resolve(m.port);
        else p?.reject(Object.assign(new Error(m.message), m.code ? { code: m.code } : {}));
      } else if (m.type === 'in') {
        onStray?.(m.localPort, Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength), m.address, m.port);
      } else if (m.type === 'errors') this.sendErrors += m.count;
    });
    const stopped = (): void => {
      this.alive = false;
      for (const p of this.binds.values()) p.reject(new Error('UDP send thread stopped'));
      this.binds.clear();
    };
    worker.on('error', stopped);
    worker.on('exit', stopped);
    worker.unref();
  }

  /** Starts a thread; `onStray` gets what reaches sockets bound with `forward`. */
  static start(onStray?: StrayHandler, options: UdpSendThreadOptions = {}): Promise<UdpSendThread> {
    const sent = new Int32Array(new SharedArrayBuffer(4));
    const worker = new Worker(new URL('./udp-send-thread.worker.mjs', import.meta.url), { workerData: { sent } });
    const max = options.maxQueuedBytes ?? DEFAULT_MAX_QUEUED_BYTES;
    return new Promise((resolve, reject) => {
      worker.once('online', () => resolve(new UdpSendThread(worker, onStray, sent, max)));
      worker.once('error', reject);
    });
  }

  /**
   * Binds the thread's socket for `host`:`port` (0: an ephemeral port) with SO_REUSEADDR; the owner binds its own
   * socket to the returned port after this. `forward`: pass datagrams that reach it on to `onStray`.
   */
  bind(host: string, port: number, forward = false): Promise<number> {
    if (!this.alive || this.closed) return Promise.reject(new Error('UDP send thread stopped'));
    const seq = this.nextSeq++;
    return new Promise((resolve, reject) => {
      this.binds.set(seq, { resolve, reject });
      // Held while an answer is awaited; otherwise the thread does not keep the process alive (its owners' sockets do).
      this.worker.ref();
      this.worker.postMessage({ type: 'bind', seq, host, port, forward });
    });
  }

  /** Closes the thread's socket for `port` (after the datagrams queued before). */
  unbind(port: number): void {
    if (!this.alive || this.closed) return;
    this.flush();
    this.worker.postMessage({ type: 'unbind', port });
  }

  /** Bytes handed to the thread or batched for it and not sent yet. */
  get queuedBytes(): number {
    // Both counters wrap at 2^32 alike; the difference stays right while under 2 GiB.
    return ((this.postedBytes - Atomics.load(this.sentBytes, 0)) | 0) + this.used;
  }

  /**
   * Queues one datagram from `localPort` (copied now: the caller may reuse `data` at once). Returns false when it
   * was dropped because the thread is more than `maxQueuedBytes` behind.
   */
  send(localPort: number, data: Uint8Array, host: string, port: number): boolean {
    if (this.closed) throw new Error('UDP send thread closed');
    const need = 7 + host.length + data.byteLength;
    if (this.queuedBytes + need > this.maxQueuedBytes) {
      this.dropped++;
      return false;
    }
    if (this.used + need > this.batch.length) {
      this.flush();
      if (need > this.batch.length) this.batch = Buffer.allocUnsafeSlow(need);
    }
    const b = this.batch;
    let at = this.used;
    at = b.writeUInt16BE(localPort, at);
    at = b.writeUInt16BE(port, at);
    at = b.writeUInt8(host.length, at);
    at += b.write(host, at, 'latin1');
    at = b.writeUInt16BE(data.byteLength, at);
    b.set(data, at);
    this.used = at + data.byteLength;
    if (!this.scheduled) {
      this.scheduled = true;
      // Right after this turn, unless a batch went less than BATCH_MS ago: then BATCH_MS after it. Each message
      // to the thread costs a cross-thread wake-up; under load this caps them at one per BATCH_MS.
      const wait = this.lastFlush + BATCH_MS - performance.now();
      if (wait <= 0) setImmediate(this.flushNow);
      else setTimeout(this.flushNow, wait);
    }
    return true;
  }

  private readonly flushNow = (): void => this.flush();

  private flush(): void {
    this.scheduled = false;
    if (this.used === 0) return;
    this.lastFlush = performance.now();
    const full = new Uint8Array(this.batch.subarray(0, this.used)).buffer;
    this.postedBytes = (this.postedBytes + this.used) | 0;
    this.used = 0;
    this.worker.postMessage(full, [full]);
  }

  /** Sends what is queued, then closes the thread's sockets and ends the thread. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    if (!this.alive) return;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.ref();
    this.worker.postMessage({ type: 'close' });
    const timer = new Promise<void>((resolve) => setTimeout(resolve, 1000).unref());
    await Promise.race([exited, timer]);
    await this.worker.terminate();
  }
}
