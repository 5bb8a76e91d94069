/**
 * ACD contract (step 4): queue (技能组/接听组) configuration as the engine (@hujiao/acd) reads it, agent states
 * (坐席状态) and the names of the outcomes. The server's tables and the console's forms build on these shapes.
 * Times are seconds; 0 switches a feature off where noted.
 */
import { z } from 'zod';
import { acdCallOutcomes, acdOverflowReasons } from './acd-outcomes.ts';
import { destination } from './pbx.ts';

export { acdCallOutcomes, acdOverflowReasons, queueLostStages } from './acd-outcomes.ts';

/**
 * ring-all 全部振铃 · round-robin 轮选 (the next agent after the last one offered) · round-robin-memory 记忆呼叫
 * (the next agent after the last one who answered) · longest-idle 最长空闲 · fewest-calls 最少接听 · least-talk-time
 * 最少通话时长 · random 随机 · in-order-of-level 按级别顺序 (level, then member order). Every strategy picks only
 * among the ready agents of the best (smallest) level that has any.
 */
export const acdStrategies = [
  'ring-all',
  'round-robin',
  'round-robin-memory',
  'longest-idle',
  'fewest-calls',
  'least-talk-time',
  'random',
  'in-order-of-level',
] as const;

/** 未登录 · 就绪(置闲) · 置忙 (with a reason) · 振铃 · 通话 · 保持 · 话后 */
export const agentStates = ['logged-out', 'ready', 'busy', 'ringing', 'talking', 'hold', 'wrap-up'] as const;

/** Busy reason the engine sets itself after too many unanswered offers (自动示忙). */
export const AUTO_BUSY_REASON = 'no-answer';

export const acdMember = z.object({
  agentId: z.string().min(1).max(64),
  /** 1 = first; a level is only rung when no agent of a smaller level is ready. */
  level: z.number().int().min(1).max(99).default(1),
  /** Order within the queue (in-order-of-level, round robin, ties). */
  order: z.number().int().min(0).max(100_000).default(0),
});

export const acdAnnouncements = z.object({
  /** Tell the caller their position (and expected wait) every N seconds; 0 = never. */
  positionEverySec: z.number().int().min(0).max(3600).default(0),
  expectedWait: z.boolean().default(true),
  /** A periodic prompt every N seconds; 0 = never. */
  periodicEverySec: z.number().int().min(0).max(3600).default(0),
  periodicPrompt: z.string().max(120).optional(),
});

export const acdSticky = z.object({
  enabled: z.boolean().default(false),
  /** The caller's last agent counts if they talked within this many seconds. */
  windowSec: z
    .number()
    .int()
    .min(1)
    .max(90 * 86_400)
    .default(7 * 86_400),
  /** Wait this long for that agent when they are not ready (0 = offer the others at once). */
  waitSec: z.number().int().min(0).max(600).default(0),
});

export const acdQueueConfig = z.object({
  id: z.string().min(1).max(64),
  strategy: z.enum(acdStrategies).default('longest-idle'),
  members: z.array(acdMember).max(2000).default([]),
  /** Ring time of one offer (振铃时长). */
  ringTimeoutSec: z.number().int().min(5).max(300).default(20),
  /** 0 = wait without limit. */
  maxWaitSec: z.number().int().min(0).max(86_400).default(0),
  /** 0 = no limit. */
  maxLength: z.number().int().min(0).max(10_000).default(0),
  /** Callers may enter while no member is signed in; false = overflow (reason empty) at once. */
  joinEmpty: z.boolean().default(false),
  /** Waiting callers leave (reason empty) when the last member signs out. */
  leaveWhenEmpty: z.boolean().default(true),
  /** Where callers go on each overflow reason; null/absent = the caller hangs up. */
  overflow: z
    .object({
      timeout: destination.nullable().optional(),
      full: destination.nullable().optional(),
      empty: destination.nullable().optional(),
    })
    .default({}),
  /** After N unanswered offers in a row the agent is set busy (reason no-answer); 0 = never. */
  autoBusyAfter: z.number().int().min(0).max(100).default(3),
  /** 话后 time; 0 = ready at once after the call. */
  wrapUpSec: z.number().int().min(0).max(3600).default(0),
  /** Answered within this many seconds counts toward the service level. */
  serviceLevelSec: z.number().int().min(1).max(3600).default(20),
  sticky: acdSticky.default({ enabled: false, windowSec: 7 * 86_400, waitSec: 0 }),
  announcements: acdAnnouncements.default({ positionEverySec: 0, expectedWait: true, periodicEverySec: 0 }),
});

export type { AcdCallOutcome, AcdOverflowReason, QueueLostStage } from './acd-outcomes.ts';
export type AcdStrategy = (typeof acdStrategies)[number];
export type AgentState = (typeof agentStates)[number];
export type AcdMember = z.infer<typeof acdMember>;
export type AcdQueueConfig = z.infer<typeof acdQueueConfig>;
/** The form as typed (defaults not yet applied). */
export type AcdQueueConfigInput = z.input<typeof acdQueueConfig>;
