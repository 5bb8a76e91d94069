import { type BindingLogger, silentLogger } from '@hujiao/node-base';
import type { CallSegment, SwitchEvent } from '@hujiao/shared';
import type { Flow } from '@hujiao/sip';
import type { QueueFlowPort } from './flow/queue-port.ts';
import type { RouteResolver } from './routing.ts';
import type { TrunkDirectory } from './trunk/trunk-types.ts';
import type { VoicemailPort } from './voicemail/voicemail-types.ts';
import type { WebRtcSettings } from './webrtc/webrtc-session.ts';

/**
 * The engine's one logger interface (packages/node-base), with pino's `child`: each call gets its own bindings
 * `{tenantId, callId, legId}`.
 */
export type SwitchLogger = BindingLogger;

export const silentSwitchLogger: SwitchLogger = silentLogger;

type LogLevel = 'debug' | 'info' | 'warn' | 'error';

/**
 * A child logger made on first use at an enabled level. Every call and leg has one; at hundreds of calls per
 * second building pino children that mostly never log was a visible share of the switch's time.
 */
export function lazyChild(parent: SwitchLogger, bindings: Record<string, unknown>): SwitchLogger {
  let real: SwitchLogger | undefined;
  const getReal = () => {
    real ??= parent.child(bindings);
    return real;
  };
  const enabled = (level: string) => parent.isLevelEnabled?.(level) ?? true;
  const at =
    (level: LogLevel) =>
    (obj: Record<string, unknown>, msg?: string): void => {
      if (enabled(level)) getReal()[level](obj, msg);
    };
  return {
    debug: at('debug'),
    info: at('info'),
    warn: at('warn'),
    error: at('error'),
    isLevelEnabled: enabled,
    child: (more) =>
      lazyChild({ ...silentSwitchLogger, isLevelEnabled: enabled, child: (b) => getReal().child(b) }, more),
  };
}

export interface TenantInfo {
  tenantId: string;
  /** The enterprise account; also the digest realm. */
  realm: string;
}

export interface ExtensionInfo {
  id: string;
  number: string;
  displayName: string | null;
  enabled: boolean;
  /** H(number:realm:password) with MD5 (RFC 2617 §3.2.2.2). */
  ha1Md5: string;
  /** H(number:realm:password) with SHA-256 (RFC 7616 §3.4.2). */
  ha1Sha256: string;
  /**
   * Optional, for phones that use the server's IP/hostname as domain: H("number@realm":serverRealm:password)
   * (see README, "Tenant and domain scheme").
   */
  qualifiedHa1Md5?: string;
  qualifiedHa1Sha256?: string;
}

/** Port: tenants and their extensions (the server implements it over PostgreSQL). */
export interface Directory {
  resolveTenant(domain: string): Promise<TenantInfo | null>;
  findExtension(tenantId: string, number: string): Promise<ExtensionInfo | null>;
  /** The tenant by id (calls the server starts name their tenant by id). */
  tenantById?(tenantId: string): Promise<TenantInfo | null>;
  /**
   * A browser phone's credential for `number`, issued for one sign-in (digest username `number*id`, never the
   * extension's own password): its H(A1) per algorithm for the tenant's realm, or null (unknown, expired, the
   * session ended).
   */
  sessionCredential?(tenantId: string, number: string, username: string): Promise<Record<string, string> | null>;
}

/** Port: where a call's recording goes. */
export interface RecordingPort {
  pathFor(tenantId: string, callId: string): string;
}

/** What is known of a call when it starts: its record exists from then on, so a crash cannot lose it. */
export interface OpenCallRecordData {
  tenantId: string;
  callId: string;
  caller: string;
  callee: string;
  direction: CallDirection;
  startedAt: Date;
  /** Absolute path of the recording the call will write (from RecordingPort.pathFor), null when not recorded. */
  recordingPath: string | null;
}

/**
 * Port: call records. `open` is called when a call is created (its row is written at once, batched), `write`
 * when it ends (the same row, by call id, completed). A row still open at the next start is closed by the
 * server as ended by the system (the process died with the call up).
 */
export interface CdrSink {
  open?(record: OpenCallRecordData): void;
  write(record: CallRecordData): Promise<void>;
}

/** Port: live events (registration status, call progress). */
export interface EventSink {
  emit(event: SwitchEvent): void;
}

export const HangupCause = {
  Normal: 'normal',
  Busy: 'busy',
  NoAnswer: 'noAnswer',
  Cancelled: 'cancelled',
  NotFound: 'notFound',
  Unavailable: 'unavailable',
  Rejected: 'rejected',
  Failed: 'failed',
  /** The process ended (kill -9, crash) while the call was up; set when the record is closed at the next start. */
  Interrupted: 'interrupted',
} as const;
export type HangupCause = (typeof HangupCause)[keyof typeof HangupCause];

export const HangupSide = { Caller: 'caller', Callee: 'callee', System: 'system' } as const;
export type HangupSide = (typeof HangupSide)[keyof typeof HangupSide];

export const LegRole = { Caller: 'caller', Callee: 'callee' } as const;
export type LegRole = (typeof LegRole)[keyof typeof LegRole];

export const CallDirection = { Internal: 'internal', Inbound: 'inbound', Outbound: 'outbound' } as const;
export type CallDirection = (typeof CallDirection)[keyof typeof CallDirection];

export interface LegRecordData {
  legId: string;
  role: LegRole;
  /** Extension number (or test number) of this side. */
  extension: string | null;
  uri: string;
  createdAt: Date;
  answeredAt: Date | null;
  endedAt: Date | null;
  /** Final SIP status of this leg (200 for an answered leg, 487 cancelled, 486 busy ...). */
  finalStatus: number | null;
  /** The trunk a leg to or from a carrier went through (its `extension` is then the outside number). */
  trunkId?: string;
}

export interface CallRecordData {
  tenantId: string;
  callId: string;
  caller: string;
  callee: string;
  direction: CallDirection;
  startedAt: Date;
  answeredAt: Date | null;
  endedAt: Date;
  /** Whole call, start to end, in seconds (rounded down). */
  durationSec: number;
  /** Talk time rounded up to the second; 0 when not answered. */
  billedSec: number;
  hangupCause: HangupCause;
  hangupSide: HangupSide;
  recordingPath: string | null;
  legs: LegRecordData[];
  /** The call's path in order (bridges, conferences, holds, flows, transfers); absent means none recorded. */
  segments?: CallSegmentData[];
  /** 满意度: the customer's key in the survey (1-5); null or absent: not surveyed. */
  satisfaction?: number | null;
}

export const CallSegmentKind = {
  Bridge: 'bridge',
  Conference: 'conference',
  Hold: 'hold',
  Flow: 'flow',
  Transfer: 'transfer',
} as const;
export type CallSegmentKind = (typeof CallSegmentKind)[keyof typeof CallSegmentKind];
/** `{ kind, legIds, startedAt, endedAt, detail? }` with ISO timestamps (JSON-safe, stored as is). */
export type CallSegmentData = CallSegment;

export const RegistrationAction = {
  Added: 'added',
  Refreshed: 'refreshed',
  Removed: 'removed',
  Expired: 'expired',
} as const;
export type RegistrationAction = (typeof RegistrationAction)[keyof typeof RegistrationAction];

export interface Registration {
  tenantId: string;
  extension: string;
  /** Address of record, e.g. sip:1001@acme. */
  aor: string;
  contact: string;
  flow: Flow;
  expiresAt: number;
  userAgent: string | null;
  callId: string;
  cseq: number;
  registeredAt: number;
}

/** Public view of a registration (for the server's live status); JSON-safe, `expiresAt` an ISO string. */
export type { RegistrationView, SwitchEvent, SwitchEventOf, SwitchEventType } from '@hujiao/shared';

export interface SwitchOptions {
  /** SIP port for UDP and TCP (default 5060). */
  sipPort?: number;
  /** Address to bind SIP and RTP (default 0.0.0.0). */
  bindAddress?: string;
  /** Address put in Via/Contact/SDP (default bindAddress, or 127.0.0.1 for a wildcard bind). */
  advertisedAddress?: string;
  /** SIP over WebSocket port (RFC 7118); none when absent. */
  wsPort?: number;
  /** SIP over secure WebSocket (RFC 7118 WSS, for browsers on https pages): port and certificate files. */
  wss?: { port: number; tls: { keyFile: string; certFile: string } };
  /**
   * How long a phone on a WebSocket has to come back after its connection closed during a call (default 20 000 ms);
   * then its legs end by the system.
   */
  lostPhoneGraceMs?: number;
  /** ICE host addresses and STUN/TURN servers for browser phones (default: the advertised address). */
  webrtc?: WebRtcSettings;
  rtpPortMin?: number;
  rtpPortMax?: number;
  /** Send RTP from a thread of its own (Linux; default true there): a relay's cost is mostly sending. */
  mediaSendThread?: boolean;
  /** Default 45 000 ms. */
  noAnswerTimeoutMs?: number;
  /** Failed authentications from one IP within banWindowMs that ban it (default 10 in 60 s, ban 10 min). */
  banThreshold?: number;
  banWindowMs?: number;
  banDurationMs?: number;
  /**
   * Distinct user names one IP probes without authenticating (REGISTER/INVITE without credentials, OPTIONS to a
   * user) within enumerationWindowMs that ban it for banDurationMs (default 30 in 60 s): user-name scanners.
   */
  enumerationThreshold?: number;
  enumerationWindowMs?: number;
  /** Registration Expires bounds (RFC 3261 §10.3 step 7): default min 60, max 3600, default 3600 s. */
  minExpires?: number;
  maxExpires?: number;
  defaultExpires?: number;
  /** Digest realm for phones that use the server address as domain (default 'hujiao'). */
  serverRealm?: string;
  /** Hostnames/IPs that mean "this server" in a To/From URI (default advertisedAddress and bindAddress). */
  serverHosts?: string[];
  /** Digest algorithms offered, topmost preferred (RFC 8760 §2.4). Default ['MD5']; ['SHA-256', 'MD5'] offers both (baresip 1.0 fails on that). */
  digestAlgorithms?: Array<'MD5' | 'SHA-256'>;
  /** Require the digest uri to equal the Request-URI (default false: SIPp and some phones send another URI). */
  strictDigestUri?: boolean;
  /** Challenge INVITEs (default true). */
  authenticateInvites?: boolean;
  echoNumber?: string;
  playbackNumber?: string;
  /** WAV for the playback test (8 or 16 kHz); a 440 Hz tone when absent. */
  playbackFile?: string;
  /** Music on hold played to held parties (8/16 kHz WAV); the bundled melody when absent. */
  musicOnHoldFile?: string;
  /**
   * The enterprise's music on hold (its default class, 保持音乐: files in play order), asked when a call starts; answers at once (from
   * what the server keeps), undefined for the switch's own.
   */
  musicOnHoldFor?: (tenantId: string) => string[] | undefined;
  /** Folder of the prompt files flows play (digits, numbers, menu prompts); the bundled set when absent. */
  promptsDir?: string;
  /** The server's routing (dial plan, IVR, queues); calls it leaves to the switch get the built-in routing. */
  routes?: RouteResolver;
  /** The enterprises' SIP trunks (中继): registration, INVITEs by address, `{ trunk }` dial targets (ADR 0009). */
  trunks?: TrunkDirectory;
  /** Seconds between OPTIONS keep-alives to each IP trunk's peer (default 30; 0 = none, the state stays unknown). */
  trunkKeepaliveSec?: number;
  /** Feature codes: group pick-up (default *8) and directed pick-up prefix (default **, as in **1002). */
  pickupCode?: string;
  directedPickupPrefix?: string;
  /** 语音信箱: the voicemail verb's store, MWI counts and the phone's listen menu (none: the verb hangs up). */
  voicemail?: VoicemailPort;
  /** 排队: the enqueue verb's ACD (the server's); none: the verb sets queueResult unavailable. */
  queues?: QueueFlowPort;
  /** Feature code to listen to one's own box (default *97). */
  voicemailCode?: string;
  /** Record answered calls (default true when `recordings` is given). */
  record?: boolean;
  logger?: SwitchLogger;
  directory: Directory;
  recordings?: RecordingPort;
  cdr?: CdrSink;
  events?: EventSink;
  /** Key that signs digest nonces; random when absent. */
  nonceSecret?: Buffer;
  /** RFC 3261 T1 in ms (tests may shorten it). */
  t1Ms?: number;
}
