import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { rms, toneLevels } from '@hujiao/media';
import { Baresip, hasBinary, run, wavChannel, writeTone } from '@hujiao/switch/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Carrier } from './carrier/carrier.ts';
import { createEnterprise, createTestApp, platformAdmin, type Session, type TestApp } from './harness.ts';

const MISSING = ['baresip', 'sox', 'kamailio'].filter((b) => !hasBinary(b));
if (MISSING.length > 0) console.warn(`SKIPPED: carrier tests need ${MISSING.join(', ')}`);

/*
 * The product behind a real carrier: Kamailio (carrier.cfg) is the carrier's registrar demanding digest and its
 * proxy; baresip phones are a "PSTN phone" behind the carrier and extension 1001. The suite runs twice in CI at
 * once (PGlite and PostgreSQL), each on addresses and ports of its own.
 */
const PG = process.env.CC_TEST_DATABASE === 'postgres';
const SWITCH_IP = PG ? '127.0.0.74' : '127.0.0.64';
const CARRIER_IP = PG ? '127.0.0.71' : '127.0.0.61';
const SIP_PORT = PG ? 20050 : 20000;
const RTP_MIN = PG ? 20600 : 20200;
const PHONE_PORT = SIP_PORT + 10;
const PSTN_PORT = SIP_PORT + 20;
const DID = '02588886666';
const TRUNK_USER = 'hujiao';
const TRUNK_PASSWORD = 'Carrier#Secret9';
const REALM = 'carrier.test';
/** A second carrier that is out of service (SIPp answering every INVITE with 503). */
const DEAD_CARRIER_IP = PG ? '127.0.0.75' : '127.0.0.65';
const UAS_503 = fileURLToPath(
  new URL('../../../../packages/switch/src/trunk/scenarios/carrier-uas-503.xml', import.meta.url),
);

/** A second device of 1001 (SIPp) that subscribes to its message-summary: the phone's MWI lamp. */
const MWI_PHONE_IP = PG ? '127.0.0.76' : '127.0.0.66';
const MWI_SCENARIO = fileURLToPath(new URL('./voicemail-scenarios/mwi-subscriber.xml', import.meta.url));

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

/** The share of the received audio's energy at `hz` (toneLevels over a received WAV's middle). */
function heardTone(file: string, hz: number): { rms: number; share: number } {
  const samples = wavChannel(readFileSync(file));
  const middle = samples.subarray(Math.floor(samples.length * 0.3), Math.floor(samples.length * 0.9));
  const level = toneLevels(middle, 8000, [hz]).find((l) => l.frequency === hz);
  return { rms: rms(middle), share: level?.relative ?? 0 };
}

describe.skipIf(MISSING.length > 0)(
  'PBX behind a real carrier (Kamailio registrar with digest, baresip phones)',
  () => {
    let t: TestApp;
    let admin: Session;
    let tenantId: string;
    let platform: Session;
    let carrierTrunkId = '';
    let deadCarrier: ReturnType<typeof run> | null = null;
    let carrier: Carrier;
    /** The work-hours time group of the inbound route (the second test closes it). */
    let hoursId = '';
    let agent: Baresip;
    let pstn: Baresip;
    const dir = mkdtempSync(join(tmpdir(), 'pbx-carrier-'));

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
        CC_RTP_PORT_MAX: String(RTP_MIN + 299),
      });
      platform = await platformAdmin(t);
      const account = PG ? 'carrierpg' : 'carrier';
      ({ admin, tenantId } = await createEnterprise(t, platform, account));
      await admin.ok('POST', '/api/extensions', { number: '1001', password: 'SipPass#1001', displayName: 'Agent' });
      await t.services.telephony.start();

      // Extension 1001: answers by itself and sends 600 Hz.
      const agentTone = join(dir, 'agent.wav');
      writeTone(agentTone, 600, 0.3);
      mkdirSync(join(dir, 'agent'));
      agent = new Baresip({
        dir: join(dir, 'agent'),
        sipPort: PHONE_PORT,
        ctrlPort: PHONE_PORT + 5,
        source: agentTone,
        rtpPorts: [RTP_MIN + 300, RTP_MIN + 339],
        account: `<sip:1001@${account}>;auth_pass=SipPass#1001;outbound="sip:${SWITCH_IP}:${SIP_PORT}";regint=60;answermode=auto;audio_codecs=PCMA`,
      });
      await agent.start();
      // The PSTN phone: no registration, everything through the carrier; sends 1000 Hz.
      const pstnTone = join(dir, 'pstn.wav');
      writeTone(pstnTone, 1000, 0.3);
      mkdirSync(join(dir, 'pstn'));
      pstn = new Baresip({
        dir: join(dir, 'pstn'),
        sipPort: PSTN_PORT,
        ctrlPort: PSTN_PORT + 5,
        source: pstnTone,
        rtpPorts: [RTP_MIN + 340, RTP_MIN + 379],
        account: `<sip:13800138000@${CARRIER_IP}>;regint=0;outbound="sip:${CARRIER_IP}:5060";answermode=auto;audio_codecs=PCMA`,
      });
      await pstn.start();
      await until(
        '1001 registered',
        async () => (t.services.telephony.registrations().length > 0 ? true : undefined),
        10_000,
      );
    }, 90_000);

    afterAll(async () => {
      deadCarrier?.child.kill('SIGKILL');
      await pstn?.stop();
      await agent?.stop();
      await t?.close();
      await carrier?.stop();
      rmSync(dir, { recursive: true, force: true });
    });

    it('registers the trunk (online in the API), and a DID call hears the IVR, presses 1 and talks with 1001', async () => {
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
      await carrier.waitFor(/carrier: REGISTER hujiao/, 1000);
      carrierTrunkId = trunk.id;

      const ivr = await admin.ok<{ id: string }>('POST', '/api/ivr', {
        name: '总机',
        tree: {
          name: '主菜单',
          prompt: { kind: 'system', name: 'please-choose' },
          keys: [{ key: '1', action: { type: 'destination', destination: { kind: 'extension', number: '1001' } } }],
          timeoutSec: 10,
        },
      });
      const hours = await admin.ok<{ id: string }>('POST', '/api/time-groups', {
        name: '全天',
        weekly: [{ days: [1, 2, 3, 4, 5, 6, 7], start: '00:00', end: '24:00' }],
      });
      await admin.ok('POST', '/api/inbound-routes', {
        name: '总机号码',
        didPattern: DID,
        timeGroupId: hours.id,
        destination: { kind: 'ivr', ivrId: ivr.id },
        closedDestination: { kind: 'voicemail', box: '1001' },
      });
      hoursId = hours.id;

      pstn.command('dial', `sip:${DID}@${CARRIER_IP}`);
      await pstn.waitFor((e) => e.type === 'CALL_ESTABLISHED', 15_000);
      await carrier.waitFor(new RegExp(`carrier: call to DID ${DID}`), 1000);
      await sleep(1500); // the menu's prompt
      pstn.command('sndcode', '1');
      await agent.waitFor((e) => e.type === 'CALL_ESTABLISHED', 15_000);
      await sleep(4000); // talking
      pstn.command('hangup');
      await agent.waitFor((e) => e.type === 'CALL_CLOSED', 15_000);
      await sleep(500);

      // Audio both ways: the agent hears the PSTN phone's 1000 Hz, the PSTN phone hears 600 Hz after the menu.
      const agentHeard = agent.dumps('dec').at(-1);
      const pstnHeard = pstn.dumps('dec').at(-1);
      expect(agentHeard && pstnHeard).toBeTruthy();
      const a = heardTone(agentHeard as string, 1000);
      const p = heardTone(pstnHeard as string, 600);
      expect(a.rms).toBeGreaterThan(300);
      expect(a.share).toBeGreaterThan(0.5);
      expect(p.rms).toBeGreaterThan(300);
      expect(p.share).toBeGreaterThan(0.3);

      const records = await t.services.callRecords.list(tenantId, { page: 1, pageSize: 10 });
      expect(records.items.find((r) => r.direction === 'inbound')).toMatchObject({ caller: '13800138000' });
    }, 90_000);

    it('outside the time group the caller leaves a voicemail, which the API lists and plays; the MWI lamp turns on, and off when it is read', async () => {
      expect(hoursId).not.toBe('');
      agent.events.length = 0;
      pstn.events.length = 0;
      await admin.ok('PATCH', `/api/time-groups/${hoursId}`, { override: 'closed' });
      const account = PG ? 'carrierpg' : 'carrier';
      const csv = join(dir, 'mwi.csv');
      writeFileSync(csv, `SEQUENTIAL\n1001;${account};[authentication username=1001 password=SipPass#1001]\n`);
      const lamp = run(
        'sipp',
        [
          `${SWITCH_IP}:${SIP_PORT}`,
          ...['-sf', MWI_SCENARIO, '-inf', csv, '-i', MWI_PHONE_IP, '-p', String(SIP_PORT + 40)],
          ...['-mi', MWI_PHONE_IP, '-mp', String(SIP_PORT + 42), '-m', '1', '-nostdin', '-t', 'u1'],
          ...['-timeout', '80s', '-timeout_error'],
        ],
        85_000,
      );
      await sleep(1500); // registered and subscribed: the first NOTIFY says nothing is waiting

      pstn.command('dial', `sip:${DID}@${CARRIER_IP}`);
      await pstn.waitFor((e) => e.type === 'CALL_ESTABLISHED', 15_000);
      await sleep(6000); // greeting, beep, then 1000 Hz into the box
      pstn.command('hangup');

      const message = await until(
        'the voicemail message',
        async () => {
          const list = await admin.ok<{ items: Array<{ id: string; caller: string; durationMs: number }> }>(
            'GET',
            '/api/voicemail/messages?box=1001',
          );
          return list.items.find((m) => m.caller === '13800138000');
        },
        15_000,
      );
      expect(message.durationMs).toBeGreaterThan(1000);
      const audio = await t.app.inject({
        method: 'GET',
        url: `/api/voicemail/messages/${message.id}/audio`,
        headers: { cookie: admin.cookie },
      });
      expect(audio.statusCode).toBe(200);
      const samples = wavChannel(audio.rawPayload);
      const level = toneLevels(samples, 8000, [1000]).find((l) => l.frequency === 1000);
      expect(rms(samples)).toBeGreaterThan(300);
      expect(level?.relative ?? 0).toBeGreaterThan(0.5);
      // The lamp went on with the message (Voice-Message: 1/0); reading it in the console turns it off (0/1).
      await admin.ok('PUT', `/api/voicemail/messages/${message.id}/read`, { read: true });
      const lampRun = await lamp;
      expect(lampRun.code, lampRun.output).toBe(0);
    }, 120_000);

    it('an extension dials out: the route strips 9, its trunk group tries A (503), then the carrier, which carries it with a pool caller ID; international is refused', async () => {
      expect(carrierTrunkId).not.toBe('');
      agent.events.length = 0;
      pstn.events.length = 0;
      deadCarrier = run(
        'sipp',
        ['-sf', UAS_503, '-i', DEAD_CARRIER_IP, '-p', '5060', '-m', '10', '-nostdin', '-timeout', '120s'],
        60_000,
      );
      const dead = await admin.ok<{ id: string }>('POST', '/api/trunks', {
        name: '备用中继',
        kind: 'ip',
        host: DEAD_CARRIER_IP,
        port: 5060,
        peers: [DEAD_CARRIER_IP],
        codecs: ['PCMA'],
      });
      const pool = ['02566660001', '02566660002'];
      for (const number of pool) {
        const c = await admin.ok<{ id: string }>('POST', '/api/caller-ids', { number });
        await platform.ok('POST', `/api/caller-id-reviews/${c.id}`, { status: 'verified' });
      }
      // The route takes its trunks from a trunk group (智能中继): A first, then the carrier.
      const group = await admin.ok<{ id: string }>('POST', '/api/trunk-groups', {
        name: '智能中继',
        order: 'sequential',
        trunkIds: [dead.id, carrierTrunkId],
      });
      await admin.ok('POST', '/api/outbound-routes', {
        name: '出局',
        // 9 + number from the extensions; the bare mobile number for the system's own calls (the voice code).
        dialPatterns: [{ prefix: '9', match: '1XXXXXXXXXX' }, { prefix: '9', match: '00.' }, { match: '1XXXXXXXXXX' }],
        trunkGroupId: group.id,
        callerIdMode: 'pool',
        callerIdPool: pool,
      });
      await sleep(300);

      agent.command('dial', `sip:913800138000@${PG ? 'carrierpg' : 'carrier'}`);
      await pstn.waitFor((e) => e.type === 'CALL_ESTABLISHED', 15_000);
      const out = await carrier.waitFor(/carrier: outbound call to (\d+) from (\d+)/, 5000);
      expect(out[1]).toBe('13800138000');
      expect(pool).toContain(out[2]);
      await sleep(1500);
      agent.command('hangup');
      await pstn.waitFor((e) => e.type === 'CALL_CLOSED', 15_000);
      agent.events.length = 0;
      const outbound = await until(
        'the outbound call record',
        async () =>
          (await t.services.callRecords.list(tenantId, { page: 1, pageSize: 10 })).items.find(
            (r) => r.direction === 'outbound' && r.endedAt !== null,
          ),
        5000,
      );
      expect(outbound.legs.map((l) => l.status)).toEqual(expect.arrayContaining(['503', '200']));

      // International numbers are off for a new enterprise: refused before any trunk.
      const before = carrier.log.length;
      agent.command('dial', `sip:90014155550100@${PG ? 'carrierpg' : 'carrier'}`);
      const closed = await agent.waitFor(
        (e) => e.type === 'CALL_CLOSED' && /403|International/i.test(String(e.param)),
        15_000,
      );
      expect(String(closed.param)).toMatch(/403|International/);
      expect(carrier.log.slice(before)).not.toMatch(/outbound call to 0014155550100/);
    }, 90_000);

    it('verifies a caller ID by voice: the system calls the number through the routes and reads the code', async () => {
      pstn.events.length = 0;
      const callsOut = (carrier.log.match(/carrier: outbound call to 13800138000/g) ?? []).length;
      // The PSTN phone's own number (a baresip answers only calls to its account).
      const c = await admin.ok<{ id: string }>('POST', '/api/caller-ids', { number: '13800138000' });
      const started = await admin.ok<{ status: string }>('POST', `/api/caller-ids/${c.id}/voice-verification`);
      expect(started.status).toBe('verifying');
      await pstn.waitFor((e) => e.type === 'CALL_ESTABLISHED', 15_000);
      expect((carrier.log.match(/carrier: outbound call to 13800138000/g) ?? []).length).toBe(callsOut + 1);
      await pstn.waitFor((e) => e.type === 'CALL_CLOSED', 20_000); // three readings of the code, then the hang-up
      await sleep(300);
      const heard = wavChannel(readFileSync(pstn.dumps('dec').at(-1) as string));
      expect(heard.length).toBeGreaterThan(8000 * 5);
      expect(rms(heard)).toBeGreaterThan(200);
      // A wrong code leaves the number unverified.
      const wrong = await admin.call('POST', `/api/caller-ids/${c.id}/verify`, { code: '000000' });
      expect(wrong.status).toBeGreaterThanOrEqual(400);
      const now = await admin.ok<{ status: string }>('GET', `/api/caller-ids/${c.id}`);
      expect(now.status).not.toBe('verified');
    }, 60_000);

    it('refuses a blacklisted caller (busy) and does not dial a blacklisted number', async () => {
      pstn.events.length = 0;
      agent.events.length = 0;
      const blacklist = async (number: string, direction: 'inbound' | 'outbound') => {
        const e = await admin.ok<{ id: string }>('POST', '/api/number-lists', { list: 'black', number, direction });
        await admin.ok('POST', `/api/number-lists/${e.id}/review`, { status: 'approved' });
      };
      await admin.ok('PATCH', `/api/time-groups/${hoursId}`, { override: 'open' });
      await blacklist('13800138000', 'inbound');
      await blacklist('13700137000', 'outbound');
      await sleep(300);
      const dids = (carrier.log.match(new RegExp(`carrier: call to DID ${DID}`, 'g')) ?? []).length;
      pstn.command('dial', `sip:${DID}@${CARRIER_IP}`);
      const closed = await pstn.waitFor((e) => e.type === 'CALL_CLOSED', 15_000);
      expect(String(closed.param)).toMatch(/486|Busy/i);
      expect(pstn.events.some((e) => e.type === 'CALL_ESTABLISHED')).toBe(false);
      expect((carrier.log.match(new RegExp(`carrier: call to DID ${DID}`, 'g')) ?? []).length).toBe(dids + 1);

      const out = (carrier.log.match(/carrier: outbound call to 13700137000/g) ?? []).length;
      agent.command('dial', `sip:913700137000@${PG ? 'carrierpg' : 'carrier'}`);
      const refused = await agent.waitFor((e) => e.type === 'CALL_CLOSED', 15_000);
      expect(String(refused.param)).toMatch(/403|Blacklisted/i);
      expect((carrier.log.match(/carrier: outbound call to 13700137000/g) ?? []).length).toBe(out);
      const log = await admin.ok<{ items: Array<{ reason: string; direction: string }> }>('GET', '/api/refused-calls');
      expect(log.items.map((r) => r.reason)).toEqual(expect.arrayContaining(['blacklistedCaller', 'blacklisted']));
    }, 60_000);
  },
);
