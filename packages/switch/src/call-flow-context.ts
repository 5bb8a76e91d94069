import { mkdir } from 'node:fs/promises';
import { dirname } from 'node:path';
import { MonoWavRecorder, SilenceDetector, SilenceEvent } from '@hujiao/media';
import type { Call } from './call.ts';
import type {
  BridgeOutcome,
  DialOutcome,
  DialTarget,
  FlowContext,
  FlowPlaySource,
  RecordOutcome,
} from './flow/flow-context.ts';
import type { PromptLibrary } from './flow/prompt-library.ts';
import type { QueueFlowPort } from './flow/queue-port.ts';
import type { Leg } from './leg.ts';
import type { OutboundTarget } from './outbound-leg.ts';
import { HangupCause, HangupSide, type SwitchLogger } from './types.ts';
import type { VoicemailFlowPort } from './voicemail/voicemail-types.ts';

/** Turns flow dial targets into INVITE forks: one group per target when sequential, one group of all when parallel. */
export type TargetResolver = (
  call: Call,
  targets: DialTarget[],
  /** autoAnswer: extensions' phones are asked to answer by themselves (Call-Info: answer-after=0). */
  options: { strategy: 'parallel' | 'sequential'; callerId?: string; autoAnswer?: boolean },
) => Promise<OutboundTarget[][]>;

/** Resolves when `signal` aborts (at once if it already has). */
function aborted(signal: AbortSignal): Promise<void> {
  if (signal.aborted) return Promise.resolve();
  return new Promise((resolve) => signal.addEventListener('abort', () => resolve(), { once: true }));
}

/**
 * The flow interpreter's port over a real call: the flow drives one leg (the caller's, or an originated leg);
 * dialled legs join the call, bridges are the call's connections, so transfers and holds that happen while
 * a `bridge` runs are the call's business and the verb only learns when its leg is alone again.
 */
export class CallFlowContext implements FlowContext {
  readonly signal: AbortSignal;
  readonly logger: SwitchLogger;
  private records = 0;

  constructor(
    private readonly call: Call,
    private readonly leg: Leg,
    private readonly resolveTargets: TargetResolver,
    private readonly prompts: PromptLibrary,
    signal: AbortSignal,
    readonly voicemail?: VoicemailFlowPort,
    readonly queues?: QueueFlowPort,
  ) {
    this.signal = signal;
    this.logger = call.logger;
  }

  get tenantId(): string {
    return this.call.tenantId;
  }
  get callId(): string {
    return this.call.id;
  }
  get caller(): string {
    return this.call.options.caller;
  }
  get callee(): string {
    return this.call.options.callee;
  }

  async answer(): Promise<void> {
    if (this.leg === this.call.inbound) await this.call.answer();
  }

  async play(source: FlowPlaySource, signal: AbortSignal): Promise<void> {
    if (signal.aborted || this.leg.isEnded) return;
    const stop = () => this.leg.stopPlaying();
    signal.addEventListener('abort', stop, { once: true });
    try {
      await this.leg.play(source);
    } finally {
      signal.removeEventListener('abort', stop);
    }
  }

  onDigit(listener: (digit: string) => void): () => void {
    return this.call.onDigits(this.leg, listener);
  }

  async dial(
    targets: DialTarget[],
    o: { strategy: 'parallel' | 'sequential'; ringTimeoutSec: number; callerId?: string; quiet?: boolean },
    signal: AbortSignal,
  ): Promise<DialOutcome> {
    const groups = await this.resolveTargets(this.call, targets, {
      strategy: o.strategy,
      ...(o.callerId ? { callerId: o.callerId } : {}),
    });
    if (signal.aborted) return { result: 'cancelled', sipStatus: null, legId: null };
    const outcome = await this.call.dial(
      {
        groups: groups.filter((g) => g.length > 0),
        ringTimeoutMs: o.ringTimeoutSec * 1000,
        waiting: this.leg,
        ...(o.quiet ? { quiet: true } : {}),
      },
      signal,
    );
    return { result: outcome.result, sipStatus: outcome.sipStatus, legId: outcome.leg?.id ?? null };
  }

  dropLeg(legId: string): void {
    const leg = this.call.leg(legId);
    if (leg && !leg.isEnded) leg.hangup(HangupCause.Normal);
  }

  async bridge(legId: string, signal: AbortSignal): Promise<BridgeOutcome> {
    const other = this.call.leg(legId);
    if (!other || other.isEnded || signal.aborted) return { endedBy: 'system' };
    await this.call.connect([this.leg, other]);
    const side = await this.call.waitAlone(this.leg, signal);
    if (signal.aborted) return { endedBy: 'system' };
    return { endedBy: side === HangupSide.Caller ? 'caller' : side === HangupSide.Callee ? 'callee' : 'system' };
  }

  async record(o: { maxSec: number; silenceSec?: number }, signal: AbortSignal): Promise<RecordOutcome> {
    const base = this.call.recordingPath;
    if (!base || signal.aborted) return { path: null, durationMs: 0, reason: signal.aborted ? 'stopped' : 'hangup' };
    const path = `${base.replace(/\.wav$/, '')}-rec${++this.records}.wav`;
    // The call's own recording may not have made the folder yet (it starts at answer, asynchronously).
    await mkdir(dirname(path), { recursive: true }).catch(() => undefined);
    const recorder = await MonoWavRecorder.create(path).catch((err: unknown) => {
      this.logger.warn({ err: String(err), path }, 'cannot record');
      return null;
    });
    if (!recorder) return { path: null, durationMs: 0, reason: 'stopped' };
    const silence = o.silenceSec ? new SilenceDetector({ holdMs: o.silenceSec * 1000 }) : null;
    let reason: RecordOutcome['reason'] = 'maxLength';
    await new Promise<void>((resolve) => {
      const finish = (why: RecordOutcome['reason']) => {
        reason = why;
        clearTimeout(timer);
        unsubscribe();
        signal.removeEventListener('abort', onAbort);
        resolve();
      };
      const onAbort = () => finish(this.leg.isEnded ? 'hangup' : 'stopped');
      const timer = setTimeout(() => finish('maxLength'), o.maxSec * 1000);
      const unsubscribe = this.leg.said.subscribe((pcm) => {
        recorder.write(pcm);
        if (silence?.push(pcm) === SilenceEvent.SILENCE && silence.heardSpeech) finish('silence');
      });
      signal.addEventListener('abort', onAbort, { once: true });
      if (this.leg.isEnded) finish('hangup');
    });
    const durationMs = recorder.durationMs;
    await recorder.close();
    return { path, durationMs, reason };
  }

  async echo(signal: AbortSignal): Promise<void> {
    const leg = this.leg;
    const media = leg.media;
    if (!media) return;
    leg.sink = (packet) => {
      if (packet.payloadType === media.payloadType) leg.sendAudio(packet.payload);
    };
    await aborted(signal);
    leg.sink = null;
  }

  hangup(cause: HangupCause = HangupCause.Normal): void {
    this.call.hangupLeg(this.leg, cause);
  }

  prompt(name: string, lang: string): string | null {
    return this.prompts.path(name, lang);
  }

  survey(score: number | null): void {
    if (score !== null) this.call.satisfaction = score;
    this.call.ctx.emit({
      type: 'call.survey',
      tenantId: this.call.tenantId,
      callId: this.call.id,
      legId: this.leg.id,
      score,
      at: new Date().toISOString(),
    });
  }
}
