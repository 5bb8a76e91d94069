import {
  type ClientTransaction,
  type ClientTransactionUser,
  type Destination,
  type Flow,
  type ServerTransaction,
  type SipLogger,
  type SipRequest,
  type SipResponse,
  StreamTransport,
  type TlsFiles,
  TransactionLayer,
  TransportLayer,
  TransportProtocol,
  UdpTransport,
  WsTransport,
} from '@hujiao/sip';

export type RequestHandler = (request: SipRequest, tx: ServerTransaction | null, flow: Flow) => void;

export interface SipStackOptions {
  bindAddress: string;
  advertisedAddress: string;
  port: number;
  wsPort?: number;
  /** SIP over secure WebSocket (browsers on https pages), with its certificate. */
  wss?: { port: number; tls: TlsFiles };
  logger: SipLogger;
  t1Ms?: number;
  onRequest: RequestHandler;
  /** Return false to drop a request before any transaction exists (banned sources). */
  accept?: (flow: Flow) => boolean;
  /** A phone's connection closed (TCP, TLS, WebSocket). */
  onFlowClosed?: (flow: Flow) => void;
}

function flowKey(protocol: string, host: string, port: number): string {
  return `${protocol}|${host}|${port}`;
}

/**
 * Transport + transaction layers wired together (RFC 3261 §17, §18) for UDP, TCP and optionally WS. Requests to a
 * phone go back over the flow it last used (RFC 5626 spirit, no Path): the connection for TCP/WS, the same socket
 * and the received/rport address for UDP.
 */
export class SipStack {
  readonly transport: TransportLayer;
  readonly transactions: TransactionLayer;
  private readonly flows = new Map<string, Flow>();

  private constructor(private readonly options: SipStackOptions) {
    let transactions: TransactionLayer | null = null;
    this.transport = new TransportLayer({
      logger: options.logger,
      onRequest: (req, flow) => {
        if (options.accept && !options.accept(flow)) return;
        if (flow.connectionId) this.flows.set(flowKey(flow.protocol, flow.remoteAddress, flow.remotePort), flow);
        transactions?.receiveRequest(req, flow);
      },
      onResponse: (res, flow) => transactions?.receiveResponse(res, flow),
      onFlowClosed: (flow) => {
        const key = flowKey(flow.protocol, flow.remoteAddress, flow.remotePort);
        if (this.flows.get(key)?.connectionId === flow.connectionId) this.flows.delete(key);
        options.onFlowClosed?.(flow);
      },
    });
    transactions = new TransactionLayer({
      sendRequest: (req, dest) => this.send(req, dest),
      sendResponse: (res, flow) => this.transport.sendResponse(res, flow),
      onRequest: (req, tx, flow) => {
        try {
          options.onRequest(req, tx, flow);
        } catch (err) {
          options.logger.error({ err: String(err), method: req.method }, 'request handler failed');
        }
      },
      createVia: (dest, branch) => this.transport.createVia(dest.protocol, branch),
      ...(options.t1Ms ? { timers: { t1: options.t1Ms, t2: Math.max(options.t1Ms * 8, 4000), t4: 5000 } } : {}),
    });
    this.transactions = transactions;
  }

  static async start(options: SipStackOptions): Promise<SipStack> {
    const stack = new SipStack(options);
    const common = { host: options.bindAddress, port: options.port, advertisedHost: options.advertisedAddress };
    await stack.transport.add(new UdpTransport(common));
    await stack.transport.add(new StreamTransport(common));
    if (options.wsPort !== undefined) {
      await stack.transport.add(new WsTransport({ ...common, port: options.wsPort }));
    }
    if (options.wss) {
      await stack.transport.add(new WsTransport({ ...common, port: options.wss.port, tls: options.wss.tls }));
    }
    return stack;
  }

  private send(request: SipRequest, dest: Destination): Promise<void> {
    const flow = this.flows.get(flowKey(dest.protocol, dest.host, dest.port));
    if (flow) return this.transport.sendRequestOnFlow(request, flow);
    return this.transport.sendRequest(request, dest);
  }

  /** The port a transport listens on. */
  port(protocol: TransportProtocol): number {
    return this.transport.transport(protocol)?.localPort ?? 0;
  }

  /** Contact URI for messages leaving over `protocol`. */
  contactUri(protocol: TransportProtocol): string {
    const t = this.transport.transport(protocol) ?? this.transport.transport(TransportProtocol.Udp);
    const host = this.options.advertisedAddress;
    const port = t?.advertisedPort ?? this.options.port;
    const param = protocol === TransportProtocol.Udp ? '' : `;transport=${protocol.toLowerCase()}`;
    return `sip:hujiao@${host}:${port}${param}`;
  }

  /** Starts a client transaction towards a phone's flow. */
  /** Whether a flow can still carry requests: a connection's until it closes; UDP always. */
  isOpen(flow: Flow): boolean {
    if (!flow.connectionId) return true;
    return (
      this.flows.get(flowKey(flow.protocol, flow.remoteAddress, flow.remotePort))?.connectionId === flow.connectionId
    );
  }

  request(request: SipRequest, flow: Flow, user: ClientTransactionUser): ClientTransaction | null {
    try {
      return this.transactions.sendRequest(request, destinationOf(flow), user);
    } catch (err) {
      this.options.logger.warn({ err: String(err), method: request.method }, 'cannot send request');
      queueMicrotask(() => user.onTransportError?.(err instanceof Error ? err : new Error(String(err))));
      return null;
    }
  }

  /** Sends the ACK for a 2xx (RFC 3261 §13.2.2.4) over the phone's flow. */
  ack(ack: SipRequest, flow: Flow): void {
    this.transactions.sendAck(ack, destinationOf(flow)).catch(() => {});
  }

  respondStateless(response: SipResponse, flow: Flow): void {
    this.transport.sendResponse(response, flow).catch(() => {});
  }

  async close(): Promise<void> {
    this.transactions.close();
    await this.transport.close();
  }
}

export function destinationOf(flow: Flow): Destination {
  return { protocol: flow.protocol, host: flow.remoteAddress, port: flow.remotePort };
}
