import { z } from 'zod';
import { agentStates } from './acd.ts';
import { superviseModes } from './call-commands.ts';
import { agentCall } from './cti.ts';

/**
 * What a team leader or an administrator does to an agent from the monitor (班长强制操作): 监听 / 密语 / 强插 with their
 * own phone (switching between them on the same call rings nobody again), 强拆 (hang the agent's call up), 强制转接
 * (send the agent's caller to another extension), 强制示闲 / 示忙 / 签出.
 */
export const supervisionAction = z.discriminatedUnion('action', [
  z.strictObject({ action: z.enum(superviseModes) }),
  z.strictObject({ action: z.literal('hangup') }),
  z.strictObject({
    action: z.literal('transfer'),
    extension: z.string().regex(/^[0-9]{1,32}$/, 'must be an extension number'),
  }),
  z.strictObject({ action: z.literal('ready') }),
  z.strictObject({ action: z.literal('busy'), reason: z.string().trim().min(1).max(64).optional() }),
  z.strictObject({ action: z.literal('signOut') }),
]);
export type SupervisionAction = z.infer<typeof supervisionAction>;
export const supervisionActions = [...superviseModes, 'hangup', 'transfer', 'ready', 'busy', 'signOut'] as const;

/**
 * One agent on the monitor (坐席监控, topic monitor-agents): the ACD state with its reason and since when, and the
 * call the agent is on (the same view as their softphone bar), for the agents a supervisor may act on.
 */
export const monitoredAgent = z.object({
  agentId: z.string(),
  agentNo: z.string().nullable(),
  name: z.string(),
  state: z.enum(agentStates),
  reason: z.string().nullable(),
  since: z.string().nullable(),
  call: agentCall
    .pick({ callId: true, direction: true, number: true, state: true, answeredAt: true, queueName: true })
    .nullable(),
});
export type MonitoredAgent = z.infer<typeof monitoredAgent>;

/**
 * One queue on the monitor (技能组监控, topic monitor-queues): the callers waiting now (oldest first within a
 * priority) and those ringing an agent, the members by state, and today's figures from the queue visits (排队记录):
 * offered, answered, answered within the queue's service-level threshold, abandoned.
 */
export const monitoredQueue = z.object({
  queueId: z.string(),
  name: z.string(),
  callers: z.array(
    z.object({
      callId: z.string(),
      caller: z.string().nullable(),
      since: z.string(),
      priority: z.number().int(),
      ringing: z.boolean(),
    }),
  ),
  agents: z.object({
    signedIn: z.number().int(),
    ready: z.number().int(),
    busy: z.number().int(),
    onCall: z.number().int(),
    wrapUp: z.number().int(),
  }),
  today: z.object({
    offered: z.number().int(),
    answered: z.number().int(),
    answeredInSl: z.number().int(),
    abandoned: z.number().int(),
    serviceLevelSec: z.number().int(),
  }),
});
export type MonitoredQueue = z.infer<typeof monitoredQueue>;
