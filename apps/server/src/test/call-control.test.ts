import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { rms } from '@hujiao/media';
import type { SwitchEvent } from '@hujiao/shared';
import { Baresip, hasBinary, wavChannel, writeTone } from '@hujiao/switch/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createEnterprise, createTestApp, platformAdmin, type Session, type TestApp } from './harness.ts';

const MISSING = ['baresip', 'sox'].filter((b) => !hasBinary(b));
if (MISSING.length > 0) console.warn(`SKIPPED: call-control API tests need ${MISSING.join(', ')}`);

// The suite runs twice in CI at once (PGlite and PostgreSQL): each run has ports of its own.
const PG = process.env.CC_TEST_DATABASE === 'postgres';
const SIP_PORT = PG ? 15880 : 15860;
const PHONE_PORT = SIP_PORT + 4;
const CTRL_PORT = SIP_PORT + 8;
const RTP_MIN = PG ? 26600 : 26000;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
type ErrorBody = { error: { code: string; message: string } };

describe.skipIf(MISSING.length > 0)('call control through the API (originate to a real phone)', () => {
  let t: TestApp;
  let admin: Session;
  let tenantId: string;
  let other: Session;
  let phone: Baresip;
  const dir = mkdtempSync(join(tmpdir(), 'api-originate-'));
  const events: SwitchEvent[] = [];

  beforeAll(async () => {
    t = await createTestApp({
      CC_DATA_DIR: join(dir, 'data'),
      CC_SIP_BIND: '127.0.0.1',
      CC_SIP_ADDRESS: '127.0.0.1',
      CC_SIP_PORT: String(SIP_PORT),
      CC_RTP_PORT_MIN: String(RTP_MIN),
      CC_RTP_PORT_MAX: String(RTP_MIN + 499),
      CC_METRICS_TOKEN: 'metrics-token-0123456789',
    });
    const platform = await platformAdmin(t);
    ({ admin, tenantId } = await createEnterprise(t, platform, PG ? 'origpg' : 'orig'));
    ({ admin: other } = await createEnterprise(t, platform, PG ? 'otherpg' : 'other'));
    await admin.ok('POST', '/api/extensions', { number: '1001', password: 'SipPass#1001', displayName: 'Agent' });
    t.services.events.subscribeAll((e) => {
      events.push(e);
    });
    await t.services.telephony.start();
    const source = join(dir, 'phone.wav');
    writeTone(source, 500, 0.2);
    mkdirSync(join(dir, 'phone'));
    phone = new Baresip({
      dir: join(dir, 'phone'),
      sipPort: PHONE_PORT,
      ctrlPort: CTRL_PORT,
      source,
      account: `<sip:1001@${PG ? 'origpg' : 'orig'}>;auth_pass=SipPass#1001;outbound="sip:127.0.0.1:${SIP_PORT}";regint=60;answermode=auto;audio_codecs=PCMU`,
    });
    await phone.start();
    const until = Date.now() + 10_000;
    while (t.services.telephony.registrations().length === 0 && Date.now() < until) await sleep(100);
  }, 60_000);

  afterAll(async () => {
    await phone?.stop();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('rings the extension, which answers and hears the prompt; the result comes back and as an event', async () => {
    const flow = {
      name: 'greeting',
      steps: [
        { verb: 'play', prompt: 'please-choose', lang: 'en-US' },
        { verb: 'play', tone: { frequencies: [1000], cadenceMs: [] }, durationSec: 2 },
        { verb: 'hangup' },
      ],
    };
    const started = Date.now();
    const live = admin.ok<Array<{ callId: string }>>('GET', '/api/calls');
    expect(await live).toEqual([]);
    const result = await admin.ok<{ ok: boolean; callId: string; legId: string; outcome: string; status: number }>(
      'POST',
      '/api/calls/originate',
      { to: { extension: '1001' }, ringTimeoutSec: 10, flow, requestId: 'req-1' },
    );
    expect(result).toMatchObject({ ok: true, outcome: 'answered', status: 200 });
    const resultEvent = events.find((e) => e.type === 'originate.result' && e.requestId === 'req-1');
    expect(resultEvent).toMatchObject({ callId: result.callId, legId: result.legId, outcome: 'answered' });
    // While the flow plays, the call is listed for its tenant and not for another.
    const calls = await admin.ok<Array<{ callId: string; legs: Array<{ legId: string }> }>>('GET', '/api/calls');
    expect(calls.map((c) => c.callId)).toEqual([result.callId]);
    expect(await other.ok('GET', '/api/calls')).toEqual([]);
    const foreign = await other.call<ErrorBody>('POST', `/api/calls/${result.callId}/commands`, { command: 'hangup' });
    expect(foreign.status).toBe(404);
    await phone.waitFor((e) => e.type === 'CALL_CLOSED', 20_000);
    const ended = events.find((e) => e.type === 'call.hangup' && e.callId === result.callId);
    expect(ended).toMatchObject({ side: 'system', cause: 'normal' });
    expect(Date.now() - started).toBeGreaterThan(2000);
    // What the phone heard: the prompt, then the 1 kHz tone (sndfile's dump of the received audio).
    await sleep(500);
    const heard = phone.dumps('dec').at(-1);
    expect(heard).toBeTruthy();
    const samples = wavChannel(readFileSync(heard as string));
    expect(samples.length).toBeGreaterThan(8000 * 2);
    expect(rms(samples)).toBeGreaterThan(500);
    const record = await t.services.callRecords.list(tenantId, { page: 1, pageSize: 10 });
    expect(record.items.find((r) => r.callId === result.callId)).toBeTruthy();
  }, 60_000);

  it('answers busy/unknown targets and refuses flows that would play arbitrary files', async () => {
    const missing = await admin.ok<{ outcome: string; status: number }>('POST', '/api/calls/originate', {
      to: { extension: '1999' },
    });
    expect(missing).toMatchObject({ outcome: 'failed', status: 404 });
    const fileFlow = {
      steps: [{ verb: 'play', file: '/etc/hujiao/other-tenant.wav' }],
    };
    const refused = await admin.call<ErrorBody>('POST', '/api/calls/originate', {
      to: { extension: '1001' },
      flow: fileFlow,
    });
    expect(refused.status).toBe(400);
    const bad = await admin.call<ErrorBody>('POST', '/api/calls/originate', { to: { extension: 'x1' } });
    expect(bad.status).toBe(400);
    // Making a phone answer by itself would open its microphone: only the agent's own click-to-call does.
    const auto = await admin.call<ErrorBody>('POST', '/api/calls/originate', {
      to: { extension: '1001' },
      autoAnswer: true,
    });
    expect(auto.status).toBe(400);
    const gone = await admin.call<ErrorBody>('POST', '/api/calls/nope/commands', { command: 'hold', legId: 'l1' });
    expect(gone.body.error.code).toBe('CALL_NOT_FOUND');
    // Toll fraud: no carrier is reached around the outbound routes, neither by a SIP URI nor by a trunk dial.
    const uri = await admin.call<ErrorBody>('POST', '/api/calls/originate', {
      to: { uri: 'sip:0014155550100@198.51.100.7' },
    });
    expect(uri.status).toBe(400);
    const trunkFlow = {
      steps: [{ verb: 'dial', targets: [{ trunk: { trunkIds: ['t1'], number: '0014155550100' } }] }],
    };
    const viaFlow = await admin.call<ErrorBody>('POST', '/api/calls/originate', {
      to: { extension: '1001' },
      flow: trunkFlow,
    });
    expect(viaFlow.status).toBe(400);
    expect(JSON.stringify(viaFlow.body)).toMatch(/outbound routes|呼出路由|flow/);
  }, 30_000);

  it('counts the calls for Prometheus at /metrics (bearer token), with the registration and Node’s event-loop lag', async () => {
    const scrape = await t.app.inject({
      method: 'GET',
      url: '/metrics',
      headers: { authorization: 'Bearer metrics-token-0123456789' },
    });
    expect(scrape.statusCode).toBe(200);
    expect(scrape.headers['content-type']).toMatch(/^text\/plain/);
    const value = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(scrape.body)?.[1] ?? Number.NaN);
    expect(value('hujiao_registrations')).toBe(1);
    expect(value('hujiao_calls_active')).toBe(0);
    // The originated calls above ended: one answered (the prompt), one to an unknown extension.
    expect(value('hujiao_calls_total\\{direction="internal",answered="true"\\}')).toBeGreaterThanOrEqual(1);
    expect(value('hujiao_calls_total\\{direction="internal",answered="false"\\}')).toBeGreaterThanOrEqual(1);
    expect(scrape.body).toMatch(/^hujiao_nodejs_eventloop_lag_seconds /m);
    const wrong = await t.app.inject({ method: 'GET', url: '/metrics', headers: { authorization: 'Bearer nope' } });
    expect(wrong.statusCode).toBe(401);
    expect((await t.app.inject({ method: 'GET', url: '/metrics' })).statusCode).toBe(401);
  });
});
