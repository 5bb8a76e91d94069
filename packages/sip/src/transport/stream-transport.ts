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
  /** Not closed for idling before this time (epoch ms): a registration binding rides on it. */
  heldUntil: number;
  /** Armed while a message is begun and not complete. */
  stallTimer: ReturnType<typeof setTimeout> | null;
  /** Takes it out of the table (idempotent). */
  remove: () => void;
}

export interface StreamTransportOptions extends TransportOptions {
  tls?: TlsFiles;
  /**
   * A connection with no traffic either way (CRLF keep-alives count, RFC 5626 §4.4.1) for this long is closed,
   * unless held open (holdOpen: a registration rides on it). Default 10 minutes; 0 never.
   */
  idleTimeoutMs?: number;
  /** A message begun and not complete after this long closes the connection (default 64*T1 = 32 s; 0 never). */
  messageTimeoutMs?: number;
  /** Largest header section accepted (default 64 KiB; larger gets 513 and the connection closes). */
  maxHeaderBytes?: number;
}

const DEFAULT_IDLE_MS = 600_000;
const DEFAULT_MESSAGE_MS = 32_000;
/** After a close of our own (end), how long the peer has to close its side before the socket is destroyed. */
const LINGER_MS = 2000;

let nextId = 0;

/**
 * SIP over TCP, or TLS when certificate files are given (RFC 3261 §18, §26.2.1). Connections, inbound or
 * outbound, are kept and reused for requests and responses in both directions (RFC 3261 §18.2.2, RFC 5923 spirit),
 * until they idle (without a registration on them) or stall inside a message; a header section over the limit
 * is answered with 513 when it can be (RFC 3261 §18.3, §21.5.9) and closes the connection.
 */
export class StreamTransport implements Transport {
  readonly protocol: typeof TransportProtocol.Tcp | typeof TransportProtocol.Tls;
  private server: Server | null = null;
  private sink: TransportSink | null = null;
  private readonly connections = new ConnectionTable<Connection>();
  /** Connections we ended, waiting for the peer's side to close. */
  private readonly closing = new Set<Socket>();
  private readonly tls: { key: Buffer; cert: Buffer; ca?: Buffer; rejectUnauthorized: boolean } | null;
  localAddress = '';
  localPort = 0;

  private readonly idleMs: number;
  private readonly messageMs: number;

  constructor(private readonly options: StreamTransportOptions = {}) {
    this.idleMs = options.idleTimeoutMs ?? DEFAULT_IDLE_MS;
    this.messageMs = options.messageTimeoutMs ?? DEFAULT_MESSAGE_MS;
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
    const conn: Connection = { id, socket, flow, heldUntil: 0, stallTimer: null, remove: () => {} };
    conn.remove = this.connections.add(conn, flow.remoteAddress, flow.remotePort);
    const framer = new StreamFramer(this.options.maxHeaderBytes);
    socket.setNoDelay(true);
    // Node's socket timeout restarts on every read and write: exactly "no traffic either way".
    // (socket.setTimeout's callback is a once-listener: a held connection re-arms the timer, so listen with on.)
    if (this.idleMs > 0) {
      socket.on('timeout', () => this.onIdle(conn));
      socket.setTimeout(this.idleMs);
    }
    socket.on('data', (chunk: Buffer) => {
      let completed = false;
      for (const item of framer.push(chunk)) {
        if (item.kind === 'message') {
          completed = true;
          this.sink?.onMessage(item.data, flow);
        } else if (item.kind === 'ping')
          socket.write('\r\n'); // RFC 5626 §4.4.1 pong
        else {
          this.clearStall(conn);
          this.sink?.onMalformed(flow, item.reason, item.tooLarge?.head);
          // A response (513) may just have been written: let it leave before the connection goes.
          if (item.tooLarge) this.closeGracefully(conn);
          else socket.destroy();
          return;
        }
      }
      this.trackStall(conn, framer.pending > 0, completed);
    });
    socket.on('error', () => socket.destroy());
    socket.on('close', () => {
      this.clearStall(conn);
      conn.remove();
      this.sink?.onFlowClosed?.(flow);
    });
    return conn;
  }

  /** A message begun: the clock runs from its first byte; a completed one stops it (a next one restarts it). */
  private trackStall(conn: Connection, pending: boolean, completed: boolean): void {
    if (this.messageMs <= 0) return;
    if (!pending || completed) this.clearStall(conn);
    if (!pending || conn.stallTimer) return;
    conn.stallTimer = setTimeout(() => {
      conn.stallTimer = null;
      this.sink?.onConnectionTimeout?.(conn.flow, 'stalled', this.messageMs);
      conn.socket.destroy();
    }, this.messageMs);
    conn.stallTimer.unref?.();
  }

  private clearStall(conn: Connection): void {
    if (conn.stallTimer) clearTimeout(conn.stallTimer);
    conn.stallTimer = null;
  }

  private onIdle(conn: Connection): void {
    // Held by a registration, or a message is on its way (the stall timer decides then): look again later.
    if (Date.now() < conn.heldUntil || conn.stallTimer) {
      conn.socket.setTimeout(this.idleMs);
      return;
    }
    this.sink?.onConnectionTimeout?.(conn.flow, 'idle', this.idleMs);
    this.closeGracefully(conn);
  }

  /** Sends FIN after what is queued, takes the connection out of use, destroys it if the peer does not close. */
  private closeGracefully(conn: Connection): void {
    const socket = conn.socket;
    conn.remove();
    this.closing.add(socket);
    socket.once('close', () => this.closing.delete(socket));
    socket.setTimeout(0);
    socket.end();
    setTimeout(() => socket.destroy(), LINGER_MS).unref?.();
  }

  holdOpen(connectionId: string, untilMs: number): void {
    const conn = this.connections.get(connectionId);
    if (conn) conn.heldUntil = Math.max(conn.heldUntil, untilMs);
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
    for (const socket of this.closing) socket.destroy();
    this.closing.clear();
    const server = this.server;
    this.server = null;
    return new Promise((resolve) => (server ? server.close(() => resolve()) : resolve()));
  }
}
