import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AgentCall, LiveServerMessage } from '@hujiao/shared';
import { Baresip, hasBinary, writeTone } from '@hujiao/switch/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Carrier } from './carrier/carrier.ts';
import type { Session, TestApp } from './harness.ts';
import { LiveClient } from './live-client.ts';
import { addAgent, createSipApp, enterpriseWithAgents, registerTrunk } from './sip-harness.ts';

const MISSING = ['baresip', 'sox', 'kamailio'].filter((b) => !hasBinary(b));
if (MISSING.length > 0) console.warn(`SKIPPED: CTI agent-gap tests need ${MISSING.join(', ')}`);

/*
 * Two gaps of the agent's CTI, on real phones. (1) 回呼模式: agent 801 signs in with their mobile; a customer
 * (baresip, a PSTN phone) calls DID 1 at the carrier (Kamailio, carrier.cfg), the queue rings the mobile through the
 * trunk, the mobile answers: the agent's softphone bar (agent-call) shows the call talking with the customer's
 * number, and the bar's hang-up ends it. (2) 外呼 and the ACD: agent 802 (extension 1002) clicks to call extension
 * 1004; a customer's call to DID 2 arriving meanwhile rings 803 (1003), who comes after 802 in the queue's order,
 * and 802's phone never rings a second call; after 802 hangs up they are ready and the next call rings them.
 * Addresses and ports of its own: switch 127.0.0.143 (PostgreSQL: .144), carrier 127.0.0.147 (.148), ports
 * 39000-39499 (PGlite) / 39500-39999 (PostgreSQL).
 */
const PG = process.env.CC_TEST_DATABASE === 'postgres';
const SWITCH_IP = PG ? '127.0.0.144' : '127.0.0.143';
const CARRIER_IP = PG ? '127.0.0.148' : '127.0.0.147';
const SIP_PORT = PG ? 39500 : 39000;
const HTTP_PORT = SIP_PORT + 95;
const CARRIER_PORT = SIP_PORT + 50;
const RTP_MIN = SIP_PORT + 100;
const ACCOUNT = PG ? 'ctigapspg' : 'ctigaps';
const TRUNK_USER = 'hujiao';
const TRUNK_PASSWORD = 'Carrier#Secret9';
const MOBILE = '13800138143';
const CUSTOMER = '13900139143';
const DID_1 = '02566660143';
const DID_2 = '02566660144';
/** The phones: name → SIP port (baresip's ctrl at +5, its TLS at +1). */
const PORTS = { customer: 10, mobile: 20, '1002': 30, '1003': 40, '1004': 60 } as const;
type Phone = keyof typeof PORTS;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, get: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(100);
  }
}

describe.skipIf(MISSING.length > 0)('CTI gaps: a callback agent’s call on the bar, click-to-call and the ACD', () => {
  let t: TestApp;
  let carrier: Carrier;
  const phones = {} as Record<Phone, Baresip>;
  const agents = {} as Record<'801' | '802' | '803', { id: string; session: Session }>;
  let cti801: LiveClient;
  let cti802: LiveClient;
  const dir = mkdtempSync(join(tmpdir(), 'cti-agent-gaps-'));

  const agentCalls = (cti: LiveClient) =>
    cti.messages.flatMap((m: LiveServerMessage) =>
      (m.type === 'update' || m.type === 'snapshot') && m.topic === 'agent-call' ? [m.data.call] : [],
    );
  const callUntil = (cti: LiveClient, pred: (c: AgentCall | null) => boolean, what: string) =>
    until(`agent-call ${what}`, async () => {
      const last = agentCalls(cti).at(-1);
      return last !== undefined && pred(last) ? { last } : undefined;
    }).then((x) => x.last);
  let seq = 0;
  const command = async (cti: LiveClient, c: Record<string, unknown>) => {
    const id = `g${++seq}`;
    cti.send({ type: 'call', id, command: c });
    return (await cti.next((m) => m.type === 'result' && m.id === id, 30_000)) as Extract<
      LiveServerMessage,
      { type: 'result' }
    >;
  };
  const stateOf = async (n: keyof typeof agents) =>
    (await agents[n].session.ok<{ state: string; reason: string | null }>('GET', '/api/agent/state')).state;
  /** Calls that reached phone `p` (an auto-answering baresip reports no CALL_INCOMING, only the established call). */
  const reached = (p: Phone) =>
    phones[p].events.filter((e) => e.type === 'CALL_INCOMING' || e.type === 'CALL_ESTABLISHED').length;
  const clearEvents = () => {
    for (const p of Object.values(phones)) p.events.length = 0;
  };

  beforeAll(async () => {
    carrier = new Carrier({
      ip: CARRIER_IP,
      port: CARRIER_PORT,
      realm: 'carrier.test',
      trunkUser: TRUNK_USER,
      trunkPassword: TRUNK_PASSWORD,
      pstnUri: `sip:127.0.0.1:${SIP_PORT + PORTS.mobile}`,
      switchIp: SWITCH_IP,
    });
    await carrier.start();
    t = await createSipApp(dir, SWITCH_IP, SIP_PORT, { rtpCount: 180 });
    const e = await enterpriseWithAgents(t, ACCOUNT);
    const { admin } = e;
    // 801's extension has no phone: only the mobile reaches them.
    agents['801'] = await addAgent(t, e, ACCOUNT, '801', '1001');
    agents['802'] = await addAgent(t, e, ACCOUNT, '802', '1002');
    agents['803'] = await addAgent(t, e, ACCOUNT, '803', '1003');
    await admin.ok('POST', '/api/extensions', { number: '1004', password: 'SipPass#1004' });
    await t.services.telephony.start();
    await t.app.listen({ host: SWITCH_IP, port: HTTP_PORT });

    const pstn = (n: string) => `<sip:${n}@${CARRIER_IP}>;regint=0;outbound="sip:${CARRIER_IP}:${CARRIER_PORT}"`;
    const extension = (n: string) =>
      `<sip:${n}@${ACCOUNT}>;auth_pass=SipPass#${n};outbound="sip:${SWITCH_IP}:${SIP_PORT}";regint=60;answermode=auto`;
    const accounts: Record<Phone, string> = {
      customer: pstn(CUSTOMER),
      mobile: `${pstn(MOBILE)};answermode=manual`,
      '1002': extension('1002'),
      '1003': extension('1003'),
      '1004': extension('1004'),
    };
    for (const [i, name] of (Object.keys(PORTS) as Phone[]).entries()) {
      const port = SIP_PORT + PORTS[name];
      mkdirSync(join(dir, name));
      writeTone(join(dir, `${name}.wav`), 500 + i * 200, 0.2);
      phones[name] = new Baresip({
        dir: join(dir, name),
        sipPort: port,
        ctrlPort: port + 5,
        source: join(dir, `${name}.wav`),
        rtpPorts: [SIP_PORT + 300 + i * 40, SIP_PORT + 339 + i * 40],
        account: `${accounts[name]};audio_codecs=PCMA`,
      });
    }
    await Promise.all(Object.values(phones).map((p) => p.start()));
    await until('1002-1004 registered', async () =>
      t.services.telephony.registrations(e.tenantId).length >= 3 ? true : undefined,
    );

    const trunkId = await registerTrunk(admin, {
      ip: CARRIER_IP,
      port: CARRIER_PORT,
      user: TRUNK_USER,
      password: TRUNK_PASSWORD,
    });
    await admin.ok('POST', '/api/outbound-routes', {
      name: '手机出局',
      dialPatterns: [{ match: '1XXXXXXXXXX' }],
      trunkIds: [trunkId],
    });
    const remote = await admin.ok<{ id: string }>('POST', '/api/queues', {
      name: '远端客服',
      strategy: 'ring-all',
      ringTimeoutSec: 15,
      members: [{ agentId: agents['801'].id, level: 1, order: 0 }],
    });
    // 802 first, then 803.
    const sales = await admin.ok<{ id: string }>('POST', '/api/queues', {
      name: '销售',
      strategy: 'in-order-of-level',
      ringTimeoutSec: 15,
      members: [
        { agentId: agents['802'].id, level: 1, order: 0 },
        { agentId: agents['803'].id, level: 2, order: 1 },
      ],
    });
    for (const [did, queueId] of [
      [DID_1, remote.id],
      [DID_2, sales.id],
    ] as const)
      await admin.ok('POST', '/api/inbound-routes', {
        name: did,
        didPattern: did,
        destination: { kind: 'queue', queueId },
      });

    const live = (s: Session) => new LiveClient(`ws://${SWITCH_IP}:${HTTP_PORT}/api/live`, { cookie: s.cookie });
    cti801 = live(agents['801'].session);
    cti802 = live(agents['802'].session);
    for (const cti of [cti801, cti802]) {
      cti.send({ type: 'subscribe', topics: ['agent-state', 'agent-call'] });
      await cti.next((m) => m.type === 'snapshot' && m.topic === 'agent-call');
    }
  }, 60_000);

  afterAll(async () => {
    for (const cti of [cti801, cti802]) cti?.close();
    for (const p of Object.values(phones)) await p?.stop();
    await t?.close();
    await carrier?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('a callback agent’s mobile answers a queue call: the bar shows it talking with the customer, and its hang-up ends it', async () => {
    cti801.send({ type: 'agent', id: 'in', state: 'ready', device: { kind: 'mobile', number: MOBILE } });
    await cti801.next((m) => m.type === 'result' && m.id === 'in' && m.ok);
    clearEvents();
    phones.customer.command('dial', `sip:${DID_1}@${CARRIER_IP}:${CARRIER_PORT}`);
    await phones.mobile.waitFor((e) => e.type === 'CALL_INCOMING', 15_000);
    phones.mobile.command('accept');
    await phones.mobile.waitFor((e) => e.type === 'CALL_ESTABLISHED', 10_000);
    // The bar follows the mobile from its ringing on; answered, it talks with the customer once the queue bridged them.
    const call = await callUntil(cti801, (c) => c?.state === 'talking' && c.parties === 1, 'talking with the customer');
    process.stdout.write(`callback agent's bar: ${JSON.stringify(call)}\n`);
    expect(call).toMatchObject({ number: CUSTOMER, direction: 'inbound', queueName: '远端客服', parties: 1 });
    expect(await stateOf('801')).toBe('talking');
    // The bar's hang-up acts on the mobile's trunk leg: the mobile and the customer are hung up.
    const hungUp = await command(cti801, { action: 'hangup' });
    expect(hungUp).toMatchObject({ ok: true });
    await phones.mobile.waitFor((e) => e.type === 'CALL_CLOSED', 10_000);
    await phones.customer.waitFor((e) => e.type === 'CALL_CLOSED', 10_000);
    await callUntil(cti801, (c) => c === null, 'gone');
    await until('801 ready again', async () => ((await stateOf('801')) === 'ready' ? true : undefined));
    await until('no toll-fraud place held', async () => (t.services.acd.devices.holding === 0 ? true : undefined));
    // 802's bar never showed 801's call (another agent's, of the same enterprise).
    expect(agentCalls(cti802).every((c) => c === null)).toBe(true);
  }, 40_000);

  it('an agent on a click-to-call is not offered a queue call meanwhile; back to ready after it, and offered the next', async () => {
    for (const n of ['802', '803'] as const) await agents[n].session.ok('PUT', '/api/agent/state', { state: 'ready' });
    clearEvents();
    const dialled = await command(cti802, { action: 'dial', number: '1004' });
    expect(dialled).toMatchObject({ ok: true });
    await callUntil(cti802, (c) => c?.state === 'talking' && c.number === '1004', 'talking to 1004');
    expect(await stateOf('802')).toBe('talking');

    // A customer's call meanwhile goes past 802 (first in order) to 803.
    phones.customer.command('dial', `sip:${DID_2}@${CARRIER_IP}:${CARRIER_PORT}`);
    await phones['1003'].waitFor((e) => e.type === 'CALL_ESTABLISHED', 15_000);
    await until('803 talking', async () => ((await stateOf('803')) === 'talking' ? true : undefined));
    // 802's phone has the click-to-call only (it answered, then 1004 did); nothing else rang it.
    expect(reached('1002')).toBe(1);
    phones.customer.command('hangup');
    await phones['1003'].waitFor((e) => e.type === 'CALL_CLOSED', 10_000);

    // 802 hangs up from the bar: ready again (no wrap-up), and the state log shows ready → talking → ready.
    expect(await command(cti802, { action: 'hangup' })).toMatchObject({ ok: true });
    await phones['1004'].waitFor((e) => e.type === 'CALL_CLOSED', 10_000);
    await until('802 ready again', async () => ((await stateOf('802')) === 'ready' ? true : undefined));
    // The push may come after the HTTP read said ready.
    const moves = () =>
      cti802.messages.flatMap((m) =>
        m.type === 'update' && m.topic === 'agent-state' ? [m.data.state as string] : [],
      );
    await until('802 told it is ready', async () => (moves().at(-1) === 'ready' ? true : undefined));
    expect(moves().slice(-2)).toEqual(['talking', 'ready']);

    // The next call is offered to 802 again.
    clearEvents();
    await until('803 ready again', async () => ((await stateOf('803')) === 'ready' ? true : undefined));
    phones.customer.command('dial', `sip:${DID_2}@${CARRIER_IP}:${CARRIER_PORT}`);
    await phones['1002'].waitFor((e) => e.type === 'CALL_ESTABLISHED', 15_000);
    const queued = await callUntil(cti802, (c) => c?.state === 'talking' && c.number === CUSTOMER, 'the queue call');
    expect(queued).toMatchObject({ queueName: '销售' });
    expect(reached('1003')).toBe(0);
    phones.customer.command('hangup');
    await phones['1002'].waitFor((e) => e.type === 'CALL_CLOSED', 10_000);
    await until('802 ready after the queue call', async () => ((await stateOf('802')) === 'ready' ? true : undefined));
  }, 60_000);
});
