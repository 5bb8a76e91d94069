/**
 * The console's live channel: one WebSocket per browser tab at `GET /api/live`, authenticated by the session
 * cookie (ADR 0017). The client subscribes to topics; the server answers each with a full `snapshot`, then
 * pushes `update`s as things change; after a reconnect the client subscribes again and the snapshots replace
 * what it held (full resync, nothing replayed). Every message is JSON with a `type`; the CTI of step 4 adds
 * its topics and commands to these unions.
 */
import { z } from 'zod';
import { agentLiveState, agentStateBody } from './api-agent.ts';
import { monitoredAgent, monitoredQueue } from './api-supervision.ts';
import { registrationContact } from './api-telephony.ts';
import { trunkStatus } from './api-trunk.ts';
import { voicemailUnread } from './api-voicemail.ts';
import { agentCall, ctiCallCommand, queueWaiting } from './cti.ts';

export const LIVE_PATH = '/api/live';
/** The server pings (WebSocket ping frame) this often and closes a socket that has not answered the last one. */
export const LIVE_HEARTBEAT_MS = 25_000;

/** Close codes (RFC 6455 §7.4.2: 4000-4999 belong to the application); the reason says it in words. */
export const liveCloseCodes = {
  /** No session (or it ended, e.g. signed out or disabled): sign in again, do not reconnect before. */
  unauthenticated: 4401,
  /** The page's origin is not this server's (cross-site WebSocket). */
  badOrigin: 4403,
  /** The socket did not answer the heartbeat. */
  heartbeatTimeout: 4408,
  /** The agent's workstation was opened in another session (one per agent): do not reconnect. */
  replaced: 4409,
  /** The server is stopping: reconnect later. */
  goingAway: 1001,
} as const;

export const liveTopics = [
  'trunk-status',
  'extension-registration',
  'voicemail-count',
  'agent-state',
  'agent-call',
  'queue-waiting',
  'monitor-agents',
  'monitor-queues',
] as const;
export type LiveTopic = (typeof liveTopics)[number];

/** One extension's live registrations; `contacts: []` in an update means it is no longer registered. */
export const extensionRegistration = z.object({
  extension: z.string(),
  contacts: z.array(registrationContact),
});
export type ExtensionRegistration = z.infer<typeof extensionRegistration>;

const agentCallMessage = z.object({ call: agentCall.nullable() });

/**
 * What each topic carries. trunk-status: snapshot every trunk of the tenant, update one trunk (replace by
 * trunkId). extension-registration: snapshot the registered extensions, update one extension. voicemail-count:
 * the user's new-message counts (GET /api/voicemail/unread), whole each time.
 */
export const liveTopicData = {
  'trunk-status': { snapshot: z.array(trunkStatus), update: trunkStatus },
  'extension-registration': { snapshot: z.array(extensionRegistration), update: extensionRegistration },
  'voicemail-count': { snapshot: voicemailUnread, update: voicemailUnread },
  'agent-state': { snapshot: agentLiveState, update: agentLiveState },
  /** The agent's own call (`call: null`: none), whole each time. */
  'agent-call': { snapshot: agentCallMessage, update: agentCallMessage },
  /** Callers waiting in the agent's queues: snapshot all of them, update one queue (replace by queueId). */
  'queue-waiting': { snapshot: z.array(queueWaiting), update: queueWaiting },
  /** 坐席监控 (supervision:intervene): snapshot the agents one may act on, update one agent (replace by agentId). */
  'monitor-agents': { snapshot: z.array(monitoredAgent), update: monitoredAgent },
  /** 技能组监控 (supervision:intervene): snapshot every queue of the enterprise, update one (replace by queueId). */
  'monitor-queues': { snapshot: z.array(monitoredQueue), update: monitoredQueue },
} as const;
export type LiveSnapshotData<T extends LiveTopic> = z.infer<(typeof liveTopicData)[T]['snapshot']>;
export type LiveUpdateData<T extends LiveTopic> = z.infer<(typeof liveTopicData)[T]['update']>;

// ---- client → server ----
const topicList = z.array(z.enum(liveTopics)).min(1).max(liveTopics.length);
export const liveSubscribe = z.object({ type: z.literal('subscribe'), topics: topicList });
export const liveUnsubscribe = z.object({ type: z.literal('unsubscribe'), topics: topicList });
/** The client's own liveness check (browsers cannot see ping frames): answered with a pong of the same id. */
export const livePing = z.object({ type: z.literal('ping'), id: z.string().max(64).optional() });
/** CTI: the agent sets their own state (置闲 / 置忙 with a reason / 签出); answered with a `result` of the same id. */
export const liveAgentCommand = agentStateBody.extend({ type: z.literal('agent'), id: z.string().max(64).optional() });
/** CTI: a command on the agent's own call (packages/shared cti.ts); answered with a `result` of the same id. */
export const liveCallCommand = z.strictObject({
  type: z.literal('call'),
  id: z.string().max(64).optional(),
  command: ctiCallCommand,
});
export const liveClientMessage = z.discriminatedUnion('type', [
  liveSubscribe,
  liveUnsubscribe,
  livePing,
  liveAgentCommand,
  liveCallCommand,
]);
export type LiveClientMessage = z.infer<typeof liveClientMessage>;
export type LiveAgentCommand = z.infer<typeof liveAgentCommand>;
export type LiveCallCommand = z.infer<typeof liveCallCommand>;

// ---- server → client ----
export const liveHello = z.object({
  type: z.literal('hello'),
  user: z.object({ id: z.string(), name: z.string(), tenantId: z.string(), isPlatform: z.boolean() }),
  serverTime: z.string(),
  heartbeatMs: z.number().int(),
});
const snapshot = { type: z.literal('snapshot') };
const update = { type: z.literal('update') };
/** Written out per topic (not built by a helper) so that TypeScript narrows `data` by `topic`. */
export const liveSnapshot = z.discriminatedUnion('topic', [
  z.object({ ...snapshot, topic: z.literal('trunk-status'), data: liveTopicData['trunk-status'].snapshot }),
  z.object({
    ...snapshot,
    topic: z.literal('extension-registration'),
    data: liveTopicData['extension-registration'].snapshot,
  }),
  z.object({ ...snapshot, topic: z.literal('voicemail-count'), data: liveTopicData['voicemail-count'].snapshot }),
  z.object({ ...snapshot, topic: z.literal('agent-state'), data: liveTopicData['agent-state'].snapshot }),
  z.object({ ...snapshot, topic: z.literal('agent-call'), data: liveTopicData['agent-call'].snapshot }),
  z.object({ ...snapshot, topic: z.literal('queue-waiting'), data: liveTopicData['queue-waiting'].snapshot }),
  z.object({ ...snapshot, topic: z.literal('monitor-agents'), data: liveTopicData['monitor-agents'].snapshot }),
  z.object({ ...snapshot, topic: z.literal('monitor-queues'), data: liveTopicData['monitor-queues'].snapshot }),
]);
export const liveUpdate = z.discriminatedUnion('topic', [
  z.object({ ...update, topic: z.literal('trunk-status'), data: liveTopicData['trunk-status'].update }),
  z.object({
    ...update,
    topic: z.literal('extension-registration'),
    data: liveTopicData['extension-registration'].update,
  }),
  z.object({ ...update, topic: z.literal('voicemail-count'), data: liveTopicData['voicemail-count'].update }),
  z.object({ ...update, topic: z.literal('agent-state'), data: liveTopicData['agent-state'].update }),
  z.object({ ...update, topic: z.literal('agent-call'), data: liveTopicData['agent-call'].update }),
  z.object({ ...update, topic: z.literal('queue-waiting'), data: liveTopicData['queue-waiting'].update }),
  z.object({ ...update, topic: z.literal('monitor-agents'), data: liveTopicData['monitor-agents'].update }),
  z.object({ ...update, topic: z.literal('monitor-queues'), data: liveTopicData['monitor-queues'].update }),
]);
export const livePong = z.object({ type: z.literal('pong'), id: z.string().optional() });
/** The outcome of a command (`error`: a message in the user's language). */
export const liveResult = z.object({
  type: z.literal('result'),
  id: z.string().optional(),
  ok: z.boolean(),
  error: z.string().optional(),
});
/** BAD_MESSAGE (not JSON or not a client message), FORBIDDEN (a topic the user may not see), INTERNAL. */
export const liveErrorCodes = ['BAD_MESSAGE', 'FORBIDDEN', 'INTERNAL'] as const;
export const liveError = z.object({
  type: z.literal('error'),
  code: z.enum(liveErrorCodes),
  message: z.string(),
  topic: z.enum(liveTopics).optional(),
});
export const liveServerMessage = z.discriminatedUnion('type', [
  liveHello,
  liveSnapshot,
  liveUpdate,
  livePong,
  liveResult,
  liveError,
]);
export type LiveServerMessage = z.infer<typeof liveServerMessage>;
export type LiveSnapshot = z.infer<typeof liveSnapshot>;
export type LiveUpdate = z.infer<typeof liveUpdate>;
export type LiveErrorCode = (typeof liveErrorCodes)[number];
