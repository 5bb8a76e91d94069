export { Authenticator, AuthKind, type AuthOutcome } from './authenticator.ts';
export { BanList, type BanListOptions } from './ban-list.ts';
export { Call, type CallOptions } from './call.ts';
export { CallRecording } from './call-recording.ts';
export { causeForStatus, statusForCause } from './causes.ts';
export { buildCallRecord } from './cdr.ts';
export { SwitchCommands } from './commands.ts';
export { Connection, ConnectionKind, type Party, PartyMode } from './connection.ts';
export { DialAttempt, type DialAttemptOutcome, type DialPlan } from './dial.ts';
export { type Ha1Algorithm, ha1, InMemoryDirectory, type InMemoryExtension } from './directory.ts';
export * from './flow/index.ts';
export { InboundLeg } from './inbound-leg.ts';
export { extensionFlow, whenEnded } from './ingress.ts';
export { type GatherOptions, Leg, LegState, type PlaySource } from './leg.ts';
export { LocationService } from './location.ts';
export { MediaBridge } from './media-bridge.ts';
export type { MediaEndpoint, RtpSink } from './media-endpoint.ts';
export { type DialListener, OutboundLeg, type OutboundTarget } from './outbound-leg.ts';
export type { CallEnd, Ingress, RouteDecision, RouteResolver } from './routing.ts';
export { createSwitch, type Switch } from './switch.ts';
export { formatCallerId } from './trunk/caller-id.ts';
export { failsOver, TrunkDialer, type TrunkLegPlan } from './trunk/trunk-dial.ts';
export { DEFAULT_TRUNK_KEEPALIVE_SEC, peerAnswered, TrunkKeepalive, TrunkKeepalives } from './trunk/trunk-keepalive.ts';
export { addressMatches, TrunkCalls, TrunkPeers } from './trunk/trunk-peers.ts';
export { TrunkRegistrar } from './trunk/trunk-registrar.ts';
export type { RegistrarTimers } from './trunk/trunk-registration.ts';
export type {
  TrunkCodec,
  TrunkDirectory,
  TrunkInfo,
  TrunkKind,
  TrunkPeerState,
  TrunkRegistrationState,
  TrunkRegistrationStatus,
} from './trunk/trunk-types.ts';
export * from './types.ts';
export * from './voicemail/index.ts';
