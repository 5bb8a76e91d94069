import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rms, toneLevels } from '@hujiao/media';
import type { CallRecord } from '@hujiao/shared';
import { Baresip, hasBinary, wavChannel, writeTone } from '@hujiao/switch/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Carrier } from './carrier/carrier.ts';
import type { Session, TestApp } from './harness.ts';
import { LiveClient } from './live-client.ts';
import { addAgent, createSipApp, enterpriseWithAgents, registerTrunk } from './sip-harness.ts';

const MISSING = ['baresip', 'sox', 'kamailio'].filter((b) => !hasBinary(b));
if (MISSING.length > 0) console.warn(`SKIPPED: queue callback tests need ${MISSING.join(', ')}`);

/*
 * 回呼模式 / 远端客服 end to end: the agent signs in over the CTI socket with their "mobile" as the device. A customer
 * (baresip, a PSTN phone) calls the enterprise's DID at the carrier (Kamailio, carrier.cfg); the carrier sends it
 * down the registered trunk to the queue; the ACD offers the call to the agent, and the switch rings the mobile
 * through the outbound route and the same trunk — the carrier relays it to the second PSTN phone, the agent's
 * mobile (baresip) — while the agent's extension (a baresip that would answer at once) never rings. The mobile
 * answers and the customer is bridged to it: each phone hears the other's tone. Fraud cap 1 concurrent outside
 * call: the second call reaches the mobile too, so the first one's place was given back. Addresses and ports of
 * its own: switch 127.0.0.118/.119, carrier 127.0.0.128/.129, ports 37000-37499 (PGlite) / 37500-37999 (PostgreSQL).
 */
const PG = process.env.CC_TEST_DATABASE === 'postgres';
const SWITCH_IP = PG ? '127.0.0.119' : '127.0.0.118';
const CARRIER_IP = PG ? '127.0.0.129' : '127.0.0.128';
const SIP_PORT = PG ? 37500 : 37000;
const CARRIER_PORT = SIP_PORT + 50;
const RTP_MIN = SIP_PORT + 100;
const CUSTOMER_PORT = SIP_PORT + 10;
const MOBILE_PORT = SIP_PORT + 20;
const EXTENSION_PORT = SIP_PORT + 30;
const ACCOUNT = PG ? 'qcallbackpg' : 'qcallback';
const TRUNK_USER = 'hujiao';
const TRUNK_PASSWORD = 'Carrier#Secret9';
const REALM = 'carrier.test';
const MOBILE = '13800138000';
const CUSTOMER = '13900139000';
const DID = '02566667777';

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

/** The received audio's level and the share of its energy at `hz` (over the middle of the WAV). */
function heardTone(file: string, hz: number): { rms: number; share: number } {
  const samples = wavChannel(readFileSync(file));
  const middle = samples.subarray(Math.floor(samples.length * 0.3), Math.floor(samples.length * 0.9));
  const level = toneLevels(middle, 8000, [hz]).find((l) => l.frequency === hz);
  return { rms: rms(middle), share: level?.relative ?? 0 };
}

describe.skipIf(MISSING.length > 0)('callback mode: the queue rings the agent’s mobile through the trunk', () => {
  let t: TestApp;
  let admin: Session;
  let agent: Session;
  let agentId = '';
  let queueId = '';
  let carrier: Carrier;
  let customer: Baresip;
  let mobile: Baresip;
  let extension: Baresip;
  let cti: LiveClient;
  const dir = mkdtempSync(join(tmpdir(), 'queue-callback-'));

  const phone = (name: string, port: number, rtp: number, tone: number, account: string) => {
    const wav = join(dir, `${name}.wav`);
    writeTone(wav, tone, 0.3);
    mkdirSync(join(dir, name));
    return new Baresip({
      dir: join(dir, name),
      sipPort: port,
      ctrlPort: port + 5,
      source: wav,
      rtpPorts: [rtp, rtp + 39],
      account,
    });
  };

  beforeAll(async () => {
    carrier = new Carrier({
      ip: CARRIER_IP,
      port: CARRIER_PORT,
      realm: REALM,
      trunkUser: TRUNK_USER,
      trunkPassword: TRUNK_PASSWORD,
      pstnUri: `sip:127.0.0.1:${MOBILE_PORT}`,
      switchIp: SWITCH_IP,
    });
    await carrier.start();
    t = await createSipApp(dir, SWITCH_IP, SIP_PORT, { rtpCount: 180, trunkKeepAlive: true });
    const e = await enterpriseWithAgents(t, ACCOUNT);
    admin = e.admin;
    ({ id: agentId, session: agent } = await addAgent(t, e, ACCOUNT, '801', '1001'));
    await t.services.telephony.start();
    await t.app.listen({ host: SWITCH_IP, port: SIP_PORT + 95 });

    // The customer calls the DID at the carrier (600 Hz); the agent's mobile answers the carrier (1000 Hz); the
    // agent's extension would answer at once (800 Hz) — it must never ring.
    const pstn = (n: string) => `<sip:${n}@${CARRIER_IP}>;regint=0;outbound="sip:${CARRIER_IP}:${CARRIER_PORT}"`;
    customer = phone('customer', CUSTOMER_PORT, RTP_MIN + 180, 600, `${pstn(CUSTOMER)};audio_codecs=PCMA`);
    mobile = phone('mobile', MOBILE_PORT, RTP_MIN + 220, 1000, `${pstn(MOBILE)};answermode=manual;audio_codecs=PCMA`);
    extension = phone(
      'extension',
      EXTENSION_PORT,
      RTP_MIN + 260,
      800,
      `<sip:1001@${ACCOUNT}>;auth_pass=SipPass#1001;outbound="sip:${SWITCH_IP}:${SIP_PORT}";regint=60;answermode=auto;audio_codecs=PCMA`,
    );
    await Promise.all([customer.start(), mobile.start(), extension.start()]);
    await until('1001 registered', async () => (t.services.telephony.registrations().length >= 1 ? true : undefined));

    const trunkId = await registerTrunk(admin, {
      ip: CARRIER_IP,
      port: CARRIER_PORT,
      user: TRUNK_USER,
      password: TRUNK_PASSWORD,
    });
    // Mobile numbers go out without a prefix; one outside call at a time (the toll-fraud cap).
    await admin.ok('POST', '/api/outbound-routes', {
      name: '手机出局',
      dialPatterns: [{ match: '1XXXXXXXXXX' }],
      trunkIds: [trunkId],
    });
    await admin.ok('PATCH', '/api/fraud-limits', { maxConcurrentCalls: 1 });
    const queue = await admin.ok<{ id: string }>('POST', '/api/queues', {
      name: '远端客服',
      strategy: 'ring-all',
      ringTimeoutSec: 15,
      autoBusyAfter: 1,
      members: [{ agentId, level: 1, order: 0 }],
    });
    queueId = queue.id;
    await admin.ok('POST', '/api/inbound-routes', {
      name: '客服热线',
      didPattern: DID,
      destination: { kind: 'queue', queueId },
    });
    cti = new LiveClient(`ws://${SWITCH_IP}:${SIP_PORT + 95}/api/live`, { cookie: agent.cookie });
    cti.send({ type: 'subscribe', topics: ['agent-state', 'agent-call'] });
    await cti.next((m) => m.type === 'snapshot' && m.topic === 'agent-state');
    await sleep(300);
  }, 90_000);

  afterAll(async () => {
    cti?.close();
    for (const p of [customer, mobile, extension]) await p?.stop();
    await t?.close();
    await carrier?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('signing in with a number: a bad one or one the routes cannot call is refused in the agent’s language', async () => {
    const bad = await agent.call<{ error: { message: string } }>('PUT', '/api/agent/state', {
      state: 'ready',
      device: { kind: 'mobile', number: '138-abc' },
    });
    expect(bad.status).toBe(400);
    expect(JSON.stringify(bad.body)).toContain('号码须为数字');
    // An international number: no route open to it (international calls are off).
    const noRoute = await agent.call<{ error: { code: string; message: string } }>('PUT', '/api/agent/state', {
      state: 'ready',
      device: { kind: 'mobile', number: '0085212345678' },
    });
    expect(noRoute.status).toBe(409);
    expect(noRoute.body.error).toMatchObject({ code: 'AGENT_DEVICE_NO_ROUTE' });
    expect(noRoute.body.error.message).toContain('呼出路由无法呼叫号码 0085212345678');
    const en = await agent.call<{ error: { message: string } }>(
      'PUT',
      '/api/agent/state',
      { state: 'ready', device: { kind: 'mobile', number: '12345' } },
      { 'accept-language': 'en-US' },
    );
    expect(en.status).toBe(409);
    expect(en.body.error.message).toContain('The outbound routes cannot call 12345');
    // Refused over the CTI socket too, worded; nothing changed.
    cti.send({ type: 'agent', id: 'x', state: 'ready', device: { kind: 'mobile', number: '12345' } });
    const refused = await cti.next((m) => m.type === 'result' && m.id === 'x');
    expect(refused).toMatchObject({ ok: false });
    expect(JSON.stringify(refused)).toContain('呼出路由无法呼叫号码 12345');
    expect(await agent.ok('GET', '/api/agent/state')).toMatchObject({
      state: 'logged-out',
      device: { kind: 'extension' },
    });
  });

  it('signed in over the CTI with the mobile: the customer’s call rings the mobile, not the extension, and is bridged', async () => {
    cti.send({ type: 'agent', id: 'in', state: 'ready', device: { kind: 'mobile', number: MOBILE } });
    await cti.next((m) => m.type === 'result' && m.id === 'in' && m.ok);
    await cti.next(
      (m) =>
        m.type === 'update' && m.topic === 'agent-state' && m.data.state === 'ready' && m.data.device.kind === 'mobile',
    );
    expect(await agent.ok('GET', '/api/agent/state')).toMatchObject({
      state: 'ready',
      device: { kind: 'mobile', number: MOBILE },
    });

    for (const round of [1, 2]) {
      customer.events.length = 0;
      mobile.events.length = 0;
      const before = carrier.log.length;
      customer.command('dial', `sip:${DID}@${CARRIER_IP}:${CARRIER_PORT}`);
      await mobile.waitFor((e) => e.type === 'CALL_INCOMING', 15_000);
      // The switch called the mobile through the trunk (the carrier challenged and relayed it).
      await carrier.waitFor(new RegExp(`outbound call to ${MOBILE}`), 5000);
      expect(carrier.log.slice(before)).toMatch(new RegExp(`call to DID ${DID} from ${CUSTOMER}`));
      expect(await agent.ok('GET', '/api/agent/state')).toMatchObject({ state: 'ringing' });
      // The bar shows the call while the mobile still rings: the customer's number and the queue.
      await cti.next(
        (m) =>
          m.type === 'update' &&
          m.topic === 'agent-call' &&
          m.data.call?.state === 'ringing' &&
          m.data.call.number === CUSTOMER &&
          m.data.call.queueId === queueId,
      );
      mobile.command('accept');
      await mobile.waitFor((e) => e.type === 'CALL_ESTABLISHED', 10_000);
      await until('the agent talking', async () => {
        const s = await agent.ok<{ state: string }>('GET', '/api/agent/state');
        return s.state === 'talking' ? true : undefined;
      });
      await sleep(4000); // talking
      customer.command('hangup');
      await mobile.waitFor((e) => e.type === 'CALL_CLOSED', 15_000);
      await sleep(500);
      const c = heardTone(customer.dumps('dec').at(-1) as string, 1000);
      const m = heardTone(mobile.dumps('dec').at(-1) as string, 600);
      process.stdout.write(
        `queue callback round ${round}: customer heard ${JSON.stringify(c)}, mobile ${JSON.stringify(m)}\n`,
      );
      expect(c.rms).toBeGreaterThan(300);
      expect(c.share).toBeGreaterThan(0.5);
      expect(m.rms).toBeGreaterThan(300);
      expect(m.share).toBeGreaterThan(0.5);
      await until('the agent ready again', async () => {
        const s = await agent.ok<{ state: string }>('GET', '/api/agent/state');
        return s.state === 'ready' ? true : undefined;
      });
      // The mobile ring's toll-fraud place is back (the cap of 1 let the second round through).
      expect(t.services.acd.devices.holding).toBe(0);
    }
    expect(extension.events.some((e) => e.type === 'CALL_INCOMING')).toBe(false);
    type Records = { items: CallRecord[] };
    const records = await until('both calls recorded', async () => {
      const r = await admin.ok<Records>('GET', `/api/call-records?queueId=${queueId}`);
      return r.items.length === 2 && r.items.every((x) => x.queueCalls[0]?.outcome) ? r : undefined;
    });
    for (const r of records.items) expect(r.queueCalls[0]).toMatchObject({ outcome: 'answered', agentId, offers: 1 });
  }, 60_000);

  it('a mobile that refuses counts as a missed offer, like an extension: the agent is set busy (no-answer)', async () => {
    customer.events.length = 0;
    mobile.events.length = 0;
    customer.command('dial', `sip:${DID}@${CARRIER_IP}:${CARRIER_PORT}`);
    await mobile.waitFor((e) => e.type === 'CALL_INCOMING', 15_000);
    mobile.command('hangup');
    await until('the agent set busy', async () => {
      const s = await agent.ok<{ state: string; reason: string | null }>('GET', '/api/agent/state');
      return s.state === 'busy' ? s : undefined;
    }).then((s) => expect(s).toMatchObject({ reason: 'no-answer', device: { kind: 'mobile', number: MOBILE } }));
    customer.command('hangup');
    await customer.waitFor((e) => e.type === 'CALL_CLOSED', 10_000);
    await until('no place held', async () => (t.services.acd.devices.holding === 0 ? true : undefined));
    // Signing out goes back to the extension.
    expect(await agent.ok('PUT', '/api/agent/state', { state: 'logged-out' })).toMatchObject({
      state: 'logged-out',
      device: { kind: 'extension' },
    });
    // Ready at the extension, then the mobile while ready: the workstation is told of the device alone.
    expect(await agent.ok('PUT', '/api/agent/state', { state: 'ready' })).toMatchObject({
      state: 'ready',
      device: { kind: 'extension' },
    });
    const seen = cti.messages.length;
    cti.send({ type: 'agent', id: 'dev', state: 'ready', device: { kind: 'mobile', number: MOBILE } });
    await cti.next((m) => m.type === 'result' && m.id === 'dev' && m.ok);
    await cti.next(
      (m) =>
        cti.messages.indexOf(m) >= seen &&
        m.type === 'update' &&
        m.topic === 'agent-state' &&
        m.data.state === 'ready' &&
        m.data.device.kind === 'mobile',
    );
  }, 40_000);
});
