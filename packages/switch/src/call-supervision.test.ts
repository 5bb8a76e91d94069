import { tonesPresent } from '@hujiao/media';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryDirectory } from './directory.ts';
import { createSwitch, type Switch } from './switch.ts';
import { BrowserPhone } from './test-support/browser-phone.ts';
import { EventLog, testLogger } from './test-support/peers.ts';

/**
 * Supervision on the switch, with real SIP phones (werift browser phones over SIP/WebSocket): a customer (1002,
 * 500 Hz) talks with an agent (1003, 900 Hz); the supervisor's phone (1001, 1300 Hz) rings, answers by itself and
 * listens, whispers, barges — each side's tones measured with Goertzel. Ports: RTP 23400-23499, ICE any.
 */
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const TONES = [500, 900, 1300];

describe('监听, 密语, 强插: a supervisor in an agent’s call', { timeout: 40_000 }, () => {
  let sw: Switch;
  const events = new EventLog();

  beforeAll(async () => {
    const directory = new InMemoryDirectory();
    directory.addTenant('t1', 'acme');
    for (const n of ['1001', '1002', '1003']) directory.addExtension('t1', { number: n, password: `secret${n}` });
    sw = await createSwitch({
      sipPort: 0,
      wsPort: 0,
      bindAddress: '127.0.0.1',
      rtpPortMin: 23400,
      rtpPortMax: 23499,
      webrtc: { hostAddresses: ['127.0.0.1'] },
      directory,
      events,
      logger: testLogger(),
    });
  });
  afterAll(() => sw?.close());

  const phone = (user: string) =>
    new BrowserPhone({ url: `ws://127.0.0.1:${sw.ports.ws}`, domain: 'acme', user, password: `secret${user}` });

  /** What each phone hears while all three say their tone for a second. */
  async function heard(phones: BrowserPhone[]): Promise<number[][]> {
    const marks = phones.map((p) => p.heard().length);
    await Promise.all(phones.map((p, i) => p.sayTone(TONES[i] as number, 1000)));
    await sleep(150);
    return phones.map((p, i) => tonesPresent(p.heard().subarray((marks[i] as number) + 2400), 8000, TONES));
  }

  it('listens (hears both, heard by none), whispers (the agent only), barges (all three); leaves with the call', async () => {
    const [customer, agent, supervisor] = [phone('1002'), phone('1003'), phone('1001')];
    try {
      for (const p of [customer, agent, supervisor]) {
        await p.connect();
        expect(await p.register()).toBe(200);
      }
      expect(await customer.call('1003')).toBe(200);
      await customer.connected();
      await agent.connected();
      const call = sw.calls().find((c) => !c.isEnded && c.liveLegs().some((l) => l.extension === '1003'));
      const agentLeg = call?.liveLegs().find((l) => l.extension === '1003');
      if (!call || !agentLeg) throw new Error('no call to the agent');

      const listen = await sw.execute({
        command: 'supervise',
        callId: call.id,
        legId: agentLeg.id,
        target: { extension: '1001' },
        mode: 'listen',
      });
      expect(listen).toMatchObject({ ok: true, outcome: 'answered' });
      const invite = supervisor.requests.find((r) => r.method === 'INVITE');
      // The supervisor asked for it: the phone is asked to answer by itself.
      expect(invite?.headers.find((h) => h.key === 'call-info')?.value).toMatch(/answer-after=0/);
      await supervisor.connected();
      await sleep(300);
      const phones = [customer, agent, supervisor];
      expect(await heard(phones)).toEqual([[900], [500], [500, 900]]);

      const supervisorLeg = (listen as { legId: string }).legId;
      const to = async (mode: 'listen' | 'whisper' | 'barge') =>
        expect(await sw.execute({ command: 'superviseMode', callId: call.id, legId: supervisorLeg, mode })).toEqual({
          ok: true,
        });
      await to('whisper');
      // 密语: the agent hears the customer and the supervisor; the customer still hears the agent only.
      expect(await heard(phones)).toEqual([[900], [500, 1300], [500, 900]]);
      await to('barge');
      expect(await heard(phones)).toEqual([
        [900, 1300],
        [500, 1300],
        [500, 900],
      ]);
      await to('listen');
      expect(await heard(phones)).toEqual([[900], [500], [500, 900]]);

      // The customer hangs up: the supervisor does not stay with the agent alone.
      expect(await customer.hangup()).toBe(200);
      for (let i = 0; i < 100 && (supervisor.inCall || agent.inCall); i++) await sleep(20);
      expect(supervisor.inCall).toBe(false);
      expect(agent.inCall).toBe(false);
      expect(call.isEnded).toBe(true);
    } finally {
      for (const p of [customer, agent, supervisor]) await p.close();
    }
  });

  it('refuses to supervise a leg that talks with nobody, and a supervisor mode on a leg that supervises nobody', async () => {
    const agent = phone('1003');
    try {
      await agent.connect();
      expect(await agent.register()).toBe(200);
      const started = await sw.execute({ command: 'originate', tenantId: 't1', to: { extension: '1003' } });
      expect(started).toMatchObject({ ok: true, outcome: 'answered' });
      const { callId, legId } = started as { callId: string; legId: string };
      const alone = await sw.execute({
        command: 'supervise',
        callId,
        legId,
        target: { extension: '1001' },
        mode: 'listen',
      });
      expect(alone).toMatchObject({ ok: false, error: 'invalidState' });
      const mode = await sw.execute({ command: 'superviseMode', callId, legId, mode: 'barge' });
      expect(mode).toMatchObject({ ok: false, error: 'invalidState' });
      await sw.execute({ command: 'hangup', callId });
    } finally {
      await agent.close();
    }
  });
});
