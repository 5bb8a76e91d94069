import { readFileSync } from 'node:fs';
import { createServer as createNetServer, connect as netConnect, type Server, type Socket } from 'node:net';
import { createServer as createTlsServer, connect as tlsConnect } from 'node:tls';
import { ConnectionTable } from './connection-table.ts';
import { StreamFramer } from './stream-framer.ts';
import type { TlsFiles, Transport, TransportOptions, TransportSink } from './transport.ts';
import { type Flow, TransportProtocol } from './types.ts';

interface Connection {
  id: string;
  socket: Socket;
  flow: Flow;
}

let nextId = 0;

/**
 * SIP over TCP, or TLS when certificate files are given (RFC 3261 §18, §26.2.1). Connections, inbound or
 * outbound, are kept and reused for requests and responses in both directions (RFC 3261 §18.2.2, RFC 5923 spirit).
 */
export class StreamTransport implements Transport {
  readonly protocol: typeof TransportProtocol.Tcp | typeof TransportProtocol.Tls;
  private server: Server | null = null;
  private sink: TransportSink | null = null;
  private readonly connections = new ConnectionTable<Connection>();
  private readonly tls: { key: Buffer; cert: Buffer; ca?: Buffer; rejectUnauthorized: boolean } | null;
  localAddress = '';
  localPort = 0;

  constructor(private readonly options: TransportOptions & { tls?: TlsFiles; idleTimeoutMs?: number } = {}) {
    const files = options.tls;
    this.protocol = files ? TransportProtocol.Tls : TransportProtocol.Tcp;
    this.tls = files
      ? {
          key: readFileSync(files.keyFile),
          cert: readFileSync(files.certFile),
          ...(files.caFile ? { ca: readFileSync(files.caFile) } : {}),
          rejectUnauthorized: files.rejectUnauthorized ?? true,
        }
      : null;
  }

  get advertisedHost(): string {
    return this.options.advertisedHost ?? this.localAddress;
  }

  get advertisedPort(): number {
    return this.options.advertisedPort ?? this.localPort;
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  listen(sink: TransportSink): Promise<void> {
    this.sink = sink;
    const onSocket = (socket: Socket): void => {
      this.adopt(socket);
    };
    const server = this.tls
      ? createTlsServer({ key: this.tls.key, cert: this.tls.cert }, onSocket)
      : createNetServer(onSocket);
    this.server = server;
    return new Promise((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.options.port ?? (this.tls ? 5061 : 5060), this.options.host ?? '0.0.0.0', () => {
        server.off('error', reject);
        const addr = server.address();
        if (addr && typeof addr === 'object') {
          this.localAddress = addr.address;
          this.localPort = addr.port;
        }
        resolve();
      });
    });
  }

  private adopt(socket: Socket): Connection {
    const id = `${this.protocol.toLowerCase()}-${++nextId}`;
    const flow: Flow = {
      protocol: this.protocol,
      localAddress: this.localAddress,
      localPort: this.localPort,
      remoteAddress: socket.remoteAddress ?? '',
      remotePort: socket.remotePort ?? 0,
      connectionId: id,
    };
    const conn: Connection = { id, socket, flow };
    const remove = this.connections.add(conn, flow.remoteAddress, flow.remotePort);
    const framer = new StreamFramer();
    socket.setNoDelay(true);
    if (this.options.idleTimeoutMs) socket.setTimeout(this.options.idleTimeoutMs, () => socket.destroy());
    socket.on('data', (chunk: Buffer) => {
      for (const item of framer.push(chunk)) {
        if (item.kind === 'message') this.sink?.onMessage(item.data, flow);
        else if (item.kind === 'ping')
          socket.write('\r\n'); // RFC 5626 §4.4.1 pong
        else {
          this.sink?.onMalformed(flow, item.reason);
          socket.destroy();
        }
      }
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      remove();
      this.sink?.onFlowClosed?.(flow);
    });
    return conn;
  }

  hasConnection(connectionId: string): boolean {
    return this.connections.has(connectionId);
  }

  async send(data: Buffer, host: string, port: number, connectionId?: string): Promise<void> {
    const target = host.startsWith('[') ? host.slice(1, -1) : host;
    const conn = this.connections.find(connectionId, target, port) ?? (await this.connect(target, port));
    const socket = conn.socket;
    await new Promise<void>((resolve, reject) => {
      socket.write(data, (err) => (err ? reject(err) : resolve()));
    });
  }

  private connect(host: string, port: number): Promise<Connection> {
    return new Promise((resolve, reject) => {
      const socket = this.tls
        ? tlsConnect({
            host,
            port,
            ...(this.tls.ca ? { ca: this.tls.ca } : {}),
            rejectUnauthorized: this.tls.rejectUnauthorized,
          })
        : netConnect({ host, port });
      const ready = (): void => {
        socket.off('error', reject);
        resolve(this.adopt(socket));
      };
      socket.once('error', reject);
      socket.once(this.tls ? 'secureConnect' : 'connect', ready);
    });
  }

  close(): Promise<void> {
    for (const conn of this.connections.drain()) conn.socket.destroy();
    const server = this.server;
    this.server = null;
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}
