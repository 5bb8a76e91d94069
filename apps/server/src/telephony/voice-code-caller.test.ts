import { parseFlow, type SwitchCommand } from '@hujiao/shared';
import { describe, expect, it } from 'vitest';
import { voiceCodeCaller, voiceCodeFlow } from './voice-code-caller.ts';

const call = { tenantId: 't1', callerIdId: 'c1', number: '13800138000', code: '042917' };

describe('caller-ID voice code call (语音审核)', () => {
  it('reads the code three times digit by digit, then hangs up (a valid flow)', () => {
    const parsed = parseFlow(voiceCodeFlow('042917'));
    expect(parsed.ok).toBe(true);
    const says = voiceCodeFlow('042917').steps.filter((s) => s.verb === 'say');
    expect(says).toEqual([0, 1, 2].map(() => ({ verb: 'say', digits: '042917' })));
    expect(voiceCodeFlow('042917').steps.at(-1)).toEqual({ verb: 'hangup' });
  });

  it('places the call through the trunks the routes chose', async () => {
    const sent: SwitchCommand[] = [];
    const caller = voiceCodeCaller({
      outsideTarget: async () => ({ trunkIds: ['a', 'b'], number: '13800138000', callerId: '02566660001' }),
      telephony: { running: true, execute: async (c) => (sent.push(c), { ok: true }) as never },
    });
    await caller.call(call);
    expect(sent).toMatchObject([
      { command: 'originate', tenantId: 't1', to: { trunk: { trunkIds: ['a', 'b'], number: '13800138000' } } },
    ]);
  });

  it('is unavailable while telephony is off or no route takes the number', async () => {
    const off = voiceCodeCaller({
      outsideTarget: async () => ({ trunkIds: ['a'], number: '1' }),
      telephony: { running: false, execute: async () => ({ ok: true }) as never },
    });
    await expect(off.call(call)).rejects.toMatchObject({ code: 'CALLER_ID_VOICE_UNAVAILABLE' });
    const noRoute = voiceCodeCaller({
      outsideTarget: async () => null,
      telephony: { running: true, execute: async () => ({ ok: true }) as never },
    });
    await expect(noRoute.call(call)).rejects.toMatchObject({ code: 'CALLER_ID_VOICE_UNAVAILABLE' });
  });
});
