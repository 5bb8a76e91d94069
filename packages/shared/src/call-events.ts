/**
 * Live events of the switch (registrations, security, call progress) as JSON-safe zod types: what the switch
 * emits, what the server's event bus carries and what the web receives. Timestamps are ISO 8601 strings, never
 * `Date` objects, so an event survives `JSON.stringify`/`JSON.parse` (and a NATS hop) unchanged.
 */
import { z } from 'zod';

const isoTime = z.iso.datetime({ offset: true });

export const registrationActions = ['added', 'refreshed', 'removed', 'expired'] as const;
export const switchHangupCauses = [
  'normal',
  'busy',
  'noAnswer',
  'cancelled',
  'notFound',
  'unavailable',
  'rejected',
  'failed',
  'interrupted',
] as const;
export const switchHangupSides = ['caller', 'callee', 'system'] as const;
export const legRoles = ['caller', 'callee'] as const;
export const transferKinds = ['blind', 'attended'] as const;
export const conferenceModes = ['full', 'listen', 'whisper'] as const;
export const originateOutcomes = ['answered', 'busy', 'noAnswer', 'failed', 'cancelled'] as const;

export const callSegmentKinds = ['bridge', 'conference', 'hold', 'flow', 'transfer'] as const;
/**
 * One stretch of a call's path, stored with its record: a bridge of two legs, a conference, a hold, a flow
 * running on a leg, a transfer. The segments in order show A→B→C with times.
 */
export const callSegmentSchema = z.object({
  kind: z.enum(callSegmentKinds),
  legIds: z.array(z.string()),
  startedAt: isoTime,
  endedAt: isoTime.nullable(),
  /** E.g. the flow's name, the transfer target, the conference mode. */
  detail: z.string().optional(),
});
export type CallSegment = z.infer<typeof callSegmentSchema>;

/** Public view of a registration (the server's live status). */
export const registrationViewSchema = z.object({
  tenantId: z.string(),
  extension: z.string(),
  contact: z.string(),
  source: z.string(),
  transport: z.string(),
  expiresAt: isoTime,
  userAgent: z.string().nullable(),
});
export type RegistrationView = z.infer<typeof registrationViewSchema>;

/** Fields every call event carries. */
const callBase = { tenantId: z.string(), callId: z.string(), at: isoTime };
const legBase = { ...callBase, legId: z.string() };

export const registrationEvent = z.object({
  type: z.literal('registration'),
  action: z.enum(registrationActions),
  registration: registrationViewSchema,
});
export const securityBannedEvent = z.object({
  type: z.literal('security.banned'),
  address: z.string(),
  until: isoTime,
  failures: z.number().int(),
});
/** A register trunk's registration at its carrier changed (packages/switch TrunkRegistrar). */
export const trunkRegistrationEvent = z.object({
  type: z.literal('trunk.registration'),
  tenantId: z.string(),
  trunkId: z.string(),
  state: z.enum(['registered', 'registering', 'failed', 'unregistered']),
  lastError: z.string().nullable(),
  expiresAt: isoTime.nullable(),
  lastOkAt: isoTime.nullable(),
  at: isoTime,
});
/** An IP trunk's peer answered our OPTIONS keep-alive (online) or did not (offline): packages/switch TrunkKeepalive. */
export const trunkKeepaliveEvent = z.object({
  type: z.literal('trunk.keepalive'),
  tenantId: z.string(),
  trunkId: z.string(),
  state: z.enum(['online', 'offline']),
  lastError: z.string().nullable(),
  lastOkAt: isoTime.nullable(),
  at: isoTime,
});
export const callCreatedEvent = z.object({
  type: z.literal('call.created'),
  ...callBase,
  caller: z.string(),
  callee: z.string(),
});
export const legCreatedEvent = z.object({
  type: z.literal('leg.created'),
  ...legBase,
  role: z.enum(legRoles),
  uri: z.string(),
});
export const callRingingEvent = z.object({
  type: z.literal('call.ringing'),
  ...legBase,
  /** 180 or 183 from the callee. */
  status: z.number().int(),
  earlyMedia: z.boolean(),
});
export const callAnsweredEvent = z.object({ type: z.literal('call.answered'), ...legBase });
export const callBridgedEvent = z.object({ type: z.literal('call.bridged'), ...callBase, legIds: z.array(z.string()) });
export const callDtmfEvent = z.object({ type: z.literal('call.dtmf'), ...legBase, digit: z.string() });
export const callHangupEvent = z.object({
  type: z.literal('call.hangup'),
  ...callBase,
  cause: z.enum(switchHangupCauses),
  side: z.enum(switchHangupSides),
  status: z.number().int().nullable(),
});
export const legAnsweredEvent = z.object({ type: z.literal('leg.answered'), ...legBase });
export const legEndedEvent = z.object({
  type: z.literal('leg.ended'),
  ...legBase,
  status: z.number().int().nullable(),
  cause: z.enum(switchHangupCauses),
});
export const callHeldEvent = z.object({ type: z.literal('call.held'), ...legBase });
export const callResumedEvent = z.object({ type: z.literal('call.resumed'), ...legBase });
export const callTransferredEvent = z.object({
  type: z.literal('call.transferred'),
  ...legBase,
  kind: z.enum(transferKinds),
  target: z.string(),
});
export const conferenceJoinedEvent = z.object({
  type: z.literal('conference.joined'),
  ...legBase,
  mode: z.enum(conferenceModes),
});
export const conferenceLeftEvent = z.object({ type: z.literal('conference.left'), ...legBase });
export const callRecordingEvent = z.object({
  type: z.literal('call.recording'),
  ...callBase,
  /** Relative to the recordings directory. */
  path: z.string(),
});
export const originateResultEvent = z.object({
  type: z.literal('originate.result'),
  ...callBase,
  requestId: z.string(),
  legId: z.string().nullable(),
  outcome: z.enum(originateOutcomes),
  status: z.number().int().nullable(),
});
/** 满意度评价: the key the customer pressed (1-5), or null when they pressed none that counts. */
export const callSurveyEvent = z.object({
  type: z.literal('call.survey'),
  ...legBase,
  score: z.number().int().min(1).max(5).nullable(),
});
export const flowStartedEvent = z.object({ type: z.literal('flow.started'), ...callBase, flow: z.string() });
export const flowEndedEvent = z.object({ type: z.literal('flow.ended'), ...callBase, reason: z.string() });

export const switchEventSchema = z.discriminatedUnion('type', [
  registrationEvent,
  securityBannedEvent,
  trunkRegistrationEvent,
  trunkKeepaliveEvent,
  callCreatedEvent,
  legCreatedEvent,
  callRingingEvent,
  callAnsweredEvent,
  callBridgedEvent,
  callDtmfEvent,
  callHangupEvent,
  legAnsweredEvent,
  legEndedEvent,
  callHeldEvent,
  callResumedEvent,
  callTransferredEvent,
  conferenceJoinedEvent,
  conferenceLeftEvent,
  callRecordingEvent,
  originateResultEvent,
  flowStartedEvent,
  flowEndedEvent,
  callSurveyEvent,
]);
export type SwitchEvent = z.infer<typeof switchEventSchema>;
export type SwitchEventType = SwitchEvent['type'];
/** The event of one type, e.g. `SwitchEventOf<'call.hangup'>`. */
export type SwitchEventOf<T extends SwitchEventType> = Extract<SwitchEvent, { type: T }>;
export const switchEventTypes = switchEventSchema.options.map((o) => o.shape.type.value) as SwitchEventType[];
