import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { encodeWav } from '@hujiao/media';
import type { LiveServerMessage } from '@hujiao/shared';
import { hasBinary, killAll, run } from '@hujiao/switch/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnterprise, createTestApp, platformAdmin, type Session, type TestApp } from '../../test/harness.ts';
import { LiveClient } from '../../test/live-client.ts';
import { agentOf } from '../../test/pbx-helpers.ts';

/**
 * The live channel against a started app (PGlite) with the real switch: HTTP 127.0.0.95:30300, switch
 * 127.0.0.96:30010 (RTP 30200-30299), a SIPp carrier answering OPTIONS at 127.0.0.97:30090, a SIPp phone
 * registering from 127.0.0.98:30020. Two enterprises: A sees its own, B nothing of A's.
 */
const PG = process.env.CC_TEST_DATABASE === 'postgres';
const HTTP_PORT = PG ? 30301 : 30300;
const SIP_PORT = PG ? 30011 : 30010;
const RTP_MIN = PG ? 30250 : 30200;
const CARRIER = { ip: '127.0.0.97', port: PG ? 30091 : 30090 };
const PHONE = { ip: '127.0.0.98', port: PG ? 30021 : 30020 };
const HAS_SIPP = hasBinary('sipp');
if (!HAS_SIPP) console.warn('SKIPPED: sipp not installed (apt-get install sip-tester)');
const SCENARIOS = join(import.meta.dirname, '../../../../../packages/switch');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const isSnapshot = (topic: string) => (m: LiveServerMessage) => m.type === 'snapshot' && m.topic === topic;
const isUpdate = (topic: string) => (m: LiveServerMessage) => m.type === 'update' && m.topic === topic;

describe.skipIf(!HAS_SIPP)('live channel (GET /api/live)', () => {
  let t: TestApp;
  let a: Session;
  let b: Session;
  let tenantA: string;
  const dir = mkdtempSync(join(tmpdir(), 'hj-live-'));
  const url = `ws://127.0.0.95:${HTTP_PORT}/api/live`;
  const clients: LiveClient[] = [];
  const open = (s: Session | null, extra: Record<string, string> = {}, o: { autoPong?: boolean } = {}) => {
    const c = new LiveClient(url, { ...(s ? { cookie: s.cookie } : {}), ...extra }, o);
    clients.push(c);
    return c;
  };

  beforeAll(async () => {
    t = await createTestApp({
      CC_DATA_DIR: join(dir, 'data'),
      CC_SIP_BIND: '127.0.0.96',
      CC_SIP_ADDRESS: '127.0.0.96',
      CC_SIP_PORT: String(SIP_PORT),
      CC_RTP_PORT_MIN: String(RTP_MIN),
      CC_RTP_PORT_MAX: String(RTP_MIN + 49),
      CC_TRUNK_KEEPALIVE_SECONDS: '5',
    });
    await t.app.listen({ host: '127.0.0.95', port: HTTP_PORT });
    const platform = await platformAdmin(t);
    ({ admin: a, tenantId: tenantA } = await createEnterprise(t, platform, PG ? 'livepga' : 'livea'));
    ({ admin: b } = await createEnterprise(t, platform, PG ? 'livepgb' : 'liveb'));
    await a.ok('POST', '/api/extensions', { number: '1001', password: 'SipPass#1001' });
    await b.ok('POST', '/api/extensions', { number: '1001', password: 'SipPass#1001' });
    await t.services.telephony.start();
    run(
      'sipp',
      [
        '-sf',
        join(SCENARIOS, 'src/trunk/scenarios/carrier-options.xml'),
        '-i',
        CARRIER.ip,
        '-p',
        String(CARRIER.port),
      ].concat(['-mi', CARRIER.ip, '-mp', String(CARRIER.port + 100), '-nostdin']),
      120_000,
    );
  }, 60_000);

  afterAll(async () => {
    for (const c of clients) c.close();
    killAll();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('refuses a socket without a session (4401) and one from another origin (4403)', async () => {
    expect(await open(null).closed).toEqual({ code: 4401, reason: 'not signed in' });
    expect(await open(null, { cookie: 'hj_sid=forged' }).closed).toEqual({ code: 4401, reason: 'not signed in' });
    const foreign = open(a, { origin: 'https://evil.example' });
    expect(await foreign.closed).toEqual({ code: 4403, reason: 'origin not allowed' });
  });

  it('says hello, answers snapshots on subscribe and pushes trunk, registration and voicemail changes to A only', async () => {
    const ca = open(a);
    const cb = open(b);
    for (const c of [ca, cb])
      c.send({ type: 'subscribe', topics: ['trunk-status', 'extension-registration', 'voicemail-count'] });
    const hello = await ca.next((m) => m.type === 'hello');
    expect(hello).toMatchObject({ user: { tenantId: tenantA, isPlatform: false }, heartbeatMs: 25_000 });
    expect(await ca.next(isSnapshot('trunk-status'))).toMatchObject({ data: [] });
    expect(await ca.next(isSnapshot('extension-registration'))).toMatchObject({ data: [] });
    expect(await ca.next(isSnapshot('voicemail-count'))).toMatchObject({ data: { mine: 0, all: 0 } });
    await cb.next(isSnapshot('voicemail-count'));

    // An IP trunk at the SIPp carrier: the first OPTIONS at once, its 200 pushed as online.
    const trunk = await a.ok<{ id: string }>('POST', '/api/trunks', {
      name: 'live carrier',
      kind: 'ip',
      host: CARRIER.ip,
      port: CARRIER.port,
      peers: [CARRIER.ip],
    });
    const online = await ca.next(
      (m) =>
        m.type === 'update' && m.topic === 'trunk-status' && m.data.trunkId === trunk.id && m.data.state === 'online',
    );
    expect(online).toMatchObject({ data: { lastError: null, lastOkAt: expect.any(String) } });

    // Extension 1001 of A registers from a SIPp phone.
    const csv = join(dir, 'phone.csv');
    const domain = PG ? 'livepga' : 'livea';
    writeFileSync(csv, `SEQUENTIAL\n1001;${domain};[authentication username=1001 password=SipPass#1001]\n`);
    const reg = await run('sipp', [
      `127.0.0.96:${SIP_PORT}`,
      ...['-sf', join(SCENARIOS, 'test-peers/register.xml'), '-inf', csv, '-i', PHONE.ip, '-p', String(PHONE.port)],
      ...['-mi', PHONE.ip, '-mp', String(PHONE.port + 100), '-m', '1', '-nostdin', '-timeout', '10s', '-timeout_error'],
    ]);
    expect(reg.code, reg.output).toBe(0);
    const registered = await ca.next(isUpdate('extension-registration'));
    expect(registered).toMatchObject({
      data: { extension: '1001', contacts: [expect.objectContaining({ source: `${PHONE.ip}:${PHONE.port}` })] },
    });

    // A message left in A's box 1001, then read: both pushed to A's admin (voicemail:manage sees all).
    const wav = join(dir, 'm.wav');
    writeFileSync(wav, encodeWav(new Int16Array(8000), 8000));
    const at = new Date();
    await t.services.voicemail.port().deposit({
      ...{ tenantId: tenantA, box: '1001', callId: 'c1', caller: '13800138000', callerName: null },
      ...{ file: wav, durationMs: 1000, at },
    });
    const left = await ca.next((m) => m.type === 'update' && m.topic === 'voicemail-count' && m.data.all === 1);
    expect(left).toMatchObject({ data: { mine: 0, all: 1 } });
    const list = await a.ok<{ items: Array<{ id: string }> }>('GET', '/api/voicemail/messages');
    await a.ok('PUT', `/api/voicemail/messages/${list.items[0]?.id}/read`, { read: true });
    await ca.next((m) => m.type === 'update' && m.topic === 'voicemail-count' && m.data.all === 0);

    // B saw its snapshots and nothing of A's.
    await sleep(300);
    expect(cb.messages.filter((m) => m.type === 'update')).toEqual([]);
    expect(await cb.next(isSnapshot('trunk-status'))).toMatchObject({ data: [] });
    const snapshotB = await new Promise<LiveServerMessage>((resolve) => {
      const again = open(b);
      again.send({ type: 'subscribe', topics: ['trunk-status', 'extension-registration'] });
      void again.next(isSnapshot('extension-registration')).then(resolve);
    });
    expect(snapshotB).toMatchObject({ data: [] });

    // A reconnecting tab gets the whole state again in its snapshots.
    const again = open(a);
    again.send({ type: 'subscribe', topics: ['trunk-status', 'extension-registration'] });
    expect(await again.next(isSnapshot('trunk-status'))).toMatchObject({
      data: [expect.objectContaining({ trunkId: trunk.id, state: 'online' })],
    });
    expect(await again.next(isSnapshot('extension-registration'))).toMatchObject({
      data: [expect.objectContaining({ extension: '1001' })],
    });

    // The trunk disabled: no longer probed; the subscribers get the tenant's trunks again (it shows unknown).
    await a.ok('PATCH', `/api/trunks/${trunk.id}`, { enabled: false });
    await again.next(
      (m) =>
        m.type === 'snapshot' &&
        m.topic === 'trunk-status' &&
        m.data.some((s) => s.trunkId === trunk.id && s.state === 'unknown'),
    );
  }, 40_000);

  it('refuses a topic the user may not see, answers pings and bad messages, keeps the socket', async () => {
    const agent = await agentOf(t, a, PG ? 'livepga' : 'livea', '8001');
    const c = open(agent);
    c.send({ type: 'subscribe', topics: ['trunk-status', 'voicemail-count'] });
    expect(await c.next((m) => m.type === 'error')).toMatchObject({ code: 'FORBIDDEN', topic: 'trunk-status' });
    expect(await c.next(isSnapshot('voicemail-count'))).toMatchObject({ data: { mine: 0, all: null } });
    c.send('not json');
    await c.next((m) => m.type === 'error' && m.code === 'BAD_MESSAGE');
    c.send({ type: 'subscribe', topics: ['someone-elses'] });
    c.send({ type: 'ping', id: 'p1' });
    expect(await c.next((m) => m.type === 'pong')).toEqual({ type: 'pong', id: 'p1' });
    // Answered in order: the unknown topic's error came before the pong.
    expect(c.messages.filter((m) => m.type === 'error' && m.code === 'BAD_MESSAGE')).toHaveLength(2);
    expect(c.messages.some((m) => m.type === 'snapshot' && m.topic === 'trunk-status')).toBe(false);
  });

  it('closes a socket that does not answer the heartbeat (4408) and one whose session ended (4401)', async () => {
    t.services.live.setHeartbeat(300);
    const deaf = open(a, {}, { autoPong: false });
    const fine = open(a);
    await deaf.next((m) => m.type === 'hello');
    await fine.next((m) => m.type === 'hello');
    expect(await deaf.closed).toEqual({ code: 4408, reason: 'no answer to the heartbeat' });
    const still = await Promise.race([fine.closed.then(() => 'closed'), sleep(800).then(() => 'open')]);
    expect(still).toBe('open');
    await a.ok('POST', '/api/auth/logout');
    expect(await fine.closed).toEqual({ code: 4401, reason: 'session ended' });
    t.services.live.setHeartbeat(25_000);
  });
});
