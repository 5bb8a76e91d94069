import { createSocket, type Socket } from 'node:dgram';
import { isIP } from 'node:net';
import { ipLiteralLookup } from './ip-lookup.ts';
import type { Transport, TransportOptions, TransportSink } from './transport.ts';
import { type Flow, TransportProtocol } from './types.ts';

export interface UdpTransportOptions extends TransportOptions {
  /**
   * SO_RCVBUF asked for the socket (the kernel caps it at net.core.rmem_max). Default 4 MiB: bursts of calls
   * arriving while the event loop is busy would otherwise overflow the ~200 KiB default and be lost until the
   * senders retransmit. 0 keeps the system default.
   */
  receiveBufferBytes?: number;
}

const DEFAULT_RECEIVE_BUFFER = 4 * 1024 * 1024;

/** SIP over UDP (RFC 3261 §18): one message per datagram. */
export class UdpTransport implements Transport {
  readonly protocol = TransportProtocol.Udp;
  private socket: Socket | null = null;
  localAddress = '';
  localPort = 0;

  constructor(private readonly options: UdpTransportOptions = {}) {}

  get advertisedHost(): string {
    return this.options.advertisedHost ?? this.localAddress;
  }

  get advertisedPort(): number {
    return this.options.advertisedPort ?? this.localPort;
  }

  listen(sink: TransportSink): Promise<void> {
    const host = this.options.host ?? '0.0.0.0';
    const socket = createSocket({
      type: isIP(host) === 6 ? 'udp6' : 'udp4',
      reuseAddr: false,
      lookup: ipLiteralLookup,
    });
    this.socket = socket;
    socket.on('message', (data, rinfo) => {
      const flow: Flow = {
        protocol: this.protocol,
        localAddress: this.localAddress,
        localPort: this.localPort,
        remoteAddress: rinfo.address,
        remotePort: rinfo.port,
      };
      sink.onMessage(data, flow);
    });
    return new Promise((resolve, reject) => {
      socket.once('error', reject);
      socket.bind(this.options.port ?? 5060, host, () => {
        socket.off('error', reject);
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
    return new Promise((resolve, reject) => {
      socket.send(data, port, target, (err) => (err ? reject(err) : resolve()));
    });
  }

  hasConnection(): boolean {
    return false;
  }

  close(): Promise<void> {
    const socket = this.socket;
    this.socket = null;
    return new Promise((resolve) => (socket ? socket.close(() => resolve()) : resolve()));
  }
}
