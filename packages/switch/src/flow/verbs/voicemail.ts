import type { StepOf } from '@hujiao/shared';
import { listenToBox } from '../../voicemail/voicemail-listen.ts';
import type { VoicemailFlowPort, VoicemailPort } from '../../voicemail/voicemail-types.ts';
import type { FlowContext } from '../flow-context.ts';
import { SystemPrompt } from '../prompt-library.ts';
import { childController } from '../signals.ts';
import { type FlowState, type FlowTask, NEXT, type TaskResult } from '../task.ts';
import { BEEP_MS, BEEP_TONE } from '../tones.ts';

/** Messages shorter than this are dropped (a caller who hung up at the beep). */
export const VOICEMAIL_MIN_MS = 1000;
/** A message whose RMS stays below this (16-bit scale, about -60 dBFS) is silence and dropped. */
export const VOICEMAIL_SILENCE_RMS = 32;

export const VoicemailResult = {
  Stored: 'stored',
  TooShort: 'tooShort',
  Silent: 'silent',
  Unavailable: 'unavailable',
  Listened: 'listened',
} as const;
export type VoicemailResult = (typeof VoicemailResult)[keyof typeof VoicemailResult];

/**
 * 语音信箱. Deposit: the box's greeting (custom from the port, else the leave-message prompt), a beep, the
 * recording (until maxSec, '#' or hang-up), then the message goes to the port unless it is under 1 s or silent.
 * Listen: the box's messages from the phone (see voicemail-listen.ts). Without a voicemail port the step logs it
 * and hangs up. Sets `voicemailResult`.
 */
export class VoicemailTask implements FlowTask {
  readonly verb = 'voicemail';
  constructor(readonly step: StepOf<'voicemail'>) {}

  async run(ctx: FlowContext, state: FlowState): Promise<TaskResult> {
    const box = state.subst(this.step.box).trim();
    const vm = ctx.voicemail;
    if (!vm?.port || !box) {
      ctx.logger.warn({ box }, 'flow: voicemail step without a voicemail port (or box): hanging up');
      state.vars.voicemailResult = VoicemailResult.Unavailable;
      ctx.hangup();
      return { kind: 'end' };
    }
    await state.answer();
    if (this.step.action === 'listen') {
      await listenToBox(ctx, state, vm.port, box);
      state.vars.voicemailResult = VoicemailResult.Listened;
      return NEXT;
    }
    const result = await this.deposit(ctx, state, vm, vm.port, box);
    state.vars.voicemailResult = result;
    if (!ctx.signal.aborted) {
      const bye = ctx.prompt(SystemPrompt.Goodbye, state.lang);
      if (bye) await ctx.play({ file: bye }, ctx.signal);
    }
    return NEXT;
  }

  private async greetingFile(ctx: FlowContext, state: FlowState, port: VoicemailPort, box: string) {
    const g = this.step.greeting;
    if (g !== 'default') return state.subst(g.file);
    const custom = await port.greeting(ctx.tenantId, box).catch((err: unknown) => {
      ctx.logger.warn({ err: String(err), box }, 'flow: voicemail greeting not found');
      return null;
    });
    return custom ?? ctx.prompt(SystemPrompt.LeaveMessage, state.lang);
  }

  private async deposit(
    ctx: FlowContext,
    state: FlowState,
    vm: VoicemailFlowPort,
    port: VoicemailPort,
    box: string,
  ): Promise<VoicemailResult> {
    const greeting = await this.greetingFile(ctx, state, port, box);
    // '#' during the greeting skips to the beep; during the recording it ends the message.
    state.digits.clear();
    const skip = childController(ctx.signal);
    const offSkip = state.digits.onPush(() => {
      if (state.digits.take() === '#') skip.abort('skip');
    });
    try {
      if (greeting) await ctx.play({ file: greeting }, skip.signal);
    } finally {
      offSkip();
      skip.dispose();
    }
    if (ctx.signal.aborted) return VoicemailResult.TooShort;
    if (this.step.beep) await ctx.play({ tone: BEEP_TONE, durationMs: BEEP_MS }, ctx.signal);
    if (ctx.signal.aborted) return VoicemailResult.TooShort;
    state.digits.clear();
    const stop = childController(ctx.signal);
    const offStop = state.digits.onPush(() => {
      while (state.digits.size > 0) if (state.digits.take() === '#') stop.abort('terminator');
    });
    const at = new Date();
    let outcome: Awaited<ReturnType<FlowContext['record']>>;
    try {
      outcome = await ctx.record({ maxSec: this.step.maxSec }, stop.signal);
    } finally {
      offStop();
      stop.dispose();
      state.digits.clear();
    }
    const file = outcome.path;
    if (!file) return VoicemailResult.Unavailable;
    if (outcome.durationMs < VOICEMAIL_MIN_MS) {
      await vm.discard(file);
      ctx.logger.info({ box, durationMs: outcome.durationMs }, 'flow: voicemail too short, dropped');
      return VoicemailResult.TooShort;
    }
    const level = await vm.level(file);
    if (level !== null && level < VOICEMAIL_SILENCE_RMS) {
      await vm.discard(file);
      ctx.logger.info({ box, level }, 'flow: silent voicemail dropped');
      return VoicemailResult.Silent;
    }
    const message = {
      tenantId: ctx.tenantId,
      box,
      callId: ctx.callId,
      caller: ctx.caller,
      callerName: vm.callerName,
      file,
      durationMs: Math.round(outcome.durationMs),
      at,
    };
    try {
      await port.deposit(message);
    } catch (err) {
      ctx.logger.error({ err: String(err), box, file }, 'flow: voicemail not stored');
      return VoicemailResult.Unavailable;
    }
    ctx.logger.info({ box, durationMs: message.durationMs }, 'flow: voicemail stored');
    return VoicemailResult.Stored;
  }
}
