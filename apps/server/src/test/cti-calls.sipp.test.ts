import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentCall, LiveServerMessage } from '@hujiao/shared';
import { Baresip, hasBinary, writeTone } from '@hujiao/switch/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session, TestApp } from './harness.ts';
import { LiveClient } from './live-client.ts';
import { addAgent, createSipApp, enterpriseWithAgents } from './sip-harness.ts';

const MISSING = ['baresip', 'sox'].filter((b) => !hasBinary(b));
if (MISSING.length > 0) console.warn(`SKIPPED: CTI call tests need ${MISSING.join(', ')}`);

/*
 * The CTI's call commands on real phones: a customer (baresip 1003) is put through to the agent's phone (baresip
 * 1001); the agent's workstation socket sees the call pushed (agent-call) and holds, resumes, mutes, consults a
 * colleague (baresip 1002) and completes the transfer, after which the customer talks to the colleague; then a
 * three-way with the colleague. Addresses
 * and ports of its own: switch 127.0.0.115/.125:33000/33500.
 */
const PG = process.env.CC_TEST_DATABASE === 'postgres';
const SWITCH_IP = PG ? '127.0.0.125' : '127.0.0.115';
const SIP_PORT = PG ? 33500 : 33000;
const RTP_MIN = SIP_PORT + 100;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(MISSING.length > 0)('CTI call commands: hold, resume, mute, consult and transfer', () => {
  let t: TestApp;
  let admin: Session;
  let tenantId: string;
  let agent: Session;
  let cti: LiveClient;
  const phones: Baresip[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'cti-calls-'));
  const account = PG ? 'ctipg' : 'cti';

  /** The agent's call as last pushed (undefined: nothing yet). */
  const calls = () =>
    cti.messages.flatMap((m: LiveServerMessage) =>
      (m.type === 'update' || m.type === 'snapshot') && m.topic === 'agent-call' ? [m.data.call] : [],
    );
  const until = async (pred: (c: AgentCall | null) => boolean, what: string) => {
    const end = Date.now() + 15_000;
    while (Date.now() < end) {
      const last = calls().at(-1);
      if (last !== undefined && pred(last)) return last;
      await sleep(50);
    }
    throw new Error(`agent-call never ${what}; got ${JSON.stringify(calls())}`);
  };
  let seq = 0;
  const command = async (c: Record<string, unknown>) => {
    const id = `c${++seq}`;
    cti.send({ type: 'call', id, command: c });
    const r = await cti.next((m) => m.type === 'result' && m.id === id, 30_000);
    return r as Extract<LiveServerMessage, { type: 'result' }>;
  };

  beforeAll(async () => {
    t = await createSipApp(dir, SWITCH_IP, SIP_PORT);
    const e = await enterpriseWithAgents(t, account);
    ({ admin, tenantId } = e);
    agent = (await addAgent(t, e, account, '801', '1001')).session;
    for (const number of ['1002', '1003']) {
      await admin.ok('POST', '/api/extensions', { number, password: `SipPass#${number}` });
    }
    await t.services.telephony.start();
    await t.app.listen({ host: SWITCH_IP, port: SIP_PORT + 90 });
    writeTone(join(dir, 'tone.wav'), 600, 0.2);
    for (const [i, number] of ['1001', '1002', '1003'].entries()) {
      const port = SIP_PORT + 10 + i * 10;
      mkdirSync(join(dir, number));
      const phone = new Baresip({
        dir: join(dir, number),
        sipPort: port,
        ctrlPort: port + 5,
        source: join(dir, 'tone.wav'),
        rtpPorts: [RTP_MIN + 200 + i * 40, RTP_MIN + 239 + i * 40],
        account: `<sip:${number}@${account}>;auth_pass=SipPass#${number};outbound="sip:${SWITCH_IP}:${SIP_PORT}";regint=60;answermode=auto;audio_codecs=PCMA`,
      });
      await phone.start();
      phones.push(phone);
    }
    for (let i = 0; i < 100 && t.services.telephony.registrations(tenantId).length < 3; i++) await sleep(100);
    cti = new LiveClient(`ws://${SWITCH_IP}:${SIP_PORT + 90}/api/live`, { cookie: agent.cookie });
    cti.send({ type: 'subscribe', topics: ['agent-call'] });
    await cti.next((m) => m.type === 'snapshot' && m.topic === 'agent-call');
  }, 90_000);

  afterAll(async () => {
    cti?.close();
    for (const p of phones) await p.stop();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a command without a call, in the agent language', async () => {
    expect(calls()).toEqual([null]);
    const r = await command({ action: 'hold' });
    expect(r).toMatchObject({ ok: false, error: '通话不存在或已结束' });
    // A malformed command (not an extension number) is not a live message: the socket says so and stays open.
    cti.send({ type: 'call', id: 'bad', command: { action: 'transfer', target: { kind: 'extension', number: 'x' } } });
    expect(await cti.next((m) => m.type === 'error')).toMatchObject({ code: 'BAD_MESSAGE' });
  });

  it('pushes the call and moves it: hold, resume, mute, consult, complete the transfer', async () => {
    // The customer's phone (1003) is called and put through to the agent's (1001).
    const started = await admin.ok<{ callId: string; outcome: string }>('POST', '/api/calls/originate', {
      to: { extension: '1003' },
      callerId: '1003',
      flow: { steps: [{ verb: 'dial', targets: [{ extension: '1001' }] }] },
    });
    expect(started.outcome).toBe('answered');
    const talking = await until((c) => c?.state === 'talking', 'talking');
    expect(talking).toMatchObject({ callId: started.callId, number: '1003', muted: false, consult: null, parties: 1 });

    expect(await command({ action: 'hold' })).toMatchObject({ ok: true });
    await until((c) => c?.state === 'held', 'held');
    // Holding twice is refused with a reason.
    expect((await command({ action: 'hold' })).ok).toBe(false);
    expect(await command({ action: 'resume' })).toMatchObject({ ok: true });
    await until((c) => c?.state === 'talking', 'talking again');

    expect(await command({ action: 'mute', muted: true })).toMatchObject({ ok: true });
    await until((c) => c?.muted === true, 'muted');
    expect(await command({ action: 'mute', muted: false })).toMatchObject({ ok: true });
    await until((c) => c?.muted === false, 'unmuted');

    // Consult the colleague (1002): the customer is held while they talk.
    expect(await command({ action: 'consult', target: { kind: 'extension', number: '1002' } })).toMatchObject({
      ok: true,
    });
    const consulting = await until((c) => c?.state === 'consulting', 'consulting');
    expect(consulting?.consult).toEqual({ number: '1002', state: 'talking' });
    expect(consulting?.number).toBe('1003');

    expect(await command({ action: 'completeTransfer' })).toMatchObject({ ok: true });
    await until((c) => c === null, 'ended for the agent');
    // The customer and the colleague now talk to each other.
    const live = await admin.ok<
      Array<{ callId: string; legs: Array<{ extension: string | null; partners: string[] }> }>
    >('GET', '/api/calls');
    const call = live.find((c) => c.callId === started.callId);
    const legs = call?.legs ?? [];
    expect(legs.map((l) => l.extension).sort()).toEqual(['1002', '1003']);
    expect(legs.every((l) => l.partners.length === 1)).toBe(true);
    await admin.ok('POST', `/api/calls/${started.callId}/commands`, { command: 'hangup' });
  }, 90_000);

  it('three-way: the colleague joins the conversation; the agent hangs up and the other two go on', async () => {
    await until((c) => c === null, 'free');
    const started = await admin.ok<{ callId: string }>('POST', '/api/calls/originate', {
      to: { extension: '1003' },
      callerId: '1003',
      flow: { steps: [{ verb: 'dial', targets: [{ extension: '1001' }] }] },
    });
    await until((c) => c?.callId === started.callId && c.state === 'talking', 'talking');
    expect(await command({ action: 'threeWay', target: { kind: 'extension', number: '1002' } })).toMatchObject({
      ok: true,
    });
    expect(await until((c) => c?.state === 'conference', 'a conference')).toMatchObject({ parties: 2 });
    expect(await command({ action: 'hangup' })).toMatchObject({ ok: true });
    await until((c) => c === null, 'ended for the agent');
    const live = await admin.ok<Array<{ callId: string; legs: Array<{ extension: string | null }> }>>(
      'GET',
      '/api/calls',
    );
    const legs = live.find((c) => c.callId === started.callId)?.legs ?? [];
    expect(legs.map((l) => l.extension).sort()).toEqual(['1002', '1003']);
    await admin.ok('POST', `/api/calls/${started.callId}/commands`, { command: 'hangup' });
  }, 60_000);
});
