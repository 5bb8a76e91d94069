/**
 * CTI on the live channel (step 4): what the workstation's softphone bar shows of the agent's call and the call
 * commands it sends. The agent's phone (a SIP extension, later the browser phone) carries the audio; the CTI
 * moves the call: click-to-call, hang up, hold, transfer, consult, three-way, 转IVR, 代接, 满意度评价, mute.
 */
import { z } from 'zod';
import { extensionNumber } from './api-telephony.ts';
import { phoneNumber } from './pbx.ts';

/**
 * ringing 振铃 (offered, the phone rings) · dialling 外呼中 (click-to-call: the customer's phone rings) · talking 通话 ·
 * held 保持 (the customer hears music) · consulting 咨询 (the customer is held while the agent talks to a colleague)
 * · conference 三方通话.
 */
/** supervising: the leg is a supervisor's (监听/密语/强插 in another agent's call). */
export const agentCallStates = [
  'ringing',
  'dialling',
  'talking',
  'held',
  'consulting',
  'conference',
  'supervising',
] as const;
export type AgentCallState = (typeof agentCallStates)[number];

/** The agent's current call as the bar shows it; null when the agent is on no call. */
export const agentCall = z.object({
  callId: z.string(),
  /** The agent's own leg. */
  legId: z.string(),
  direction: z.enum(['inbound', 'outbound', 'internal']),
  /** The other party's number (the customer, or the colleague on an internal call): the screen pop looks it up. */
  number: z.string(),
  /** The number the caller dialled (the DID) on an inbound call. */
  dialled: z.string(),
  state: z.enum(agentCallStates),
  /** The queue (技能组) the call came through, its name, and how long the caller waited in it. */
  queueId: z.string().nullable(),
  queueName: z.string().nullable(),
  waitSec: z.number().int().nullable(),
  /** The IVR menus the caller went through before, by name, in order. */
  ivrPath: z.array(z.string()),
  startedAt: z.string(),
  answeredAt: z.string().nullable(),
  muted: z.boolean(),
  /** The colleague being consulted (咨询), while a consultation is under way. */
  consult: z.object({ number: z.string(), state: z.enum(['ringing', 'talking']) }).nullable(),
  /** Parties in the conversation besides the agent (2 or more: a three-way). */
  parties: z.number().int(),
});
export type AgentCall = z.infer<typeof agentCall>;

/** Callers waiting in each queue the agent is a member of (工作组排队数). */
export const queueWaiting = z.object({
  queueId: z.string(),
  name: z.string(),
  waiting: z.number().int(),
  /** Seconds the longest-waiting caller has waited; null when nobody waits. */
  longestWaitSec: z.number().int().nullable(),
});
export type QueueWaiting = z.infer<typeof queueWaiting>;

/** Where a call goes: a colleague's extension, a queue, an outside number (through the outbound routes), an IVR. */
export const ctiTarget = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('extension'), number: extensionNumber }),
  z.strictObject({ kind: z.literal('external'), number: phoneNumber }),
  z.strictObject({ kind: z.literal('queue'), queueId: z.string().min(1).max(64) }),
  z.strictObject({ kind: z.literal('ivr'), ivrId: z.string().min(1).max(64) }),
]);
export type CtiTarget = z.infer<typeof ctiTarget>;
/** A party the agent talks to (consult, three-way): a person, not a queue or a menu. */
export const ctiPartyTarget = z.discriminatedUnion('kind', [ctiTarget.options[0], ctiTarget.options[1]]);

/** The agent's call commands (answered with a `result` of the same id; the call's changes come as updates). */
export const ctiCallCommand = z.discriminatedUnion('action', [
  /** Click-to-call (外呼): the agent's phone rings first, then the number, through the agent's outbound routes. */
  z.strictObject({ action: z.literal('dial'), number: z.string().trim().min(1).max(32) }),
  z.strictObject({ action: z.literal('hangup') }),
  z.strictObject({ action: z.literal('hold') }),
  z.strictObject({ action: z.literal('resume') }),
  /** Blind transfer (转接): the customer goes to the target, the agent leaves. */
  z.strictObject({ action: z.literal('transfer'), target: ctiTarget }),
  /** Consult (咨询): the customer is held while the target rings and talks to the agent. */
  z.strictObject({ action: z.literal('consult'), target: ctiPartyTarget }),
  /** After a consult: the customer and the consulted party talk, the agent leaves (咨询转接). */
  z.strictObject({ action: z.literal('completeTransfer') }),
  /** After a consult: the consulted party is hung up, the customer is back with the agent. */
  z.strictObject({ action: z.literal('cancelTransfer') }),
  /** Three-way (三方/会议): the target joins the conversation (after a consult: the consulted party joins). */
  z.strictObject({ action: z.literal('threeWay'), target: ctiPartyTarget.optional() }),
  /** Pick up (代接) a colleague's ringing call: the agent's phone rings too and takes it when answered. */
  z.strictObject({ action: z.literal('pickup'), extension: extensionNumber.optional() }),
  /** 满意度评价: the customer leaves the agent for the satisfaction survey (keys 1-5, stored on the call record). */
  z.strictObject({ action: z.literal('survey') }),
  z.strictObject({ action: z.literal('mute'), muted: z.boolean() }),
  z.strictObject({
    action: z.literal('dtmf'),
    digits: z
      .string()
      .regex(/^[0-9*#A-D]{1,32}$/)
      .max(32),
  }),
]);
export type CtiCallCommand = z.infer<typeof ctiCallCommand>;
export type CtiCallAction = CtiCallCommand['action'];
