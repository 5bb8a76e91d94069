/**
 * Commands to the switch's calls, as JSON-safe zod types: what the server's API and (later) the CTI WebSocket
 * validate, what a NATS adapter can carry to the node that holds the call. The switch executes them; its events
 * (call-events.ts) tell what happened.
 */
import { z } from 'zod';
import { dtmfDigits, flow, flowTrunkDial } from './flow.ts';

const id = z.string().min(1).max(128);
/**
 * An extension of the enterprise, a SIP URI, or an outside number through trunks as the outbound routes decided it
 * (the server's own calls, e.g. the caller-ID voice code; the HTTP API takes extensions only).
 */
export const commandDialTarget = z.union([
  z.strictObject({ extension: z.string().regex(/^[0-9*#+]{1,32}$/, { error: 'must be an extension number' }) }),
  z.strictObject({
    uri: z
      .string()
      .regex(/^sips?:[^\s]+$/, { error: 'must be a sip: URI' })
      .max(512),
  }),
  z.strictObject({ trunk: flowTrunkDial }),
]);
export type CommandDialTarget = z.infer<typeof commandDialTarget>;

const onLeg = { callId: id, legId: id };

export const originateCommand = z.strictObject({
  command: z.literal('originate'),
  tenantId: id,
  /** Set by the caller to match the originate.result event; generated when absent. */
  requestId: id.optional(),
  to: commandDialTarget,
  /** Shown to the called phone (the user part of From). */
  callerId: z.string().max(64).optional(),
  ringTimeoutSec: z.number().int().min(1).max(300).default(30),
  /** Run on the answered leg (e.g. play a file, or dial a customer and bridge: click-to-call). */
  flow: flow.optional(),
  /**
   * Placed on behalf of a party (click-to-call: the agent's extension calling `callee`): the call, its record and
   * the CTI show `caller` → `callee` in `direction`, and the call counts as answered when the callee answers, not
   * when the originated phone does. Not in the HTTP API (a call record must not be made up).
   */
  onBehalf: z
    .strictObject({
      caller: z.string().min(1).max(64),
      callee: z.string().min(1).max(64),
      direction: z.enum(['inbound', 'outbound', 'internal']),
    })
    .optional(),
  /**
   * The called phone answers by itself (Call-Info: answer-after=0, honoured by the browser phone and by desk phones
   * set to): its user asked for this call (click-to-call). Not in the HTTP API (it would open a microphone).
   */
  autoAnswer: z.boolean().optional(),
});
/**
 * Call pick-up (代接) for a phone: `extension` (the picker's) rings as one more fork of a dial ringing another
 * extension of the tenant — `ringing` when given, else the oldest call ringing one of `among` (any extension when
 * absent) that `extension` is not already in; when it answers it takes the call and the other forks stop ringing.
 * Answers after the outcome (callNotFound: nothing rings).
 */
export const pickupCommand = z.strictObject({
  command: z.literal('pickup'),
  tenantId: id,
  extension: z.string().regex(/^[0-9]{1,32}$/),
  ringing: z
    .string()
    .regex(/^[0-9]{1,32}$/)
    .optional(),
  among: z
    .array(z.string().regex(/^[0-9]{1,32}$/))
    .max(10_000)
    .optional(),
  ringTimeoutSec: z.number().int().min(1).max(300).default(30),
});
export const hangupCommand = z.strictObject({ command: z.literal('hangup'), callId: id, legId: id.optional() });
export const transferCommand = z.strictObject({
  command: z.literal('transfer'),
  ...onLeg,
  target: commandDialTarget,
});
/**
 * The leg leaves (hung up) and the party it was with (the customer) runs `flow` on its own leg, keeping the call,
 * its recording and its call record: a queue, an IVR menu, an outside number, the satisfaction survey.
 */
export const redirectCommand = z.strictObject({ command: z.literal('redirect'), ...onLeg, flow });
export const consultCommand = z.strictObject({ command: z.literal('consult'), ...onLeg, target: commandDialTarget });
export const completeTransferCommand = z.strictObject({ command: z.literal('completeTransfer'), ...onLeg });
export const cancelTransferCommand = z.strictObject({ command: z.literal('cancelTransfer'), ...onLeg });
export const holdCommand = z.strictObject({ command: z.literal('hold'), ...onLeg });
export const resumeCommand = z.strictObject({ command: z.literal('resume'), ...onLeg });
export const conferenceAddCommand = z.strictObject({
  command: z.literal('conferenceAdd'),
  /** The leg whose conversation the target joins. */
  ...onLeg,
  target: commandDialTarget,
});
/** 监听 (hears both, heard by none), 密语 (only the agent hears the supervisor), 强插 (all three hear each other). */
export const superviseModes = ['listen', 'whisper', 'barge'] as const;
export type SuperviseMode = (typeof superviseModes)[number];
/**
 * A supervisor joins the agent's conversation: `legId` is the agent's leg; the supervisor's phone (`target`) rings,
 * asked to answer by itself, and joins in `mode`. Not in the HTTP call API (the supervision routes check the team).
 */
export const superviseCommand = z.strictObject({
  command: z.literal('supervise'),
  ...onLeg,
  target: commandDialTarget,
  mode: z.enum(superviseModes),
});
/** Moves a supervisor (`legId`: their leg) between 监听, 密语 and 强插 without ringing again. */
export const superviseModeCommand = z.strictObject({
  command: z.literal('superviseMode'),
  ...onLeg,
  mode: z.enum(superviseModes),
});
export const conferenceRemoveCommand = z.strictObject({ command: z.literal('conferenceRemove'), ...onLeg });
export const playCommand = z.strictObject({
  command: z.literal('play'),
  ...onLeg,
  file: z.string().min(1).max(1024),
  loop: z.boolean().default(false),
});
export const stopPlayCommand = z.strictObject({ command: z.literal('stopPlay'), ...onLeg });
export const muteCommand = z.strictObject({ command: z.literal('mute'), ...onLeg, muted: z.boolean() });
export const sendDtmfCommand = z.strictObject({ command: z.literal('sendDtmf'), ...onLeg, digits: dtmfDigits });

export const switchCommandSchema = z.discriminatedUnion('command', [
  originateCommand,
  pickupCommand,
  hangupCommand,
  transferCommand,
  redirectCommand,
  consultCommand,
  completeTransferCommand,
  cancelTransferCommand,
  holdCommand,
  resumeCommand,
  conferenceAddCommand,
  conferenceRemoveCommand,
  superviseCommand,
  superviseModeCommand,
  playCommand,
  stopPlayCommand,
  muteCommand,
  sendDtmfCommand,
]);
export type SwitchCommand = z.input<typeof switchCommandSchema>;
export type ParsedSwitchCommand = z.output<typeof switchCommandSchema>;
export type SwitchCommandName = ParsedSwitchCommand['command'];

export const commandErrors = ['callNotFound', 'legNotFound', 'invalidState', 'tenantNotFound', 'failed'] as const;
export type CommandError = (typeof commandErrors)[number];

/** What a command returns at once; how a call goes on comes as events. */
export type CommandResult =
  | { ok: true; callId?: string; legId?: string | null; outcome?: string; status?: number | null }
  | { ok: false; error: CommandError; message: string };

/** An originate as the HTTP API takes it: the tenant is the caller's own. */
export const originateRequest = originateCommand.omit({
  tenantId: true,
  command: true,
  onBehalf: true,
  autoAnswer: true,
});
export type OriginateRequest = z.input<typeof originateRequest>;
/** A command on one call as the HTTP API takes it (the call id is in the path). */
export const callCommandRequest = z.discriminatedUnion('command', [
  hangupCommand.omit({ callId: true }),
  transferCommand.omit({ callId: true }),
  redirectCommand.omit({ callId: true }),
  consultCommand.omit({ callId: true }),
  completeTransferCommand.omit({ callId: true }),
  cancelTransferCommand.omit({ callId: true }),
  holdCommand.omit({ callId: true }),
  resumeCommand.omit({ callId: true }),
  conferenceAddCommand.omit({ callId: true }),
  conferenceRemoveCommand.omit({ callId: true }),
  stopPlayCommand.omit({ callId: true }),
  muteCommand.omit({ callId: true }),
  sendDtmfCommand.omit({ callId: true }),
]);
export type CallCommandRequest = z.input<typeof callCommandRequest>;

/** A call in progress, as the live API shows it. */
export const liveCallSchema = z.object({
  callId: z.string(),
  caller: z.string(),
  callee: z.string(),
  startedAt: z.string(),
  answeredAt: z.string().nullable(),
  legs: z.array(
    z.object({
      legId: z.string(),
      role: z.enum(['caller', 'callee']),
      extension: z.string().nullable(),
      state: z.string(),
      held: z.boolean(),
      partners: z.array(z.string()),
    }),
  ),
});
export type LiveCall = z.infer<typeof liveCallSchema>;
export const commandResultSchema = z.object({
  ok: z.boolean(),
  callId: z.string().optional(),
  legId: z.string().nullable().optional(),
  outcome: z.string().optional(),
  status: z.number().nullable().optional(),
});
