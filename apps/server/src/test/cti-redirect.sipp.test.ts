import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentCall, CallRecord, LiveServerMessage, SwitchEventOf } from '@hujiao/shared';
import { Baresip, hasBinary, run, wavChannel, writeTone } from '@hujiao/switch/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnterprise, type Session, type TestApp } from './harness.ts';
import { LiveClient } from './live-client.ts';
import { addAgent, createSipApp, enterpriseWithAgents } from './sip-harness.ts';

const MISSING = ['baresip', 'sipp', 'sox'].filter((b) => !hasBinary(b));
if (MISSING.length > 0) console.warn(`SKIPPED: CTI redirect tests need ${MISSING.join(', ')}`);

/*
 * The CTI's transfers into a flow on real phones: the customer (baresip 1003) is put through to agent A's phone
 * (baresip 1001); A's workstation socket sends the customer to a queue where agent B (baresip 1002) is offered the
 * call, to an IVR menu whose key 1 rings B, to an outside number through an IP trunk to a SIPp carrier (caller ID of
 * the route; the toll-fraud place given back), and to the satisfaction survey (the customer presses 5). Another
 * enterprise's queue is refused in zh-CN. Addresses and ports of its own: switch 127.0.0.117/.127:35000/35500,
 * carrier SIPp 127.0.0.137.
 */
const PG = process.env.CC_TEST_DATABASE === 'postgres';
const SWITCH_IP = PG ? '127.0.0.127' : '127.0.0.117';
const CARRIER_IP = '127.0.0.137';
const SIP_PORT = PG ? 35500 : 35000;
const RTP_MIN = SIP_PORT + 100;
const CARRIER_PORT = SIP_PORT + 60;
const OUTSIDE = '13900139000';
const CALLER_ID = '02566660001';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(MISSING.length > 0)('CTI transfers into a flow: queue, IVR, outside number, survey', () => {
  let t: TestApp;
  let admin: Session;
  let tenantId: string;
  let cti: LiveClient;
  let queueId: string;
  let ivrId: string;
  let otherQueueId: string;
  const phones: Baresip[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'cti-redirect-'));
  const account = PG ? 'ctirpg' : 'ctir';
  const surveys: Array<SwitchEventOf<'call.survey'>> = [];

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
    throw new Error(`agent-call never ${what}; got ${JSON.stringify(calls().slice(-3))}`);
  };
  let seq = 0;
  const command = async (c: Record<string, unknown>) => {
    const id = `c${++seq}`;
    cti.send({ type: 'call', id, command: c });
    return (await cti.next((m) => m.type === 'result' && m.id === id, 20_000)) as Extract<
      LiveServerMessage,
      { type: 'result' }
    >;
  };
  /** The customer (1003) is called and put through to agent A (1001). */
  const customerToAgent = async () => {
    await until((c) => c === null, 'free');
    const started = await admin.ok<{ callId: string; outcome: string }>('POST', '/api/calls/originate', {
      to: { extension: '1003' },
      callerId: '1003',
      flow: { steps: [{ verb: 'dial', targets: [{ extension: '1001' }] }] },
    });
    expect(started.outcome).toBe('answered');
    await until((c) => c?.callId === started.callId && c.state === 'talking', 'talking');
    return started.callId;
  };
  type LiveCall = { callId: string; legs: Array<{ extension: string | null; partners: string[] }> };
  const liveLegs = async (callId: string) =>
    ((await admin.ok<LiveCall[]>('GET', '/api/calls')).find((c) => c.callId === callId)?.legs ?? []).map((l) => ({
      extension: l.extension,
      talking: l.partners.length === 1,
    }));
  /** The call's live legs once every one talks to someone (or as they are after 10 s). */
  const talkingLegs = async (callId: string) => {
    for (let i = 0; i < 100; i++) {
      const legs = await liveLegs(callId);
      if (legs.length > 1 && legs.every((l) => l.talking)) return legs;
      await sleep(100);
    }
    const live = (await admin.ok<LiveCall[]>('GET', '/api/calls')).find((c) => c.callId === callId);
    process.stdout.write(`legs not all talking after 10 s: ${JSON.stringify(live)}\n`);
    return liveLegs(callId);
  };
  /** Until the call's record is ended (the final write is batched). */
  const endedRecord = async (callId: string) => {
    for (let i = 0; i < 100; i++) {
      const page = await admin.ok<{ items: CallRecord[] }>('GET', '/api/call-records?pageSize=50');
      const r = page.items.find((x) => x.callId === callId);
      if (r?.state === 'ended') return r;
      await sleep(100);
    }
    throw new Error(`no ended record for ${callId}`);
  };
  /** The carrier: a SIPp UAS that answers one call and logs its messages. */
  const carrier = (name: string) => {
    const log = join(dir, `${name}.log`);
    const done = run(
      'sipp',
      [
        ...['-sn', 'uas', '-i', CARRIER_IP, '-p', String(CARRIER_PORT), '-mp', String(CARRIER_PORT + 10)],
        ...['-m', '1', '-nostdin', '-trace_msg', '-message_file', log, '-timeout', '30s', '-timeout_error'],
      ],
      35_000,
    );
    return { done, log: () => readFileSync(log, 'utf8') };
  };

  beforeAll(async () => {
    t = await createSipApp(dir, SWITCH_IP, SIP_PORT);
    const e = await enterpriseWithAgents(t, account);
    ({ admin, tenantId } = e);
    const platform = e.platform;
    const sessions: Session[] = [];
    const ids: string[] = [];
    for (const [i, no] of ['801', '802'].entries()) {
      const agent = await addAgent(t, e, account, no, `100${i + 1}`);
      sessions.push(agent.session);
      ids.push(agent.id);
    }
    await admin.ok('POST', '/api/extensions', { number: '1003', password: 'SipPass#1003' });
    queueId = (
      await admin.ok<{ id: string }>('POST', '/api/queues', {
        name: '售后',
        ringTimeoutSec: 10,
        maxWaitSec: 60,
        wrapUpSec: 1,
        members: [{ agentId: ids[1], level: 1 }],
      })
    ).id;
    ivrId = (
      await admin.ok<{ id: string }>('POST', '/api/ivr', {
        name: '总机',
        tree: {
          name: '主菜单',
          prompt: { kind: 'system', name: 'please-choose' },
          keys: [{ key: '1', action: { type: 'destination', destination: { kind: 'extension', number: '1002' } } }],
          timeoutSec: 10,
        },
      })
    ).id;
    const other = await createEnterprise(t, platform, PG ? 'ctir2pg' : 'ctir2');
    otherQueueId = (await other.admin.ok<{ id: string }>('POST', '/api/queues', { name: '乙技能组' })).id;
    // The carrier's trunk, a route for mobile numbers with a fixed, verified caller ID; one outside call at a time.
    const trunk = await admin.ok<{ id: string }>('POST', '/api/trunks', {
      name: '运营商',
      kind: 'ip',
      host: CARRIER_IP,
      port: CARRIER_PORT,
      peers: [CARRIER_IP],
    });
    const callerId = await admin.ok<{ id: string }>('POST', '/api/caller-ids', { number: CALLER_ID });
    await platform.ok('POST', `/api/caller-id-reviews/${callerId.id}`, { status: 'verified' });
    await admin.ok('POST', '/api/outbound-routes', {
      name: '出局',
      dialPatterns: [{ match: '1XXXXXXXXXX' }],
      trunkIds: [trunk.id],
      callerIdMode: 'fixed',
      callerId: CALLER_ID,
    });
    await admin.ok('PATCH', '/api/fraud-limits', { maxConcurrentCalls: 1 });

    await t.services.telephony.start();
    await t.app.listen({ host: SWITCH_IP, port: SIP_PORT + 90 });
    t.services.events.subscribe('call.survey', (e) => void surveys.push(e));
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
    await sessions[1]?.ok('PUT', '/api/agent/state', { state: 'ready' });
    cti = new LiveClient(`ws://${SWITCH_IP}:${SIP_PORT + 90}/api/live`, { cookie: sessions[0]?.cookie ?? '' });
    cti.send({ type: 'subscribe', topics: ['agent-call'] });
    await cti.next((m) => m.type === 'snapshot' && m.topic === 'agent-call');
  }, 60_000);

  afterAll(async () => {
    cti?.close();
    for (const p of phones) await p.stop();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('to a queue: another enterprise’s is refused in zh-CN; in ours agent B is offered the customer and talks', async () => {
    const b = phones[1] as Baresip;
    const callId = await customerToAgent();
    const refused = await command({ action: 'transfer', target: { kind: 'queue', queueId: otherQueueId } });
    expect(refused).toMatchObject({ ok: false, error: '所选技能组不存在或不属于本企业' });
    expect((await until((c) => c !== null, 'still up'))?.state).toBe('talking');

    b.events.length = 0;
    expect(await command({ action: 'transfer', target: { kind: 'queue', queueId } })).toMatchObject({ ok: true });
    await until((c) => c === null, 'gone for agent A');
    await b.waitFor((e) => e.type === 'CALL_ESTABLISHED', 15_000);
    expect(await talkingLegs(callId)).toEqual([
      { extension: '1003', talking: true },
      { extension: '1002', talking: true },
    ]);
    await admin.ok('POST', `/api/calls/${callId}/commands`, { command: 'hangup' });
    const record = await endedRecord(callId);
    expect(record.queueCalls).toMatchObject([{ queueName: '售后', outcome: 'answered' }]);
    expect(record.segments.some((s) => s.kind === 'transfer' && s.detail === 'flow:transfer-queue')).toBe(true);
  }, 30_000);

  it('to an IVR menu (转IVR): the customer presses 1 and the menu rings agent B', async () => {
    const [, b, customer] = phones as [Baresip, Baresip, Baresip];
    const callId = await customerToAgent();
    b.events.length = 0;
    expect(await command({ action: 'transfer', target: { kind: 'ivr', ivrId } })).toMatchObject({ ok: true });
    await until((c) => c === null, 'gone for agent A');
    await sleep(800);
    customer.command('sndcode', '1');
    await b.waitFor((e) => e.type === 'CALL_ESTABLISHED', 15_000);
    expect(await talkingLegs(callId)).toEqual([
      { extension: '1003', talking: true },
      { extension: '1002', talking: true },
    ]);
    await admin.ok('POST', `/api/calls/${callId}/commands`, { command: 'hangup' });
  }, 30_000);

  it('to an outside number through the trunk, with the route’s caller ID; the fraud-guard place comes back', async () => {
    // The enterprise allows one outside call at a time: the second transfer goes through only if the first gave
    // its place back when its call ended.
    for (const round of [1, 2]) {
      const sipp = carrier(`carrier-${round}`);
      await sleep(200);
      const callId = await customerToAgent();
      const r = await command({ action: 'transfer', target: { kind: 'external', number: OUTSIDE } });
      expect(r, `round ${round}`).toMatchObject({ ok: true });
      await until((c) => c === null, 'gone for agent A');
      const legs = await talkingLegs(callId);
      expect(legs).toHaveLength(2);
      expect(legs.every((l) => l.talking)).toBe(true);
      await admin.ok('POST', `/api/calls/${callId}/commands`, { command: 'hangup' });
      const done = await sipp.done;
      expect(done.code, done.output).toBe(0);
      const invite =
        sipp
          .log()
          .split(/-{5,}/)
          .find((m) => /INVITE sip:/.test(m)) ?? '';
      expect(invite).toMatch(new RegExp(`INVITE sip:${OUTSIDE}@`));
      expect(invite).toMatch(new RegExp(`From:.*${CALLER_ID}`, 'i'));
      await endedRecord(callId);
      await sleep(100);
    }
  }, 40_000);

  it('survey (满意度评价): the customer presses 5, hears the thanks, the call ends with satisfaction 5', async () => {
    const customer = phones[2] as Baresip;
    const callId = await customerToAgent();
    customer.events.length = 0;
    expect(await command({ action: 'survey' })).toMatchObject({ ok: true });
    await until((c) => c === null, 'gone for agent A');
    await sleep(1000);
    customer.command('sndcode', '5');
    await customer.waitFor((e) => e.type === 'CALL_CLOSED', 15_000);
    const record = await endedRecord(callId);
    expect(record.satisfaction).toBe(5);
    expect(surveys).toMatchObject([{ callId, score: 5 }]);
    // The same call's recording went on through the survey: its last 2 s are the thanks the customer heard.
    expect(record.hasRecording).toBe(true);
    const days = join(dir, 'data', 'recordings', tenantId);
    const wav = readFileSync(join(days, readdirSync(days)[0] as string, `${callId}.wav`));
    const heard = wavChannel(wav, 1);
    const tail = heard.subarray(heard.length - 16_000);
    const tailRms = Math.sqrt(tail.reduce((n, v) => n + v * v, 0) / tail.length);
    process.stdout.write(
      `survey: recording ${(heard.length / 8000).toFixed(1)} s, heard RMS of the last 2 s ${tailRms.toFixed(0)}\n`,
    );
    expect(tailRms).toBeGreaterThan(300);
    const page = await admin.ok<{ items: CallRecord[] }>('GET', '/api/call-records?pageSize=50');
    expect(page.items.filter((r) => r.satisfaction !== null).map((r) => r.callId)).toEqual([callId]);
  }, 30_000);
});
