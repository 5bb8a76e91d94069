/** HTTP contract for extensions (分机) and call records (通话记录). */
import { z } from 'zod';
import { acdCallOutcomes, acdOverflowReasons, queueLostStages } from './acd-outcomes.ts';
import { pageQuery } from './api.ts';
import { callSegmentSchema, switchHangupCauses } from './call-events.ts';

const id = z.uuid();
const timestamp = z.string();

// ---- extensions ----
export const extensionNumber = z
  .string()
  .trim()
  .regex(/^\d{3,8}$/, { message: 'extensionNumber' });
/** SIP passwords are typed into phones: 8-64 printable characters with letters and digits. */
export const sipPassword = z
  .string()
  .min(8)
  .max(64)
  .regex(/^(?=.*[A-Za-z])(?=.*\d)[\x21-\x7e]+$/, { message: 'sipPassword' });

export const registrationContact = z.object({
  uri: z.string(),
  source: z.string(),
  transport: z.string(),
  userAgent: z.string().nullable(),
  expiresAt: timestamp,
});
export const extension = z.object({
  id,
  number: z.string(),
  displayName: z.string().nullable(),
  callerId: z.string().nullable(),
  userId: id.nullable(),
  userName: z.string().nullable(),
  enabled: z.boolean(),
  registered: z.boolean(),
  contacts: z.array(registrationContact),
  createdAt: timestamp,
});
export const extensionQuery = pageQuery.extend({
  registered: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});
export const createExtensionBody = z.object({
  number: extensionNumber,
  password: sipPassword,
  displayName: z.string().trim().max(40).nullable().optional(),
  callerId: z
    .string()
    .trim()
    .regex(/^\+?\d{3,20}$/, { message: 'mobile' })
    .nullable()
    .optional(),
  userId: id.nullable().optional(),
  enabled: z.boolean().default(true),
});
/** Without the creation default of `enabled` (zod's .partial() keeps defaults). */
export const updateExtensionBody = createExtensionBody.extend({ enabled: z.boolean() }).partial();
/** What a phone needs to register: shown after create/edit. */
export const sipSettings = z.object({
  username: z.string(),
  domain: z.string(),
  proxy: z.string(),
  transports: z.array(z.string()),
});

// ---- call records ----
export const callDirections = ['internal', 'inbound', 'outbound'] as const;
/** The call record's causes are the switch's (call-events.ts). */
export const hangupCauses = switchHangupCauses;
/** open: the call is up (or the server stopped with it up and has not started since); ended: final. */
export const callRecordStates = ['open', 'ended'] as const;
export const callLeg = z.object({
  legId: z.string(),
  role: z.string(),
  /** Extension number of this side, when it is one. */
  extension: z.string().nullable(),
  uri: z.string(),
  startedAt: timestamp,
  answeredAt: timestamp.nullable(),
  endedAt: timestamp.nullable(),
  status: z.string(),
});
/** 排队记录: one visit of the call to a queue (an overflow to a second queue makes two). */
export const queueCallView = z.object({
  queueId: z.string().nullable(),
  /** Null once the queue is deleted. */
  queueName: z.string().nullable(),
  enteredAt: timestamp,
  /** Null while the caller waits. */
  outcome: z.enum(acdCallOutcomes).nullable(),
  overflowReason: z.enum(acdOverflowReasons).nullable(),
  lostStage: z.enum(queueLostStages).nullable(),
  agentId: z.string().nullable(),
  agentName: z.string().nullable(),
  offers: z.number().int(),
  waitSec: z.number().int(),
  ringSec: z.number().int(),
  talkSec: z.number().int(),
  wrapUpSec: z.number().int(),
});
/**
 * 呼损: an inbound call on which the caller never talked with anyone — lost in the IVR (or a prompt, voicemail),
 * waiting in a queue, or while a phone rang.
 */
export const lostCallStages = ['ivr', 'queue', 'ringing'] as const;
export const callRecord = z.object({
  id,
  callId: z.string(),
  caller: z.string(),
  callee: z.string(),
  direction: z.enum(callDirections),
  state: z.enum(callRecordStates),
  startedAt: timestamp,
  answeredAt: timestamp.nullable(),
  /** Null while the call is up. */
  endedAt: timestamp.nullable(),
  durationSec: z.number().int(),
  billedSec: z.number().int(),
  hangupCause: z.string().nullable(),
  hangupSide: z.string().nullable(),
  hasRecording: z.boolean(),
  legs: z.array(callLeg),
  /** The call's path in order (bridges, transfers, holds, conferences, flows) with legs and times. */
  segments: z.array(callSegmentSchema),
  /** The call's queue visits in order (empty: it reached no queue). */
  queueCalls: z.array(queueCallView),
  /** 呼损: where the caller of an unanswered inbound call was lost; null for every other call. */
  lostStage: z.enum(lostCallStages).nullable(),
  /** 满意度: the customer's key in the satisfaction survey (1-5); null when not surveyed or no key counted. */
  satisfaction: z.number().int().min(1).max(5).nullable(),
});
export const callRecordQuery = pageQuery.extend({
  from: z.iso.datetime({ offset: true }).optional(),
  to: z.iso.datetime({ offset: true }).optional(),
  caller: z.string().trim().max(40).optional(),
  callee: z.string().trim().max(40).optional(),
  direction: z.enum(callDirections).optional(),
  answered: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  minDurationSec: z.coerce.number().int().min(0).optional(),
  /** true: only 呼损 (unanswered inbound calls). */
  lost: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
  queueId: z.uuid().optional(),
  agentId: z.uuid().optional(),
});

export type Extension = z.infer<typeof extension>;
export type CallRecord = z.infer<typeof callRecord>;
export type QueueCallView = z.infer<typeof queueCallView>;
export type LostCallStage = (typeof lostCallStages)[number];
export type SipSettings = z.infer<typeof sipSettings>;
