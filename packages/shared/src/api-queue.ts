/**
 * 技能组管理 / 接听组 (queues): the HTTP contract of the queue configuration the admin edits. Every queue holds the
 * ACD engine's fields (acd.ts `acdQueueConfig`, minus `id`), its members (users of the enterprise with a level and
 * an order), and what the switch needs around the engine: music on hold, 播放工号 and red-list priority.
 * Busy reasons (示忙原因) are the data dictionary's built-in type `busyReason` (api-crm.ts), not part of a queue.
 */
import { z } from 'zod';
import { acdAnnouncements, acdMember, acdQueueConfig, acdSticky } from './acd.ts';
import { pageQuery } from './api.ts';

const id = z.uuid();
const timestamp = z.string();

/**
 * 播放工号 before the caller is connected: off · the agent's own number (工号) · a random number from a pattern
 * (随机工号, e.g. `8??`: 8 then two random digits).
 */
export const agentNoAnnouncements = ['off', 'agentNo', 'random'] as const;
export type AgentNoAnnouncement = (typeof agentNoAnnouncements)[number];
/** Digits and `?` (one random digit each), 1-8 characters, at least one `?`. */
export const AGENT_NO_PATTERN_RE = /^(?=.*\?)[0-9?]{1,8}$/;
export const agentNoPattern = z.string().trim().regex(AGENT_NO_PATTERN_RE, { message: 'agentNoPattern' });

export const queueMember = acdMember.extend({ agentId: id });

/** The engine's fields as the form sends them (the queue's id is the row's). */
const engineFields = acdQueueConfig.omit({ id: true, members: true }).shape;

const queueFields = {
  name: z.string().trim().min(1).max(60),
  description: z.string().trim().max(200).default(''),
  ...engineFields,
  /**
   * The periodic prompt (acd.ts `announcements.periodicPrompt`) is an approved voice file (语音文件) of the
   * enterprise, by id.
   */
  announcements: acdAnnouncements
    .extend({ periodicPrompt: id.optional() })
    .default({ positionEverySec: 0, expectedWait: true, periodicEverySec: 0 }),
  sticky: acdSticky.default({ enabled: false, windowSec: 7 * 86_400, waitSec: 0 }),
  members: z.array(queueMember).max(2000).default([]),
  /** 保持音乐 class of the enterprise while the caller waits; null = the enterprise's default class. */
  mohClassId: id.nullable().default(null),
  agentNoAnnouncement: z.enum(agentNoAnnouncements).default('off'),
  /** Used when `agentNoAnnouncement` is `random`. */
  agentNoPattern: agentNoPattern.default('8??'),
  /** Callers on the red list (红名单) wait ahead of the others (a higher ACD priority). */
  redListPriority: z.boolean().default(false),
  enabled: z.boolean().default(true),
};

/** One member at most once. */
function uniqueMembers(v: { members?: Array<{ agentId: string }> }, ctx: z.RefinementCtx) {
  const seen = new Set<string>();
  (v.members ?? []).forEach((m, i) => {
    if (seen.has(m.agentId)) ctx.addIssue({ code: 'custom', path: ['members', i, 'agentId'], message: 'memberTwice' });
    seen.add(m.agentId);
  });
}

/** The same fields without their defaults (a PATCH must not reset what it does not name). */
type Undefaulted<T extends z.ZodRawShape> = { [K in keyof T]: T[K] extends z.ZodDefault<infer I> ? I : T[K] };
function undefaulted<T extends z.ZodRawShape>(shape: T): Undefaulted<T> {
  return Object.fromEntries(
    Object.entries(shape).map(([k, s]) => [k, s instanceof z.ZodDefault ? s.unwrap() : s]),
  ) as Undefaulted<T>;
}
const storedFields = { ...undefaulted(queueFields), agentNoPattern };

export const createQueueBody = z.object(queueFields).superRefine(uniqueMembers);
/** Any field; `members`, when given, replaces the whole list. */
export const updateQueueBody = z.object(storedFields).partial().superRefine(uniqueMembers);
export const queueQuery = pageQuery.extend({
  enabled: z
    .enum(['true', 'false'])
    .transform((v) => v === 'true')
    .optional(),
});

/** A member as listed: the user's name and 工号 beside the engine's fields. */
export const queueMemberView = queueMember.extend({ name: z.string(), agentNo: z.string().nullable() });
export const queue = z.object({
  id,
  ...storedFields,
  agentNoPattern: z.string(),
  members: z.array(queueMemberView),
  createdAt: timestamp,
  updatedAt: timestamp,
});

export type CreateQueueBody = z.input<typeof createQueueBody>;
export type UpdateQueueBody = z.input<typeof updateQueueBody>;
export type QueueMember = z.infer<typeof queueMember>;
export type QueueMemberView = z.infer<typeof queueMemberView>;
export type Queue = z.infer<typeof queue>;
