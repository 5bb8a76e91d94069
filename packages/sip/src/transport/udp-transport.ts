import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { ipLiteralLookup } from '@hujiao/node-base';
import type { Transport, TransportOptions, TransportSink } from './transport.ts';
import { type Flow, TransportProtocol } from './types.ts';
import { UdpSendThread } from './udp-send-thread.ts';

export interface UdpTransportOptions extends TransportOptions {
  /**
   * SO_RCVBUF asked for the socket (the kernel caps it at net.core.rmem_max). Default 4 MiB: bursts of calls
   * arriving while the event loop is busy would otherwise overflow the ~200 KiB default and be lost until the
   * senders retransmit. 0 keeps the system default.
   */
  receiveBufferBytes?: number;
  /**
   * Send from a thread of its own (udp-send-thread.ts), Linux only. Default true on Linux; if the thread cannot start,
   * the transport sends from its own socket.
   */
  senderThread?: boolean;
}

const RESOLVED = Promise.resolve();

const DEFAULT_RECEIVE_BUFFER = 4 * 1024 * 1024;

/** SIP over UDP (RFC 3261 §18): one message per datagram. */
export class UdpTransport implements Transport {
  readonly protocol = TransportProtocol.Udp;
  private socket: Socket | null = null;
  private sender: UdpSendThread | null = null;
  localAddress = '';
  localPort = 0;

  constructor(private readonly options: UdpTransportOptions = {}) {}

  get advertisedHost(): string {
    return this.options.advertisedHost ?? this.localAddress;
  }

  get advertisedPort(): number {
    return this.options.advertisedPort ?? this.localPort;
  }

  async listen(sink: TransportSink): Promise<void> {
    const host = this.options.host ?? '0.0.0.0';
    const deliver = (data: Buffer, address: string, port: number): void => {
      const flow: Flow = {
        protocol: this.protocol,
        localAddress: this.localAddress,
        localPort: this.localPort,
        remoteAddress: address,
        remotePort: port,
      };
      sink.onMessage(data, flow);
    };
    let port = this.options.port ?? 5060;
    if (this.options.senderThread ?? process.platform === 'linux') {
      // First a plain bind, so that a port another process holds fails as it always did (EADDRINUSE): with
      // SO_REUSEADDR on both sides a second server could otherwise bind it too and take its traffic.
      port = await probePort(host, port);
      // The sending thread binds next: of two sockets on one port with SO_REUSEADDR, Linux delivers to the last bound.
      const thread = await UdpSendThread.start((_local, data, address, from) => deliver(data, address, from)).catch(
        () => null,
      );
      const bound = thread ? await thread.bind(host, port, true).catch(() => null) : null;
      if (thread && bound === null) await thread.close();
      else if (thread) this.sender = thread;
    }
    const socket = createSocket({
      type: isIP(host) === 6 ? 'udp6' : 'udp4',
      reuseAddr: this.sender !== null,
      lookup: ipLiteralLookup,
    });
    this.socket = socket;
    socket.on('message', (data, rinfo) => deliver(data, rinfo.address, rinfo.port));
    return new Promise((resolve, reject) => {
      socket.once('error', (err) => {
        void this.sender?.close();
        this.sender = null;
        reject(err);
      });
      socket.bind(port, host, () => {
        socket.removeAllListeners('error');
        socket.on('error', () => {});
        const wanted = this.options.receiveBufferBytes ?? DEFAULT_RECEIVE_BUFFER;
        if (wanted > 0) {
          try {
            if (socket.getRecvBufferSize() < wanted) socket.setRecvBufferSize(wanted);
          } catch {
            // Not allowed or not supported: keep the system default.
          }
        }
        const addr = socket.address();
        this.localAddress = addr.address;
        this.localPort = addr.port;
        resolve();
      });
    });
  }

  send(data: Buffer, host: string, port: number): Promise<void> {
    const socket = this.socket;
    if (!socket) return Promise.reject(new Error('UDP transport not listening'));
    const target = host.startsWith('[') ? host.slice(1, -1) : host;
    const sender = this.sender;
    if (sender?.alive && target.length < 256) {
      // A datagram dropped because the thread is behind is lost as on a full socket buffer: retransmission covers it.
      sender.send(this.localPort, data, target, port);
      return RESOLVED;
    }
    return new Promise((resolve, reject) => {
      socket.send(data, port, target, (err) => (err ? reject(err) : resolve()));
    });
  }

  hasConnection(): boolean {
    return false;
  }

  async close(): Promise<void> {
    const socket = this.socket;
    const sender = this.sender;
    this.socket = null;
    this.sender = null;
    await sender?.close();
    await new Promise<void>((resolve) => (socket ? socket.close(() => resolve()) : resolve()));
  }
}

/** Binds `port` (0: an ephemeral one) without SO_REUSEADDR and lets it go again; resolves to the port, rejects if it is taken. */
function probePort(host: string, port: number): Promise<number> {
  const probe = createSocket({ type: isIP(host) === 6 ? 'udp6' : 'udp4', reuseAddr: false });
  return new Promise((resolve, reject) => {
    probe.once('error', (err) => {
      probe.close();
      reject(err);
    });
    probe.bind(port, host, () => {
      const bound = probe.address().port;
      probe.close(() => resolve(bound));
    });
  });
}
