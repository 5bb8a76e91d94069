import type { TonePlan } from '@hujiao/media';
import type { HangupCause, SwitchLogger } from '../types.ts';
import type { VoicemailFlowPort } from '../voicemail/voicemail-types.ts';
import type { QueueFlowPort } from './queue-port.ts';

/** What the flow plays: a WAV file (8 or 16 kHz mono) or a tone (until aborted without `durationMs`). */
export type FlowPlaySource = { file: string } | { tone: TonePlan; durationMs?: number };
/** An outside number through trunks, in failover order (see trunk/trunk-dial.ts). */
export interface TrunkDialTarget {
  trunkIds: string[];
  number: string;
  callerId?: string;
  callerName?: string;
  /** The toll-fraud place is taken when the dial starts (RouteResolver.admitOutside), not by the route. */
  admit?: true;
}
export type DialTarget = { extension: string } | { uri: string } | { trunk: TrunkDialTarget };

/** What a target dials, for logs and events: the extension, the URI, or the outside number. */
export function dialTargetLabel(t: DialTarget): string {
  return 'extension' in t ? t.extension : 'uri' in t ? t.uri : t.trunk.number;
}

export const DialResult = {
  Answered: 'answered',
  Busy: 'busy',
  NoAnswer: 'noAnswer',
  Failed: 'failed',
  Cancelled: 'cancelled',
} as const;
export type DialResult = (typeof DialResult)[keyof typeof DialResult];

export interface DialOutcome {
  result: DialResult;
  /** Final SIP status of the target that decided the outcome (200 when answered). */
  sipStatus: number | null;
  /** The answered leg (not yet bridged); null unless answered. */
  legId: string | null;
}
export interface BridgeOutcome {
  endedBy: 'caller' | 'callee' | 'system' | 'transfer';
}
export interface RecordOutcome {
  path: string | null;
  durationMs: number;
  /** 'stopped' when the signal was aborted (the interpreter reports a terminator digit itself). */
  reason: 'maxLength' | 'silence' | 'terminator' | 'hangup' | 'stopped';
}

/** Why `FlowContext.signal` was aborted: pass one of these to `AbortController.abort(reason)`. */
export const FlowAbortReason = { Hangup: 'hangup', Stopped: 'stopped' } as const;
export type FlowAbortReason = (typeof FlowAbortReason)[keyof typeof FlowAbortReason];

/**
 * The port the flow interpreter runs against: one leg of a call (the caller's, or an originated leg). The
 * switch implements it over a real Call/Leg; tests use a fake. Every method with a signal resolves (does not
 * reject) soon after the signal is aborted, and stops what it started.
 */
export interface FlowContext {
  readonly tenantId: string;
  readonly callId: string;
  readonly caller: string;
  readonly callee: string;
  /**
   * Aborted when the flow's leg ends (reason 'hangup') or a command stops the flow (reason 'stopped'); the
   * interpreter then ends at once with that reason.
   */
  readonly signal: AbortSignal;
  readonly logger: SwitchLogger;
  /** The voicemail verb's port (absent: the switch has no VoicemailPort). */
  readonly voicemail?: VoicemailFlowPort;
  /** The enqueue verb's port: the server's ACD (absent: no queues). */
  readonly queues?: QueueFlowPort;
  /** Answers the leg; resolves at once when it is already answered. */
  answer(): Promise<void>;
  /** Resolves when the source has finished or the signal is aborted. */
  play(source: FlowPlaySource, signal: AbortSignal): Promise<void>;
  /** DTMF of the flow's leg (RFC 4733 and SIP INFO); returns the unsubscribe. */
  onDigit(listener: (digit: string) => void): () => void;
  /**
   * Rings the targets; an aborted signal cancels them (result 'cancelled'). `quiet`: the flow's leg hears no
   * ringback or early media (a queue's caller keeps its music).
   */
  dial(
    targets: DialTarget[],
    o: { strategy: 'parallel' | 'sequential'; ringTimeoutSec: number; callerId?: string; quiet?: boolean },
    signal: AbortSignal,
  ): Promise<DialOutcome>;
  /** Hangs up a leg the flow dialled and will not use (a second agent who answered a ring-all offer too late). */
  dropLeg(legId: string): void;
  /** Bridges the flow's leg with `legId` until one side hangs up or the signal is aborted ('system'). */
  bridge(legId: string, signal: AbortSignal): Promise<BridgeOutcome>;
  /** Records what the flow's leg sends (the beep, when asked for, is played by the interpreter first). */
  record(o: { maxSec: number; silenceSec?: number }, signal: AbortSignal): Promise<RecordOutcome>;
  /** Sends back what the leg sends until the signal is aborted. */
  echo(signal: AbortSignal): Promise<void>;
  /** Ends the flow's leg (and with it the flow: the switch aborts `signal` with 'hangup'). */
  hangup(cause?: HangupCause): void;
  /** File path of a prompt, or null (see PromptLibrary). */
  prompt(name: string, lang: string): string | null;
  /** 满意度评价's outcome: the score (1-5) goes on the call record; null: no key counted. Told as `call.survey`. */
  survey(score: number | null): void;
}
