import { Worker } from 'node:worker_threads';

type FromThread =
  | { type: 'bound'; port: number }
  | { type: 'in'; data: Uint8Array; address: string; port: number }
  | { type: 'errors'; count: number };

/**
 * Sends the UDP transport's datagrams from a thread of its own. On this kind of machine a loopback or LAN `sendmsg`
 * costs tens of microseconds of kernel time (the receiver's wake-up is delivered in the sender's system call): at
 * seven datagrams per call that was a fifth of the switch's main thread. The datagrams of one event-loop turn go to
 * the thread in one message (one buffer, transferred), and it sends them from a socket bound to the same address
 * and port (see udp-sender.worker.mjs), so peers see the usual source port (RFC 3261 §18.2.2, RFC 3581).
 */
export class UdpSender {
  private readonly worker: Worker;
  private chunks: Uint8Array[] = [];
  private hosts: string[] = [];
  private ports: number[] = [];
  private bytes = 0;
  private scheduled = false;
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

  /** Queues one datagram; the queue goes to the thread after this event-loop turn. */
  send(data: Uint8Array, host: string, port: number): void {
    if (this.closed) throw new Error('UDP sender closed');
    this.chunks.push(data);
    this.hosts.push(host);
    this.ports.push(port);
    this.bytes += data.byteLength;
    if (!this.scheduled) {
      this.scheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private flush(): void {
    this.scheduled = false;
    if (this.chunks.length === 0) return;
    // One buffer of its own (transferred, not copied again); the messages' own buffers are slices of Node's pool.
    const data = new Uint8Array(this.bytes);
    const lengths = new Array<number>(this.chunks.length);
    let offset = 0;
    for (let i = 0; i < this.chunks.length; i++) {
      const c = this.chunks[i] as Uint8Array;
      data.set(c, offset);
      lengths[i] = c.byteLength;
      offset += c.byteLength;
    }
    this.worker.postMessage({ data: data.buffer, lengths, ports: this.ports, hosts: this.hosts }, [data.buffer]);
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
