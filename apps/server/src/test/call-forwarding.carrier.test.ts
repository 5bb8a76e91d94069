import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rms, toneLevels } from '@hujiao/media';
import { Baresip, hasBinary, wavChannel, writeTone } from '@hujiao/switch/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Carrier } from './carrier/carrier.ts';
import { createEnterprise, createTestApp, platformAdmin, type Session, type TestApp } from './harness.ts';

const MISSING = ['baresip', 'sox', 'kamailio'].filter((b) => !hasBinary(b));
if (MISSING.length > 0) console.warn(`SKIPPED: call forwarding carrier tests need ${MISSING.join(', ')}`);

/*
 * 转移设置 end to end: extension 1001 (a baresip that answers nothing itself, it calls) dials 1002 (a baresip that
 * does not answer; in the busy case it rejects with 486), whose forwarding sends the call through the outbound
 * route and a registered trunk to Kamailio (carrier.cfg: registrar with digest and proxy) and on to the PSTN phone
 * behind it. The suite runs twice in CI at once (PGlite and PostgreSQL), each on addresses and ports of its own.
 */
const PG = process.env.CC_TEST_DATABASE === 'postgres';
const SWITCH_IP = PG ? '127.0.0.86' : '127.0.0.81';
const CARRIER_IP = PG ? '127.0.0.87' : '127.0.0.82';
const SIP_PORT = PG ? 20150 : 20100;
const RTP_MIN = PG ? 21200 : 20900;
const CALLER_PORT = SIP_PORT + 10;
const FORWARDER_PORT = SIP_PORT + 20;
const PSTN_PORT = SIP_PORT + 30;
const ACCOUNT = PG ? 'fwdcarrierpg' : 'fwdcarrier';
const TRUNK_USER = 'hujiao';
const TRUNK_PASSWORD = 'Carrier#Secret9';
const REALM = 'carrier.test';
const OUTSIDE = '13800138000';
const DID = '02588887777';

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, get: () => Promise<T | undefined>, timeoutMs: number): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(200);
  }
}

/** The received audio's level and the share of its energy at `hz` (over the middle of the WAV). */
function heardTone(file: string, hz: number): { rms: number; share: number } {
  const samples = wavChannel(readFileSync(file));
  const middle = samples.subarray(Math.floor(samples.length * 0.3), Math.floor(samples.length * 0.9));
  const level = toneLevels(middle, 8000, [hz]).find((l) => l.frequency === hz);
  return { rms: rms(middle), share: level?.relative ?? 0 };
}

describe.skipIf(MISSING.length > 0)('call forwarding to an outside number through a real carrier', () => {
  let t: TestApp;
  let admin: Session;
  let tenantId = '';
  let ext1002 = '';
  let carrier: Carrier;
  let caller: Baresip;
  let forwarder: Baresip;
  let pstn: Baresip;
  const dir = mkdtempSync(join(tmpdir(), 'fwd-carrier-'));

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
      port: 5060,
      realm: REALM,
      trunkUser: TRUNK_USER,
      trunkPassword: TRUNK_PASSWORD,
      pstnUri: `sip:127.0.0.1:${PSTN_PORT}`,
      switchIp: SWITCH_IP,
    });
    await carrier.start();
    t = await createTestApp({
      CC_DATA_DIR: join(dir, 'data'),
      CC_SIP_BIND: SWITCH_IP,
      CC_SIP_ADDRESS: SWITCH_IP,
      CC_SIP_PORT: String(SIP_PORT),
      CC_RTP_PORT_MIN: String(RTP_MIN),
      CC_RTP_PORT_MAX: String(RTP_MIN + 179),
    });
    const platform = await platformAdmin(t);
    ({ admin, tenantId } = await createEnterprise(t, platform, ACCOUNT));
    await admin.ok('POST', '/api/extensions', { number: '1001', password: 'SipPass#1001' });
    ext1002 = (await admin.ok<{ id: string }>('POST', '/api/extensions', { number: '1002', password: 'SipPass#1002' }))
      .id;
    await t.services.telephony.start();

    const outbound = `outbound="sip:${SWITCH_IP}:${SIP_PORT}";regint=60;audio_codecs=PCMA`;
    // 1001 calls and sends 600 Hz; 1002 rings without answering (no answermode=auto); the PSTN phone answers, 1000 Hz.
    caller = phone(
      'caller',
      CALLER_PORT,
      RTP_MIN + 180,
      600,
      `<sip:1001@${ACCOUNT}>;auth_pass=SipPass#1001;${outbound}`,
    );
    forwarder = phone(
      'forwarder',
      FORWARDER_PORT,
      RTP_MIN + 220,
      800,
      `<sip:1002@${ACCOUNT}>;auth_pass=SipPass#1002;${outbound}`,
    );
    pstn = phone(
      'pstn',
      PSTN_PORT,
      RTP_MIN + 260,
      1000,
      `<sip:${OUTSIDE}@${CARRIER_IP}>;regint=0;outbound="sip:${CARRIER_IP}:5060";answermode=auto;audio_codecs=PCMA`,
    );
    await Promise.all([caller.start(), forwarder.start(), pstn.start()]);
    await until(
      '1001 and 1002 registered',
      async () => (t.services.telephony.registrations().length >= 2 ? true : undefined),
      10_000,
    );

    const trunk = await admin.ok<{ id: string }>('POST', '/api/trunks', {
      name: '电信中继',
      kind: 'register',
      host: CARRIER_IP,
      port: 5060,
      username: TRUNK_USER,
      password: TRUNK_PASSWORD,
      registerExpiresSec: 120,
      codecs: ['PCMA'],
    });
    await until(
      'the trunk registered',
      async () => {
        const list = await admin.ok<Array<{ trunkId: string; state: string }>>('GET', '/api/trunks/status');
        return list.find((s) => s.trunkId === trunk.id && s.state === 'registered');
      },
      15_000,
    );
    await admin.ok('POST', '/api/outbound-routes', {
      name: '出局',
      dialPatterns: [{ prefix: '9', match: '1XXXXXXXXXX' }],
      trunkIds: [trunk.id],
    });
    await sleep(300);
  }, 90_000);

  afterAll(async () => {
    await pstn?.stop();
    await forwarder?.stop();
    await caller?.stop();
    await t?.close();
    await carrier?.stop();
    rmSync(dir, { recursive: true, force: true });
  });

  /** 1001 calls 1002; the call must end up at the PSTN phone with audio both ways, then 1001 hangs up. */
  type Leg = { extension: string | null; status: string | null; startedAt: string; endedAt: string | null };
  async function callReachesPstn(onRinging?: () => void): Promise<Leg[]> {
    caller.events.length = 0;
    forwarder.events.length = 0;
    pstn.events.length = 0;
    const before = carrier.log.length;
    caller.command('dial', `sip:1002@${ACCOUNT}`);
    await forwarder.waitFor((e) => e.type === 'CALL_INCOMING', 10_000);
    onRinging?.();
    await pstn.waitFor((e) => e.type === 'CALL_ESTABLISHED', 20_000);
    await caller.waitFor((e) => e.type === 'CALL_ESTABLISHED', 10_000);
    // The carrier saw the forwarded INVITE to the outside number (the route stripped the 9).
    await until(
      'the carrier saw the forwarded call',
      async () => (new RegExp(`outbound call to ${OUTSIDE}`).test(carrier.log.slice(before)) ? true : undefined),
      5000,
    );
    // 1002 stopped ringing (CANCEL after its seconds, or its own 486).
    await forwarder.waitFor((e) => e.type === 'CALL_CLOSED', 5000);
    await sleep(4000); // talking
    caller.command('hangup');
    await pstn.waitFor((e) => e.type === 'CALL_CLOSED', 15_000);
    await sleep(500);
    const callerHeard = caller.dumps('dec').at(-1);
    const pstnHeard = pstn.dumps('dec').at(-1);
    expect(callerHeard && pstnHeard).toBeTruthy();
    const c = heardTone(callerHeard as string, 1000);
    const p = heardTone(pstnHeard as string, 600);
    expect(c.rms).toBeGreaterThan(300);
    expect(c.share).toBeGreaterThan(0.5);
    expect(p.rms).toBeGreaterThan(300);
    expect(p.share).toBeGreaterThan(0.5);
    const record = await until(
      'the call record',
      async () =>
        (await t.services.callRecords.list(tenantId, { page: 1, pageSize: 10 })).items.find(
          (r) => r.callee === '1002' && r.endedAt !== null && !seen.has(r.id),
        ),
      5000,
    );
    seen.add(record.id);
    return record.legs as Leg[];
  }
  const seen = new Set<string>();

  it('no answer for 5 s: 1001 → 1002 rings, then the PSTN phone behind the carrier answers; audio both ways', async () => {
    await admin.ok('PUT', `/api/extensions/${ext1002}/forwarding`, { noAnswer: `9${OUTSIDE}`, noAnswerSec: 5 });
    const legs = await callReachesPstn();
    // 1002 rang for its 5 s and was cancelled (487); then the outside number answered through the trunk.
    const rang = legs.find((l) => l.extension === '1002');
    expect(rang?.status).toBe('487');
    const ringMs = Date.parse(rang?.endedAt ?? '') - Date.parse(rang?.startedAt ?? '');
    expect(ringMs).toBeGreaterThan(4500);
    expect(ringMs).toBeLessThan(7000);
    expect(legs.find((l) => l.extension === OUTSIDE)?.status).toBe('200');
  }, 90_000);

  it('busy: 1002 rejects with 486 and the call goes to the PSTN phone at once', async () => {
    await admin.ok('PUT', `/api/extensions/${ext1002}/forwarding`, { busy: `9${OUTSIDE}` });
    const legs = await callReachesPstn(() => forwarder.command('hangup'));
    expect(legs.find((l) => l.extension === '1002')?.status).toBe('486');
    expect(legs.find((l) => l.extension === OUTSIDE)?.status).toBe('200');
  }, 90_000);

  it('a DID whose inbound route leads to 1002 follows its unconditional forwarding to 1001', async () => {
    await admin.ok('PUT', `/api/extensions/${ext1002}/forwarding`, { unconditional: '1001' });
    await admin.ok('POST', '/api/inbound-routes', {
      name: '销售热线',
      didPattern: DID,
      destination: { kind: 'extension', number: '1002' },
    });
    await sleep(300);
    caller.events.length = 0;
    forwarder.events.length = 0;
    pstn.events.length = 0;
    pstn.command('dial', `sip:${DID}@${CARRIER_IP}`);
    await caller.waitFor((e) => e.type === 'CALL_INCOMING', 15_000);
    caller.command('accept');
    await pstn.waitFor((e) => e.type === 'CALL_ESTABLISHED', 10_000);
    await sleep(4000); // talking
    pstn.command('hangup');
    await caller.waitFor((e) => e.type === 'CALL_CLOSED', 15_000);
    await sleep(500);
    // 1002 never rang: the forwarding is unconditional.
    expect(forwarder.events.find((e) => e.type === 'CALL_INCOMING')).toBeUndefined();
    const c = heardTone(caller.dumps('dec').at(-1) as string, 1000);
    const p = heardTone(pstn.dumps('dec').at(-1) as string, 600);
    expect(c.rms).toBeGreaterThan(300);
    expect(c.share).toBeGreaterThan(0.5);
    expect(p.rms).toBeGreaterThan(300);
    expect(p.share).toBeGreaterThan(0.3);
  }, 90_000);

  it('1002 offline (not registered) counts as no answer: the call goes out at once', async () => {
    await admin.ok('PUT', `/api/extensions/${ext1002}/forwarding`, { noAnswer: `9${OUTSIDE}`, noAnswerSec: 30 });
    await forwarder.stop();
    await until(
      '1002 unregistered',
      async () => (t.services.telephony.registrations().length === 1 ? true : undefined),
      10_000,
    );
    caller.events.length = 0;
    pstn.events.length = 0;
    const started = Date.now();
    caller.command('dial', `sip:1002@${ACCOUNT}`);
    await pstn.waitFor((e) => e.type === 'CALL_ESTABLISHED', 15_000);
    // Not after the 30 s ring time: nothing rang.
    expect(Date.now() - started).toBeLessThan(10_000);
    await caller.waitFor((e) => e.type === 'CALL_ESTABLISHED', 10_000);
    await sleep(3000);
    caller.command('hangup');
    await pstn.waitFor((e) => e.type === 'CALL_CLOSED', 15_000);
    await sleep(500);
    const c = heardTone(caller.dumps('dec').at(-1) as string, 1000);
    expect(c.rms).toBeGreaterThan(300);
    expect(c.share).toBeGreaterThan(0.5);
  }, 90_000);
});
