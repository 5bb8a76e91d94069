/** A FlowContext without sockets for the interpreter's tests: every operation runs on (fake) timers. */
import type { HangupCause, SwitchLogger } from '../types.ts';
import {
  type BridgeOutcome,
  type DialOutcome,
  type DialTarget,
  dialTargetLabel,
  type FlowContext,
  type FlowPlaySource,
  type RecordOutcome,
} from './flow-context.ts';
import type { QueueFlowPort } from './queue-port.ts';

export interface FakeScript {
  /** Play length of a source in ms; Infinity plays until aborted. Default: files 1000 ms, tones their duration. */
  playMs?: (source: FlowPlaySource) => number;
  /** One outcome for every dial, or per dial (the targets it got). */
  dial?:
    | { afterMs: number; outcome: DialOutcome }
    | ((targets: DialTarget[]) => { afterMs: number; outcome: DialOutcome });
  bridge?: { afterMs: number; outcome: BridgeOutcome };
  record?: { afterMs: number; outcome: RecordOutcome };
  /** Prompt names with no file. */
  missingPrompts?: string[];
  /** Make play reject (a broken media path). */
  playError?: Error;
}

export class FakeFlowContext implements FlowContext {
  readonly tenantId = 't1';
  readonly callId = 'call-1';
  readonly caller: string;
  readonly callee: string;
  readonly controller = new AbortController();
  readonly signal = this.controller.signal;
  readonly events: string[] = [];
  readonly logs: Array<{ level: string; msg: string | undefined; obj: Record<string, unknown> }> = [];
  readonly logger: SwitchLogger;
  /** The enqueue verb's ACD (a test sets a scripted one). */
  queues?: QueueFlowPort;
  /** Operations started and not yet settled (each must settle after an abort). */
  pending = 0;
  private readonly digitListeners = new Set<(d: string) => void>();

  constructor(
    readonly script: FakeScript = {},
    who: { caller?: string; callee?: string } = {},
  ) {
    this.caller = who.caller ?? '1001';
    this.callee = who.callee ?? '8000';
    const log =
      (level: string) =>
      (obj: Record<string, unknown>, msg?: string): void => {
        this.logs.push({ level, msg, obj });
      };
    this.logger = {
      debug: () => {},
      info: log('info'),
      warn: log('warn'),
      error: log('error'),
      child: () => this.logger,
    };
  }

  get digitListenerCount(): number {
    return this.digitListeners.size;
  }

  /** The phone sends a DTMF digit. */
  press(digits: string): void {
    for (const d of digits) for (const l of [...this.digitListeners]) l(d);
  }

  /** The caller hangs up. */
  callerHangsUp(): void {
    this.events.push('caller-bye');
    this.controller.abort('hangup');
  }

  async answer(): Promise<void> {
    this.events.push('answer');
  }

  play(source: FlowPlaySource, signal: AbortSignal): Promise<void> {
    const name = 'file' in source ? `play ${source.file}` : `tone ${source.tone.frequencies.join('+')}`;
    this.events.push(name);
    if (this.script.playError) return Promise.reject(this.script.playError);
    const ms =
      this.script.playMs?.(source) ?? ('file' in source ? 1000 : (source.durationMs ?? Number.POSITIVE_INFINITY));
    return this.until(
      ms,
      signal,
      () => undefined,
      () => {
        this.events.push(`stopped ${name}`);
      },
    );
  }

  onDigit(listener: (digit: string) => void): () => void {
    this.digitListeners.add(listener);
    return () => this.digitListeners.delete(listener);
  }

  dial(
    targets: DialTarget[],
    o: { strategy: 'parallel' | 'sequential'; ringTimeoutSec: number; callerId?: string; quiet?: boolean },
    signal: AbortSignal,
  ): Promise<DialOutcome> {
    const list = targets.map(dialTargetLabel).join(',');
    const quiet = o.quiet ? ' quiet' : '';
    this.events.push(`dial ${list} ${o.strategy} ${o.ringTimeoutSec}s${o.callerId ? ` as ${o.callerId}` : ''}${quiet}`);
    const scripted = typeof this.script.dial === 'function' ? this.script.dial(targets) : this.script.dial;
    const { afterMs, outcome } = scripted ?? {
      afterMs: 2000,
      outcome: { result: 'answered', sipStatus: 200, legId: 'leg-b' },
    };
    return this.until(
      afterMs,
      signal,
      () => outcome,
      () => ({ result: 'cancelled', sipStatus: 487, legId: null }),
    );
  }

  dropLeg(legId: string): void {
    this.events.push(`drop ${legId}`);
  }

  bridge(legId: string, signal: AbortSignal): Promise<BridgeOutcome> {
    this.events.push(`bridge ${legId}`);
    const { afterMs, outcome } = this.script.bridge ?? { afterMs: 10_000, outcome: { endedBy: 'callee' } };
    return this.until(
      afterMs,
      signal,
      () => outcome,
      () => ({ endedBy: 'system' }),
    );
  }

  record(o: { maxSec: number; silenceSec?: number }, signal: AbortSignal): Promise<RecordOutcome> {
    this.events.push(`record ${o.maxSec}s${o.silenceSec ? ` silence ${o.silenceSec}s` : ''}`);
    const started = Date.now();
    const { afterMs, outcome } = this.script.record ?? {
      afterMs: o.maxSec * 1000,
      outcome: { path: '/rec/1.wav', durationMs: o.maxSec * 1000, reason: 'maxLength' },
    };
    return this.until(
      afterMs,
      signal,
      () => outcome,
      () => ({ path: '/rec/1.wav', durationMs: Date.now() - started, reason: 'stopped' }),
    );
  }

  echo(signal: AbortSignal): Promise<void> {
    this.events.push('echo');
    return this.until(
      Number.POSITIVE_INFINITY,
      signal,
      () => undefined,
      () => {
        this.events.push('echo stopped');
      },
    );
  }

  hangup(cause?: HangupCause): void {
    this.events.push(`hangup ${cause ?? 'normal'}`);
    this.controller.abort('hangup');
  }

  survey(score: number | null): void {
    this.events.push(`survey ${score ?? 'none'}`);
  }

  prompt(name: string, lang: string): string | null {
    return this.script.missingPrompts?.includes(name) ? null : `/p/${lang}/${name}.wav`;
  }

  /** Settles with `done()` after `ms`, or with `aborted()` when the signal is aborted first. */
  private until<T>(ms: number, signal: AbortSignal, done: () => T, aborted: () => T): Promise<T> {
    this.pending++;
    return new Promise<T>((resolve) => {
      const finish = (value: T) => {
        clearTimeout(timer);
        signal.removeEventListener('abort', onAbort);
        this.pending--;
        resolve(value);
      };
      const onAbort = () => finish(aborted());
      const timer = Number.isFinite(ms) ? setTimeout(() => finish(done()), ms) : undefined;
      if (signal.aborted) onAbort();
      else signal.addEventListener('abort', onAbort, { once: true });
    });
  }
}
