import type { CommandResult, FlowInput, FlowTrunkDial, SwitchCommand } from '@hujiao/shared';
import type { Logger } from 'pino';
import { DomainError } from '../http/domain-error.ts';
import type { VoiceCodeCaller } from '../modules/caller-id/index.ts';

/** The code is read three times, digit by digit from the prompt files, then the call ends. */
export function voiceCodeFlow(code: string): FlowInput {
  const say = { verb: 'say' as const, digits: code };
  return {
    name: 'caller-id-voice-code',
    lang: 'zh-CN',
    steps: [
      { verb: 'pause', sec: 1 },
      say,
      { verb: 'pause', sec: 1.5 },
      say,
      { verb: 'pause', sec: 1.5 },
      say,
      { verb: 'pause', sec: 1 },
      { verb: 'hangup' },
    ],
  };
}

/**
 * 语音审核: calls the number to verify through the enterprise's outbound routes and trunks and reads the six-digit
 * code; the admin types what they heard. Unavailable (503) while telephony is off or no route takes the number.
 */
export function voiceCodeCaller(d: {
  outsideTarget: (tenantId: string, number: string) => Promise<FlowTrunkDial | null>;
  telephony: { readonly running: boolean; execute(command: SwitchCommand): Promise<CommandResult> };
  logger?: Pick<Logger, 'warn' | 'info'>;
}): VoiceCodeCaller {
  return {
    async call({ tenantId, callerIdId, number, code }) {
      if (!d.telephony.running) throw new DomainError('CALLER_ID_VOICE_UNAVAILABLE');
      const trunk = await d.outsideTarget(tenantId, number);
      if (!trunk) throw new DomainError('CALLER_ID_VOICE_UNAVAILABLE');
      // The call rings for up to 45 s; the API answers at once (the admin waits for the phone, not for the request).
      void d.telephony
        .execute({ command: 'originate', tenantId, to: { trunk }, ringTimeoutSec: 45, flow: voiceCodeFlow(code) })
        .then((r) => d.logger?.info({ tenantId, callerIdId, result: r }, 'caller ID voice code call'))
        .catch((err: unknown) => d.logger?.warn({ err, tenantId, callerIdId }, 'caller ID voice code call failed'));
    },
  };
}
