import { z } from 'zod';
import { agentStates } from './acd.ts';

/** What an agent sets for themself (置闲 / 置忙 with a reason / 签出); ringing, talking and wrap-up follow calls. */
export const agentStateBody = z.strictObject({
  state: z.enum(['ready', 'busy', 'logged-out'], { error: "must be 'ready', 'busy' or 'logged-out'" }),
  /** A busy reason's code (the busyReason dictionary). */
  reason: z.string().trim().min(1).max(32).optional(),
});
export type AgentStateInput = z.infer<typeof agentStateBody>;

export const agentStateView = z.object({
  state: z.enum(agentStates),
  reason: z.string().nullable(),
});
export type AgentStateView = z.infer<typeof agentStateView>;
