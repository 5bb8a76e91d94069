import { z } from 'zod';
import { agentStates } from './acd.ts';
import { phoneNumber } from './pbx.ts';

/**
 * Where the ACD rings the agent (签入方式): their bound SIP extension (the default), or 回呼模式 / 远端客服 — a
 * mobile or landline number, dialled through the enterprise's outbound routes and trunks like an extension would
 * dial it (with the route's prefix, if it has one). See docs/adr/0020-agent-callback-device.md.
 */
export const agentDevice = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('extension') }),
  z.strictObject({ kind: z.literal('mobile'), number: phoneNumber }),
]);
export type AgentDevice = z.infer<typeof agentDevice>;

/** What an agent sets for themself (置闲 / 置忙 with a reason / 签出); ringing, talking and wrap-up follow calls. */
export const agentStateBody = z.strictObject({
  state: z.enum(['ready', 'busy', 'logged-out'], { error: "must be 'ready', 'busy' or 'logged-out'" }),
  /** A busy reason's code (the busyReason dictionary). */
  reason: z.string().trim().min(1).max(32).optional(),
  /**
   * Signing in or setting ready/busy: the device to ring from now on (kept until sign-out; absent: unchanged, the
   * extension at sign-in). Ignored with 'logged-out' (sign-out goes back to the extension).
   */
  device: agentDevice.optional(),
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
  /** The device the ACD rings (the extension while signed out). */
  device: agentDevice,
  /** A member of an enabled queue (the workstation's bar shows for members only). */
  member: z.boolean(),
});
export type AgentLiveState = z.infer<typeof agentLiveState>;

/** GET/PUT /api/agent/state answer the same as the live channel's agent-state topic. */
export const agentStateView = agentLiveState;
export type AgentStateView = AgentLiveState;
