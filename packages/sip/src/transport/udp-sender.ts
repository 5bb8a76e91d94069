import { Worker } from 'node:worker_threads';

/** Least time between two batches (ms). */
const BATCH_MS = 1;

type FromThread =
  | { type: 'bound'; port: number }
  | { type: 'in'; data: Uint8Array; address: string; port: number }
  | { type: 'errors'; count: number };

/**
 * Sends the UDP transport's datagrams from a thread of its own. On this kind of machine a loopback or LAN `sendmsg`
 * costs tens of microseconds of kernel time (the receiver's wake-up is delivered in the sender's system call): at
 * seven datagrams per call that was a fifth of the switch's main thread. The datagrams of an event-loop turn (or of a
 * millisecond, under load) go to the thread in one message (one buffer, transferred), and it sends them from a socket bound to the same address
 * and port (see udp-sender.worker.mjs), so peers see the usual source port (RFC 3261 §18.2.2, RFC 3581).
 */
export class UdpSender {
  private readonly worker: Worker;
  private chunks: Uint8Array[] = [];
  private hosts: string[] = [];
  private ports: number[] = [];
  private bytes = 0;
  private scheduled = false;
  private lastFlush = 0;
  private closed = false;
  /** False once the thread has stopped for any reason: the transport then sends from its own socket. */
  alive = true;
  /** Datagrams the thread could not send (reported after the fact: UDP has no delivery report anyway). */
  sendErrors = 0;

  private constructor(
    worker: Worker,
    readonly port: number,
  ) {
    this.worker = worker;
  }

  /**
   * Starts the thread and binds its socket (port 0: an ephemeral port, which the transport then binds as well).
   * `onStray` gets datagrams that reach the thread's socket instead of the transport's.
   */
  static start(
    host: string,
    port: number,
    onStray: (data: Buffer, address: string, port: number) => void,
  ): Promise<UdpSender> {
    const worker = new Worker(new URL('./udp-sender.worker.mjs', import.meta.url), { workerData: { host, port } });
    return new Promise((resolve, reject) => {
      let sender: UdpSender | undefined;
      worker.on('message', (m: FromThread) => {
        if (m.type === 'bound') {
          sender = new UdpSender(worker, m.port);
          resolve(sender);
        } else if (m.type === 'in')
          onStray(Buffer.from(m.data.buffer, m.data.byteOffset, m.data.byteLength), m.address, m.port);
        else if (m.type === 'errors' && sender) sender.sendErrors += m.count;
      });
      worker.on('error', (err) => {
        if (sender) sender.alive = false;
        reject(err);
      });
      worker.on('exit', (code) => {
        if (sender) sender.alive = false;
        reject(new Error(`UDP sender thread exited (${code})`));
      });
    });
  }

  /** Queues one datagram for the next batch. */
  send(data: Uint8Array, host: string, port: number): void {
    if (this.closed) throw new Error('UDP sender closed');
    this.chunks.push(data);
    this.hosts.push(host);
    this.ports.push(port);
    this.bytes += data.byteLength;
    if (!this.scheduled) {
      this.scheduled = true;
      // Right after this turn, unless a batch went less than BATCH_MS ago: then at BATCH_MS after it. Each message
      // to the thread costs a cross-thread wake-up; under load this caps them at one per BATCH_MS.
      const wait = this.lastFlush + BATCH_MS - performance.now();
      if (wait <= 0) setImmediate(this.flushNow);
      else setTimeout(this.flushNow, wait);
    }
  }

  private readonly flushNow = (): void => this.flush();

  private flush(): void {
    this.scheduled = false;
    this.lastFlush = performance.now();
    const n = this.chunks.length;
    if (n === 0) return;
    // One buffer of its own, transferred (nothing to serialize): per datagram a header of port (2 octets), host
    // length (1) and host, then length (2) and the datagram. The messages' own buffers are slices of Node's pool.
    let size = this.bytes;
    for (const h of this.hosts) size += 5 + h.length;
    const out = Buffer.allocUnsafeSlow(size);
    let at = 0;
    for (let i = 0; i < n; i++) {
      const host = this.hosts[i] as string;
      const data = this.chunks[i] as Uint8Array;
      at = out.writeUInt16BE(this.ports[i] as number, at);
      at = out.writeUInt8(host.length, at);
      at += out.write(host, at, 'latin1');
      at = out.writeUInt16BE(data.byteLength, at);
      out.set(data, at);
      at += data.byteLength;
    }
    this.worker.postMessage(out.buffer, [out.buffer]);
    this.chunks = [];
    this.hosts = [];
    this.ports = [];
    this.bytes = 0;
  }

  /** Sends what is queued, then closes the thread's socket and ends the thread. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.flush();
    this.closed = true;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.postMessage({ type: 'close' });
    const timer = new Promise<void>((resolve) => setTimeout(resolve, 1000).unref());
    await Promise.race([exited, timer]);
    await this.worker.terminate();
  }
}
