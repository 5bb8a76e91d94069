import type { Flow, TransportProtocol } from './types.ts';

/** What a transport hands up: raw message bytes with their flow, or a framing failure. */
export interface TransportSink {
  onMessage(data: Buffer, flow: Flow): void;
  /**
   * A stream could not be framed; the transport closes the connection once this returns. `tooLargeHead` is what was
   * read of a header section (or of the head of a body) over the limit: answer it with 513 if it can be.
   */
  onMalformed(flow: Flow, reason: string, tooLargeHead?: Buffer): void;
  /** This side closed a connection that stayed idle, or that stalled inside a message. */
  onConnectionTimeout?(flow: Flow, kind: 'idle' | 'stalled', afterMs: number): void;
  /** A connection (TCP, TLS, WebSocket) closed: nothing can be sent on its flow any more. */
  onFlowClosed?(flow: Flow): void;
}

export interface TlsFiles {
  /** PEM private key file path. */
  keyFile: string;
  /** PEM certificate chain file path. */
  certFile: string;
  /** Optional CA bundle for verifying peers when we connect out. */
  caFile?: string;
  /** Verify server certificates on outgoing connections (default true). */
  rejectUnauthorized?: boolean;
}

export interface TransportOptions {
  /** Address to bind, default 0.0.0.0. */
  host?: string;
  /** Port to bind, 0 for an ephemeral port. */
  port?: number;
  /** Host (and port) to put in Via/Contact when bound to a wildcard or behind NAT. */
  advertisedHost?: string;
  advertisedPort?: number;
}

/** One listening transport (UDP, TCP, TLS, WS or WSS). */
export interface Transport {
  readonly protocol: TransportProtocol;
  /** Bound address and port (valid after listen). */
  readonly localAddress: string;
  readonly localPort: number;
  readonly advertisedHost: string;
  readonly advertisedPort: number;
  listen(sink: TransportSink): Promise<void>;
  /**
   * Sends one serialized message. Stream transports use `connectionId` when that connection is open,
   * else an open connection to host:port, else they connect (WS servers cannot connect out to browsers).
   */
  send(data: Buffer, host: string, port: number, connectionId?: string): Promise<void>;
  hasConnection(connectionId: string): boolean;
  /**
   * Keeps a connection open while idle at least until `untilMs` (epoch ms; a later time extends, an earlier one
   * does nothing), e.g. while a registration binding rides on it (requests to the phone go over it).
   * Connection-oriented transports only.
   */
  holdOpen?(connectionId: string, untilMs: number): void;
  close(): Promise<void>;
}
