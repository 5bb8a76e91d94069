/** RFC 3264 §5.1 / RFC 4566 §6 direction attributes. */
export const SdpDirection = {
  SENDRECV: 'sendrecv',
  SENDONLY: 'sendonly',
  RECVONLY: 'recvonly',
  INACTIVE: 'inactive',
} as const;
export type SdpDirection = (typeof SdpDirection)[keyof typeof SdpDirection];

export function isSdpDirection(value: string): value is SdpDirection {
  return value === 'sendrecv' || value === 'sendonly' || value === 'recvonly' || value === 'inactive';
}

/** o=<username> <sess-id> <sess-version> <nettype> <addrtype> <unicast-address>, RFC 4566 §5.2. */
export interface SdpOrigin {
  username: string;
  /** Kept as decimal strings: they may exceed 2^53. */
  sessionId: string;
  sessionVersion: string;
  netType: string;
  addrType: string;
  address: string;
}

/** c=<nettype> <addrtype> <connection-address>, RFC 4566 §5.7. */
export interface SdpConnection {
  netType: string;
  addrType: string;
  address: string;
}

/** a=rtpmap:<payload type> <encoding name>/<clock rate>[/<encoding parameters>], RFC 4566 §6. */
export interface SdpRtpMap {
  payloadType: number;
  encodingName: string;
  clockRate: number;
  channels?: number;
}

/** a=rtcp:<port> [<nettype> <addrtype> <connection-address>], RFC 3605 §2.1. */
export interface SdpRtcpAttribute {
  port: number;
  connection?: SdpConnection;
}

/** Any attribute this package does not model, kept in order: a=<name>[:<value>]. */
export interface SdpAttribute {
  name: string;
  value?: string;
}

/** A line this package does not model (i=, u=, e=, p=, b=, r=, z=, k=), kept in order. */
export interface SdpLine {
  type: string;
  value: string;
}
