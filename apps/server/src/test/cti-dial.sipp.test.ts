import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tonesPresent } from '@hujiao/media';
import type { AgentCall, CallRecord, LiveServerMessage } from '@hujiao/shared';
import { Baresip, hasBinary, run, wavChannel, writeTone } from '@hujiao/switch/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session, TestApp } from './harness.ts';
import { LiveClient } from './live-client.ts';
import { addAgent, createSipApp, enterpriseWithAgents } from './sip-harness.ts';

const MISSING = ['baresip', 'sipp', 'sox'].filter((b) => !hasBinary(b));
if (MISSING.length > 0) console.warn(`SKIPPED: CTI dial tests need ${MISSING.join(', ')}`);

/*
 * Click-to-call (外呼) and 代接 from the workstation on real phones (baresip): the agent (801, extension 1001) dials a
 * colleague's extension (1002) and an outside number through an IP trunk to a SIPp carrier; their phone rings first
 * and the number is dialled once it answers. Then a customer's phone (1003) rings the agent's teammate (802, 1004,
 * who does not answer) and the agent picks the call up. Addresses and ports of its own: switch 127.0.0.116/.126,
 * carrier 127.0.0.136, ports 34000-34499 (PGlite) and 34500-34999 (PostgreSQL).
 */
const PG = process.env.CC_TEST_DATABASE === 'postgres';
const SWITCH_IP = PG ? '127.0.0.126' : '127.0.0.116';
const CARRIER_IP = '127.0.0.136';
const SIP_PORT = PG ? 34500 : 34000;
const RTP_MIN = SIP_PORT + 100;
const CARRIER_PORT = SIP_PORT + 60;
const UAS = join(import.meta.dirname, 'cti-scenarios', 'carrier-uas-ring.xml');
const UAS_CANCEL = join(import.meta.dirname, 'cti-scenarios', 'carrier-uas-cancel.xml');
const TONES = { '1001': 500, '1002': 700, '1003': 900, '1004': 1100 } as const;
type Number = keyof typeof TONES;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(MISSING.length > 0)('CTI click-to-call and pick-up with real phones', () => {
  let t: TestApp;
  let admin: Session;
  let tenantId: string;
  let agent: Session;
  let cti: LiveClient;
  const phones = {} as Record<Number, Baresip>;
  const dir = mkdtempSync(join(tmpdir(), 'cti-dial-'));
  const account = PG ? 'ctidialpg' : 'ctidial';

  const calls = () =>
    cti.messages.flatMap((m: LiveServerMessage) =>
      (m.type === 'update' || m.type === 'snapshot') && m.topic === 'agent-call' ? [m.data.call] : [],
    );
  const until = async (pred: (c: AgentCall | null) => boolean, what: string, timeoutMs = 15_000) => {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      const last = calls().at(-1);
      if (last !== undefined && pred(last)) return last;
      await sleep(30);
    }
    throw new Error(`agent-call never ${what}; got ${JSON.stringify(calls())}`);
  };
  let seq = 0;
  const command = async (c: Record<string, unknown>) => {
    const id = `d${++seq}`;
    cti.send({ type: 'call', id, command: c });
    return (await cti.next((m) => m.type === 'result' && m.id === id, 40_000)) as Extract<
      LiveServerMessage,
      { type: 'result' }
    >;
  };
  const record = async (callId: string) => {
    for (let i = 0; i < 50; i++) {
      const list = await admin.ok<{ items: CallRecord[] }>('GET', '/api/call-records?pageSize=50');
      const r = list.items.find((x) => x.callId === callId);
      if (r?.state === 'ended') return r;
      await sleep(100);
    }
    throw new Error(`no ended call record for ${callId}`);
  };
  /** The tones in what `n` heard during its last call (the first second and the end left out). */
  const heard = (n: Number) => {
    const file = phones[n].dumps('dec').at(-1) as string;
    return tonesPresent(wavChannel(readFileSync(file)).subarray(8000, -4000), 8000, Object.values(TONES));
  };
  /** The carrier (SIPp) answering one call by `scenario`. */
  const carrierCall = (scenario: string) =>
    run(
      'sipp',
      [
        ...['-sf', scenario, '-i', CARRIER_IP, '-p', String(CARRIER_PORT), '-mi', CARRIER_IP],
        ...['-mp', String(CARRIER_PORT + 10), '-m', '1', '-nostdin', '-t', 'u1', '-timeout', '30s', '-timeout_error'],
      ],
      35_000,
    );
  const clearEvents = () => {
    for (const p of Object.values(phones)) p.events.length = 0;
  };

  beforeAll(async () => {
    t = await createSipApp(dir, SWITCH_IP, SIP_PORT);
    const e = await enterpriseWithAgents(t, account);
    ({ admin, tenantId } = e);
    const first = await addAgent(t, e, account, '801');
    const users = [first.id, (await addAgent(t, e, account, '802')).id];
    // 801 and 802 are one team: 802's ringing calls are in 801's pick-up scope.
    await admin.ok('POST', '/api/teams', { name: '一组', memberIds: users });
    await admin.ok('POST', '/api/extensions', { number: '1001', password: 'SipPass#1001', userId: users[0] });
    await admin.ok('POST', '/api/extensions', { number: '1004', password: 'SipPass#1004', userId: users[1] });
    for (const n of ['1002', '1003'])
      await admin.ok('POST', '/api/extensions', { number: n, password: `SipPass#${n}` });
    const trunk = await admin.ok<{ id: string }>('POST', '/api/trunks', {
      name: '运营商',
      kind: 'ip',
      host: CARRIER_IP,
      port: CARRIER_PORT,
      peers: [CARRIER_IP],
    });
    await admin.ok('POST', '/api/outbound-routes', {
      name: '出局',
      dialPatterns: [{ prefix: '9', match: '1XXXXXXXXXX' }],
      trunkIds: [trunk.id],
    });
    agent = first.session;
    await t.services.telephony.start();
    await t.app.listen({ host: SWITCH_IP, port: SIP_PORT + 90 });
    for (const [i, n] of (['1001', '1002', '1003', '1004'] as const).entries()) {
      const port = SIP_PORT + 10 + i * 10;
      mkdirSync(join(dir, n));
      writeTone(join(dir, `${n}.wav`), TONES[n], 0.2);
      phones[n] = new Baresip({
        dir: join(dir, n),
        sipPort: port,
        ctrlPort: port + 5,
        source: join(dir, `${n}.wav`),
        rtpPorts: [RTP_MIN + 200 + i * 40, RTP_MIN + 239 + i * 40],
        // 1004 (the teammate) lets its phone ring: that call is the one to pick up.
        account: `<sip:${n}@${account}>;auth_pass=SipPass#${n};outbound="sip:${SWITCH_IP}:${SIP_PORT}";regint=60;answermode=${n === '1004' ? 'manual' : 'auto'};audio_codecs=PCMA`,
      });
      await phones[n].start();
    }
    for (let i = 0; i < 100 && t.services.telephony.registrations(tenantId).length < 4; i++) await sleep(100);
    cti = new LiveClient(`ws://${SWITCH_IP}:${SIP_PORT + 90}/api/live`, { cookie: agent.cookie });
    cti.send({ type: 'subscribe', topics: ['agent-call'] });
    await cti.next((m) => m.type === 'snapshot' && m.topic === 'agent-call');
  }, 60_000);

  afterAll(async () => {
    cti?.close();
    for (const p of Object.values(phones)) await p?.stop();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses in the agent language: not signed in, then a number no route takes', async () => {
    expect(await command({ action: 'dial', number: '1002' })).toMatchObject({
      ok: false,
      error: '请先签入后再外呼或代接',
    });
    expect(await agent.ok('PUT', '/api/agent/state', { state: 'ready' })).toMatchObject({ state: 'ready' });
    expect(await command({ action: 'dial', number: '8123' })).toMatchObject({
      ok: false,
      error: '没有可拨打号码 8123 的呼出路由',
    });
    expect(await command({ action: 'pickup' })).toMatchObject({ ok: false, error: '没有可代接的振铃来电' });
    // Another tab of the agent's in English gets the router's reason in English.
    const en = new LiveClient(`ws://${SWITCH_IP}:${SIP_PORT + 90}/api/live`, {
      cookie: agent.cookie,
      'accept-language': 'en-US',
    });
    en.send({ type: 'call', id: 'en', command: { action: 'dial', number: '8123' } });
    expect(await en.next((m) => m.type === 'result' && m.id === 'en')).toMatchObject({
      ok: false,
      error: 'No outbound route takes 8123',
    });
    en.close();
    // Nothing rang: the agent's phone stayed quiet.
    expect(phones['1001'].events.some((e) => e.type === 'CALL_INCOMING')).toBe(false);
  });

  it('dials an extension: the agent phone rings and answers, then the colleague; an outbound call record', async () => {
    clearEvents();
    expect(await command({ action: 'dial', number: '1002' })).toMatchObject({ ok: true });
    await phones['1001'].waitFor((e) => e.type === 'CALL_ESTABLISHED');
    await phones['1002'].waitFor((e) => e.type === 'CALL_ESTABLISHED', 10_000);
    const talking = await until((c) => c?.state === 'talking', 'talking');
    expect(talking).toMatchObject({ direction: 'outbound', number: '1002', dialled: '1002', parties: 1 });
    await sleep(2500);
    expect(await command({ action: 'hangup' })).toMatchObject({ ok: true });
    await until((c) => c === null, 'ended');
    await phones['1002'].waitFor((e) => e.type === 'CALL_CLOSED');
    await sleep(300);
    expect(heard('1001')).toEqual([TONES['1002']]);
    expect(heard('1002')).toEqual([TONES['1001']]);
    const r = await record(talking?.callId ?? '');
    expect(r).toMatchObject({ caller: '1001', callee: '1002', direction: 'outbound' });
    expect(r.answeredAt).not.toBeNull();
    expect(r.legs.map((l) => l.extension)).toEqual(['1001', '1002']);
    // The agent's phone rang first; the colleague's was rung once the agent had answered.
    const [mine, theirs] = r.legs;
    expect(Date.parse(theirs?.startedAt ?? '')).toBeGreaterThanOrEqual(Date.parse(mine?.answeredAt ?? 'x'));
  }, 30_000);

  it('dials an outside number through the trunk: dialling, the carrier answers, the fraud guard is given back', async () => {
    clearEvents();
    const carrier = carrierCall(UAS);
    await sleep(300);
    expect(await command({ action: 'dial', number: '913800138000' })).toMatchObject({ ok: true });
    const dialling = await until((c) => c?.state === 'dialling', 'dialling');
    expect(dialling).toMatchObject({ direction: 'outbound', number: '913800138000' });
    expect((await t.services.pbxRouter.usage(tenantId)).activeCalls).toBe(1);
    await until((c) => c?.state === 'talking', 'talking');
    expect(await command({ action: 'dial', number: '1002' })).toMatchObject({
      ok: false,
      error: '您正在通话中,请先结束当前通话',
    });
    await sleep(1000);
    expect(await command({ action: 'hangup' })).toMatchObject({ ok: true });
    const done = await carrier;
    expect(done.code, done.output).toBe(0);
    await until((c) => c === null, 'ended');
    const r = await record(dialling?.callId ?? '');
    expect(r).toMatchObject({ caller: '1001', callee: '913800138000', direction: 'outbound' });
    expect(r.legs.map((l) => l.extension)).toEqual(['1001', '13800138000']);
    expect(r.legs[1]?.uri).toContain(CARRIER_IP);
    // The call counts from the carrier's answer (2 s after the agent's), not from the agent's phone answering.
    expect(Date.parse(r.answeredAt ?? '') - Date.parse(r.legs[0]?.answeredAt ?? '')).toBeGreaterThan(1500);
    for (let i = 0; i < 20 && (await t.services.pbxRouter.usage(tenantId)).activeCalls > 0; i++) await sleep(100);
    expect((await t.services.pbxRouter.usage(tenantId)).activeCalls).toBe(0);
  }, 40_000);

  it('the agent hangs up while the outside number rings: the carrier is cancelled, the fraud guard given back', async () => {
    const carrier = carrierCall(UAS_CANCEL);
    await sleep(300);
    expect(await command({ action: 'dial', number: '913800138001' })).toMatchObject({ ok: true });
    const dialling = await until((c) => c?.state === 'dialling', 'dialling');
    expect((await t.services.pbxRouter.usage(tenantId)).activeCalls).toBe(1);
    expect(await command({ action: 'hangup' })).toMatchObject({ ok: true });
    const done = await carrier;
    expect(done.code, done.output).toBe(0);
    await until((c) => c === null, 'ended');
    const r = await record(dialling?.callId ?? '');
    expect(r).toMatchObject({ caller: '1001', callee: '913800138001', direction: 'outbound', answeredAt: null });
    for (let i = 0; i < 20 && (await t.services.pbxRouter.usage(tenantId)).activeCalls > 0; i++) await sleep(100);
    expect((await t.services.pbxRouter.usage(tenantId)).activeCalls).toBe(0);
  }, 30_000);

  it("picks up the teammate's ringing call: the teammate's phone stops, the agent talks with the caller", async () => {
    clearEvents();
    phones['1003'].command('dial', `sip:1004@${account}`);
    await phones['1004'].waitFor((e) => e.type === 'CALL_INCOMING', 10_000);
    expect(await command({ action: 'pickup' })).toMatchObject({ ok: true });
    await phones['1004'].waitFor((e) => e.type === 'CALL_CLOSED', 10_000);
    expect(phones['1004'].events.some((e) => e.type === 'CALL_ESTABLISHED')).toBe(false);
    const talking = await until((c) => c?.state === 'talking', 'talking');
    expect(talking).toMatchObject({ number: '1003', parties: 1 });
    await sleep(2500);
    expect(await command({ action: 'hangup' })).toMatchObject({ ok: true });
    await phones['1003'].waitFor((e) => e.type === 'CALL_CLOSED', 10_000);
    await sleep(300);
    expect(heard('1001')).toEqual([TONES['1003']]);
    expect(heard('1003')).toEqual([TONES['1001']]);
    const r = await record(talking?.callId ?? '');
    expect(r).toMatchObject({ caller: '1003', callee: '1004' });
    expect(r.legs.map((l) => [l.extension, l.answeredAt !== null])).toEqual([
      ['1003', true],
      ['1004', false],
      ['1001', true],
    ]);
  }, 30_000);
});
