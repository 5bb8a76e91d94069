import { z } from 'zod';
import { agentStates } from './acd.ts';

/** What an agent sets for themself (置闲 / 置忙 with a reason / 签出); ringing, talking and wrap-up follow calls. */
export const agentStateBody = z.strictObject({
  state: z.enum(['ready', 'busy', 'logged-out'], { error: "must be 'ready', 'busy' or 'logged-out'" }),
  /** A busy reason's code (the busyReason dictionary). */
  reason: z.string().trim().min(1).max(32).optional(),
});
export type AgentStateInput = z.infer<typeof agentStateBody>;

/** The signed-in agent's own state (CTI): what the softphone bar shows; `callId`/`queueId` while on a queue call. */
export const agentLiveState = z.object({
  state: z.enum(agentStates),
  reason: z.string().nullable(),
  /** ISO 8601: when this state began (the bar's timer). */
  since: z.string().nullable(),
  callId: z.string().nullable(),
  queueId: z.string().nullable(),
  /** A member of an enabled queue (the workstation's bar shows for members only). */
  member: z.boolean(),
});
export type AgentLiveState = z.infer<typeof agentLiveState>;

/** GET/PUT /api/agent/state answer the same as the live channel's agent-state topic. */
export const agentStateView = agentLiveState;
export type AgentStateView = AgentLiveState;
