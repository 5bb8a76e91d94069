import type { SipRequest, SipResponse } from '../message/message.ts';

export const TransportProtocol = {
  Udp: 'UDP',
  Tcp: 'TCP',
  Tls: 'TLS',
  Ws: 'WS',
  Wss: 'WSS',
} as const;
export type TransportProtocol = (typeof TransportProtocol)[keyof typeof TransportProtocol];

/** Reliable transports do not need retransmissions (RFC 3261 §17.1.1.2, §17.1.2.2). */
export function isReliable(protocol: TransportProtocol): boolean {
  return protocol !== TransportProtocol.Udp;
}

/** Where a message came from (or goes back to): RFC 5626 calls this a flow. */
export interface Flow {
  protocol: TransportProtocol;
  localAddress: string;
  localPort: number;
  remoteAddress: string;
  remotePort: number;
  /** Identifies the connection for TCP/TLS/WS/WSS so responses and requests can reuse it. */
  connectionId?: string;
}

export interface Destination {
  protocol: TransportProtocol;
  host: string;
  port: number;
}

/** The engine's one logger interface (packages/node-base): pino-compatible; inject a child logger. */
export { type Logger as SipLogger, silentLogger } from '@hujiao/node-base';

export type SipMessageEvent =
  | { kind: 'request'; message: SipRequest; flow: Flow }
  | { kind: 'response'; message: SipResponse; flow: Flow };
