import { isRequest, type SipRequest, type SipResponse } from '../message/message.ts';
import { ParseErrorCode } from '../message/parse-error.ts';
import { parseMessage } from '../message/parser.ts';
import { createResponse } from '../message/response.ts';
import { serializeMessage } from '../message/serializer.ts';
import { createVia, defaultPort, type Via } from '../message/via.ts';
import type { Transport, TransportSink } from './transport.ts';
import { type Destination, type Flow, isReliable, type SipLogger, silentLogger, TransportProtocol } from './types.ts';

const DIGITS = /^\d+$/;

export interface TransportStats {
  received: number;
  sent: number;
  /** Messages that failed to parse or frame. */
  malformed: number;
  /** Malformed requests answered with 400 (or 505), too large ones with 513. */
  rejected: number;
  sendErrors: number;
  /** Connections closed by this side: idle, or stalled inside a message. */
  idleClosed: number;
  stalled: number;
}

export interface TransportLayerOptions {
  logger?: SipLogger;
  onRequest(request: SipRequest, flow: Flow): void;
  onResponse(response: SipResponse, flow: Flow): void;
  onFlowClosed?(flow: Flow): void;
}

/**
 * The transport layer (RFC 3261 §18): owns the transports, parses and stamps incoming messages
 * (received/rport, §18.2.1 and RFC 3581), routes responses (§18.2.2) and answers malformed requests.
 */
export class TransportLayer implements TransportSink {
  readonly stats: TransportStats = {
    received: 0,
    sent: 0,
    malformed: 0,
    rejected: 0,
    sendErrors: 0,
    idleClosed: 0,
    stalled: 0,
  };
  private readonly transports: Transport[] = [];
  private readonly logger: SipLogger;

  constructor(private readonly options: TransportLayerOptions) {
    this.logger = options.logger ?? silentLogger;
  }

  async add(transport: Transport): Promise<void> {
    await transport.listen(this);
    this.transports.push(transport);
  }

  transport(protocol: TransportProtocol): Transport | undefined {
    return this.transports.find((t) => t.protocol === protocol);
  }

  /** A Via for a request sent over `protocol`, with rport (RFC 3581 §3). */
  createVia(protocol: TransportProtocol, branch: string): Via {
    const t = this.transport(protocol);
    if (!t) throw new Error(`no ${protocol} transport`);
    const host = t.advertisedHost.includes(':') ? `[${t.advertisedHost}]` : t.advertisedHost;
    return createVia(protocol, host, t.advertisedPort, branch);
  }

  onFlowClosed(flow: Flow): void {
    this.options.onFlowClosed?.(flow);
  }

  onMalformed(flow: Flow, reason: string, tooLargeHead?: Buffer): void {
    this.stats.malformed++;
    if (!tooLargeHead) {
      this.logger.debug({ flow, reason }, 'malformed SIP stream, connection closed');
      return;
    }
    const request = requestOfHead(tooLargeHead);
    const answered = request !== null && request.method !== 'ACK' && canAnswer(request);
    this.logger.warn(
      { flow, reason, method: request?.method, callId: request?.callId },
      answered ? 'SIP message too large: 513 sent, connection closed' : 'SIP message too large, connection closed',
    );
    if (!answered) return;
    this.stamp(request, flow);
    this.stats.rejected++;
    // RFC 3261 §18.3 / §21.5.9; on a stream the response is written before the transport closes the connection.
    this.sendResponse(createResponse(request, 513), flow).catch(() => {});
  }

  onConnectionTimeout(flow: Flow, kind: 'idle' | 'stalled', afterMs: number): void {
    if (kind === 'idle') {
      this.stats.idleClosed++;
      this.logger.debug({ flow, afterMs }, 'idle SIP connection closed');
    } else {
      this.stats.stalled++;
      this.logger.warn({ flow, afterMs }, 'SIP message incomplete for too long, connection closed');
    }
  }

  /** Keeps a flow's connection open while idle at least until `untilMs` (a registration rides on it). */
  holdOpen(flow: Flow, untilMs: number): void {
    if (flow.connectionId) this.transport(flow.protocol)?.holdOpen?.(flow.connectionId, untilMs);
  }

  onMessage(data: Buffer, flow: Flow): void {
    this.stats.received++;
    if (isKeepAlive(data)) return;
    const framing =
      flow.protocol === TransportProtocol.Tcp || flow.protocol === TransportProtocol.Tls ? 'stream' : 'datagram';
    const result = parseMessage(data, { framing });
    if (!result.ok) {
      this.stats.malformed++;
      const { code, message, partial } = result.error;
      this.logger.debug({ flow, code, reason: message }, 'malformed SIP message');
      if (partial && isRequest(partial) && partial.method !== 'ACK' && canAnswer(partial)) {
        this.stamp(partial, flow);
        const status = code === ParseErrorCode.VersionNotSupported ? 505 : 400;
        this.stats.rejected++;
        this.sendResponse(
          createResponse(partial, status, {
            reason: status === 400 ? `Bad Request (${message})`.slice(0, 120) : 'Version Not Supported',
          }),
          flow,
        ).catch(() => {});
      }
      return;
    }
    const msg = result.message;
    if (isRequest(msg)) {
      this.stamp(msg, flow);
      this.options.onRequest(msg, flow);
    } else {
      this.options.onResponse(msg, flow);
    }
  }

  /** §18.2.1: add received when sent-by differs from the source; RFC 3581 §4: fill rport and always add received. */
  private stamp(request: SipRequest, flow: Flow): void {
    const via = request.topVia;
    if (!via) return;
    const rport = via.params.has('rport');
    const host = via.host.startsWith('[') ? via.host.slice(1, -1) : via.host;
    if (!rport && host === flow.remoteAddress) return;
    via.params.set('received', flow.remoteAddress);
    if (rport) via.params.set('rport', String(flow.remotePort));
    request.setTopVia(via);
  }

  async sendRequest(request: SipRequest, destination: Destination): Promise<void> {
    const t = this.transport(destination.protocol);
    if (!t) throw new Error(`no ${destination.protocol} transport`);
    await this.write(t, serializeMessage(request), destination.host, destination.port);
  }

  /** Sends a request over an existing flow (e.g. to a registered contact behind NAT, RFC 5626). */
  async sendRequestOnFlow(request: SipRequest, flow: Flow): Promise<void> {
    const t = this.transport(flow.protocol);
    if (!t) throw new Error(`no ${flow.protocol} transport`);
    await this.write(t, serializeMessage(request), flow.remoteAddress, flow.remotePort, flow.connectionId);
  }

  /**
   * Response routing (RFC 3261 §18.2.2, RFC 3581 §4): reliable transports reuse the request's connection
   * while it is open; otherwise maddr, then received (+ rport), then sent-by.
   */
  async sendResponse(response: SipResponse, flow: Flow): Promise<void> {
    const t = this.transport(flow.protocol);
    if (!t) throw new Error(`no ${flow.protocol} transport`);
    const data = serializeMessage(response);
    if (isReliable(flow.protocol) && flow.connectionId && t.hasConnection(flow.connectionId)) {
      await this.write(t, data, flow.remoteAddress, flow.remotePort, flow.connectionId);
      return;
    }
    const via = response.topVia;
    if (!via) throw new Error('response has no Via');
    const sentByPort = via.port ?? defaultPort(via.transport);
    const maddr = via.params.get('maddr');
    const received = via.params.get('received');
    const rport = via.params.get('rport');
    if (maddr) await this.write(t, data, maddr, sentByPort);
    else if (received) {
      const port = rport && DIGITS.test(rport) ? Number(rport) : sentByPort;
      await this.write(t, data, received, port);
    } else await this.write(t, data, via.host, sentByPort);
  }

  private async write(t: Transport, data: Buffer, host: string, port: number, connectionId?: string): Promise<void> {
    try {
      await t.send(data, host, port, connectionId);
      this.stats.sent++;
    } catch (e) {
      this.stats.sendErrors++;
      this.logger.debug({ host, port, protocol: t.protocol, err: (e as Error).message }, 'SIP send failed');
      throw e;
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.transports.map((t) => t.close()));
    this.transports.length = 0;
  }
}

/** The request whose header section began with `head` (cut short): its complete lines, as far as they parse. */
function requestOfHead(head: Buffer): SipRequest | null {
  const lastLine = head.lastIndexOf('\r\n');
  if (lastLine <= 0) return null;
  const whole = head.subarray(0, lastLine + 2);
  const text = whole.subarray(-4).equals(CRLFCRLF) ? whole : Buffer.concat([whole, CRLF]);
  const result = parseMessage(text, { framing: 'datagram' });
  const message = result.ok ? result.message : result.error.partial;
  return message && isRequest(message) ? message : null;
}

const CRLF = Buffer.from('\r\n');
const CRLFCRLF = Buffer.from('\r\n\r\n');

function isKeepAlive(data: Buffer): boolean {
  for (const b of data) if (b !== 13 && b !== 10 && b !== 32 && b !== 9) return false;
  return true;
}

/** The essentials needed to build and route a response (RFC 3261 §8.2.6.1). */
function canAnswer(request: SipRequest): boolean {
  return (
    request.topVia !== null && request.has('from') && request.has('to') && request.has('call-id') && request.has('cseq')
  );
}
