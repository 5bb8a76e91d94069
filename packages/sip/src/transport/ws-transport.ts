import { readFileSync } from 'node:fs';
import { createServer as createHttpServer, type Server as HttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { type RawData, WebSocket, WebSocketServer } from 'ws';
import { ConnectionTable } from './connection-table.ts';
import type { TlsFiles, Transport, TransportOptions, TransportSink } from './transport.ts';
import { type Flow, TransportProtocol } from './types.ts';

/** The WebSocket subprotocol for SIP (RFC 7118 §4.1). */
export const SIP_WS_SUBPROTOCOL = 'sip';

interface Connection {
  id: string;
  ws: WebSocket;
  flow: Flow;
}

let nextId = 0;

function toBuffer(data: RawData): Buffer {
  if (Buffer.isBuffer(data)) return data;
  if (Array.isArray(data)) return Buffer.concat(data);
  return Buffer.from(data);
}

/**
 * SIP over WebSocket (RFC 7118), WSS when certificate files are given. Each WebSocket message carries one
 * SIP message (§5.2); the handshake must select the `sip` subprotocol, otherwise the connection is closed.
 */
export class WsTransport implements Transport {
  readonly protocol: typeof TransportProtocol.Ws | typeof TransportProtocol.Wss;
  private http: HttpServer | null = null;
  private wss: WebSocketServer | null = null;
  private sink: TransportSink | null = null;
  private readonly connections = new ConnectionTable<Connection>();
  localAddress = '';
  localPort = 0;

  constructor(private readonly options: TransportOptions & { tls?: TlsFiles; path?: string } = {}) {
    this.protocol = options.tls ? TransportProtocol.Wss : TransportProtocol.Ws;
  }

  get advertisedHost(): string {
    return this.options.advertisedHost ?? this.localAddress;
  }

  get advertisedPort(): number {
    return this.options.advertisedPort ?? this.localPort;
  }

  listen(sink: TransportSink): Promise<void> {
    this.sink = sink;
    const tls = this.options.tls;
    const http = tls
      ? createHttpsServer({ key: readFileSync(tls.keyFile), cert: readFileSync(tls.certFile) })
      : createHttpServer();
    this.http = http;
    const wss = new WebSocketServer({
      server: http,
      ...(this.options.path ? { path: this.options.path } : {}),
      handleProtocols: (protocols) => (protocols.has(SIP_WS_SUBPROTOCOL) ? SIP_WS_SUBPROTOCOL : false),
    });
    this.wss = wss;
    wss.on('connection', (ws, req) => {
      if (ws.protocol !== SIP_WS_SUBPROTOCOL) {
        ws.close(1002, 'sip subprotocol required');
        return;
      }
      this.adopt(ws, req.socket.remoteAddress ?? '', req.socket.remotePort ?? 0);
    });
    return new Promise((resolve, reject) => {
      http.once('error', reject);
      http.listen(this.options.port ?? (tls ? 443 : 80), this.options.host ?? '0.0.0.0', () => {
        http.off('error', reject);
        const addr = http.address();
        if (addr && typeof addr === 'object') {
          this.localAddress = addr.address;
          this.localPort = addr.port;
        }
        resolve();
      });
    });
  }

  private adopt(ws: WebSocket, remoteAddress: string, remotePort: number): Connection {
    const id = `${this.protocol.toLowerCase()}-${++nextId}`;
    const flow: Flow = {
      protocol: this.protocol,
      localAddress: this.localAddress,
      localPort: this.localPort,
      remoteAddress,
      remotePort,
      connectionId: id,
    };
    const conn: Connection = { id, ws, flow };
    const remove = this.connections.add(conn, remoteAddress, remotePort);
    ws.on('message', (data) => this.sink?.onMessage(toBuffer(data), flow));
    ws.on('error', () => ws.terminate());
    ws.on('close', () => {
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
    const conn = this.connections.find(connectionId, target, port) ?? (await this.connect(host, port));
    const ws = conn.ws;
    await new Promise<void>((resolve, reject) => {
      ws.send(data, { binary: false }, (err) => (err ? reject(err) : resolve()));
    });
  }

  /** Connects out to a SIP WebSocket server (e.g. another proxy). */
  private connect(host: string, port: number): Promise<Connection> {
    const scheme = this.protocol === TransportProtocol.Wss ? 'wss' : 'ws';
    const ws = new WebSocket(`${scheme}://${host}:${port}${this.options.path ?? '/'}`, SIP_WS_SUBPROTOCOL, {
      rejectUnauthorized: this.options.tls?.rejectUnauthorized ?? true,
    });
    return new Promise((resolve, reject) => {
      ws.once('error', reject);
      ws.once('open', () => {
        ws.off('error', reject);
        resolve(this.adopt(ws, host.startsWith('[') ? host.slice(1, -1) : host, port));
      });
    });
  }

  close(): Promise<void> {
    for (const conn of this.connections.drain()) conn.ws.terminate();
    this.wss?.close();
    const http = this.http;
    this.http = null;
    return new Promise((resolve) => (http ? http.close(() => resolve()) : resolve()));
  }
}
