/** SIP trunks (中继): how the switch reaches carriers and is reached by them (ADR 0009). */

export type TrunkKind = 'register' | 'ip';
export type TrunkCodec = 'PCMA' | 'PCMU';

export interface TrunkInfo {
  id: string;
  tenantId: string;
  name: string;
  /** 'register': we REGISTER to host:port with digest; 'ip': the carrier knows us by address, and we it. */
  kind: TrunkKind;
  /** The carrier's SIP host (an IP, or a name resolved once per reload) and port. */
  host: string;
  port: number;
  transport: 'udp' | 'tcp';
  /** User part of our AOR and Contact at the carrier (register trunks). */
  username?: string;
  /** Digest user name when it differs from `username`. */
  authUsername?: string;
  password?: string;
  /** Expected digest realm; informational (the realm of the challenge is what is answered). */
  realm?: string;
  /** Expires asked for in REGISTER (the carrier's 200 decides). */
  registerExpiresSec: number;
  /** IP trunks: addresses or CIDRs its INVITEs come from. Register trunks: the resolved host is the peer. */
  peers: string[];
  /** Codecs offered to the carrier, in preference order. */
  codecs: TrunkCodec[];
  dtmfMode: 'rfc4733' | 'info';
  /** How caller IDs go out: E.164 ('+8625…') or national ('025…', mobiles as is). */
  callerIdFormat: 'e164' | 'national';
  /** Country calling code without '+' (default '86'). */
  countryCode?: string;
  /** Send P-Asserted-Identity (RFC 3325 §9.1) with the caller ID. */
  assertIdentity: boolean;
  /** 'id': Privacy: id (RFC 3325 §9.3) and an anonymous From. */
  privacy: 'none' | 'id';
  /** Concurrent calls, inbound and outbound together; 0 = no cap. */
  maxCalls: number;
  enabled: boolean;
}

/** Port: the enterprise's trunks (the server implements it over its tables). */
export interface TrunkDirectory {
  /** Every trunk of every tenant (enabled or not). */
  listTrunks(): Promise<TrunkInfo[]>;
  trunkById(id: string): Promise<TrunkInfo | null>;
}

export type TrunkRegistrationState = 'registered' | 'registering' | 'failed' | 'unregistered';
/** An IP trunk's peer by its answers to our OPTIONS keep-alive (trunk-keepalive.ts). */
export type TrunkPeerState = 'online' | 'offline';

/**
 * Live state of one trunk (JSON-safe: times are ISO strings): a register trunk's registration, or an IP trunk's
 * keep-alive (then `expiresAt` is null, `lastOkAt` the last answer that counted, `nextAttemptAt` the next OPTIONS).
 */
export interface TrunkRegistrationStatus {
  trunkId: string;
  tenantId: string;
  name: string;
  state: TrunkRegistrationState | TrunkPeerState;
  lastError: string | null;
  /** When the carrier's binding runs out. */
  expiresAt: string | null;
  /** Last 2xx to a REGISTER (an IP trunk: last answer to OPTIONS that counted as alive). */
  lastOkAt: string | null;
  /** Next REGISTER (refresh or retry), or next OPTIONS. */
  nextAttemptAt: string | null;
}
