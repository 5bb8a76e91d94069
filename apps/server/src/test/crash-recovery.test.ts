import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parseWav, rms } from '@hujiao/media';
import type { CallRecord } from '@hujiao/shared';
import { Baresip, hasBinary, wavChannel, writeTone } from '@hujiao/switch/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, freePort, processDatabase, ServerProcess } from './server-process.ts';

/**
 * kill -9 with a call up (issue 10, item 7): the real server process (tsx apps/server/src/main.ts), two baresip
 * phones, a call answered and talking, then SIGKILL. After the restart the call has a record, ended by the system,
 * and its recording so far downloads as a valid WAV of about the talk time. On PGlite (a data directory) in the
 * `server` project, on PostgreSQL in `server-pg`.
 */
const MISSING = ['baresip', 'sox'].filter((b) => !hasBinary(b));
const onPostgres = process.env.CC_TEST_DATABASE === 'postgres';
/** The two projects may run this file at the same time: ports of their own. */
const base = onPostgres ? 15_800 : 15_700;
const rtpMin = onPostgres ? 44_200 : 44_000;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const PLATFORM_PASSWORD = 'Platform#2026';
const TENANT = { account: 'crash', password: 'CrashAdmin#2026' };

describe.skipIf(MISSING.length > 0)('a call up when the server is killed (kill -9)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hujiao-crash-'));
  const dataDir = path.join(dir, 'data');
  let database: Awaited<ReturnType<typeof processDatabase>> | undefined;
  let server: ServerProcess;
  let sipPort = 0;
  let a: Baresip | undefined;
  let b: Baresip | undefined;

  beforeAll(async () => {
    mkdirSync(dataDir);
    database = await processDatabase('hj_crash');
    const port = await freePort();
    sipPort = await freePort();
    server = new ServerProcess(
      {
        CC_HOST: '127.0.0.1',
        CC_PORT: String(port),
        CC_DATA_DIR: dataDir,
        CC_LOG_LEVEL: 'warn',
        CC_WEB_DIR: '/nonexistent',
        CC_ADMIN_PASSWORD: PLATFORM_PASSWORD,
        CC_SIP_BIND: '127.0.0.1',
        CC_SIP_ADDRESS: '127.0.0.1',
        CC_SIP_PORT: String(sipPort),
        CC_RTP_PORT_MIN: String(rtpMin),
        CC_RTP_PORT_MAX: String(rtpMin + 199),
        ...database.env,
      },
      `http://127.0.0.1:${port}`,
    );
    await server.start();
    writeTone(path.join(dir, 'a.wav'), 400, 0.25);
    writeTone(path.join(dir, 'b.wav'), 700, 0.15);
  });

  afterAll(async () => {
    await a?.stop();
    await b?.stop();
    await server?.stop('SIGTERM');
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  function phone(name: string, number: string, password: string, offset: number): Baresip {
    mkdirSync(path.join(dir, name));
    return new Baresip({
      dir: path.join(dir, name),
      sipPort: base + 10 + offset * 10,
      ctrlPort: base + 41 + offset,
      source: path.join(dir, `${name}.wav`),
      account: `<sip:${number}@${TENANT.account}>;auth_pass=${password};outbound="sip:127.0.0.1:${sipPort}";regint=60;answermode=auto;audio_codecs=PCMU`,
    });
  }

  it('after the restart the call has a record ended by the system and its recording so far plays', async () => {
    try {
      await callKillRestart();
    } catch (err) {
      throw new Error(`${String(err)}\n--- server output ---\n${server.output.slice(-4000)}`);
    }
  });

  async function callKillRestart(): Promise<void> {
    const platform = new Api(server.url);
    await platform.login('admin', PLATFORM_PASSWORD);
    await platform.request('POST', '/api/tenants', {
      account: TENANT.account,
      name: '崩溃测试',
      adminPassword: TENANT.password,
    });
    const api = new Api(server.url);
    await api.login(TENANT.account, TENANT.password);
    await api.request('POST', '/api/extensions', { number: '1001', password: 'SipPass1001x' });
    await api.request('POST', '/api/extensions', { number: '1002', password: 'SipPass1002x' });

    a = phone('a', '1001', 'SipPass1001x', 0);
    b = phone('b', '1002', 'SipPass1002x', 1);
    await a.start();
    await b.start();
    // REGISTER_OK may go out before baresip's control connection is up: ask the API who is registered.
    let online: string[] = [];
    for (let i = 0; i < 100 && online.length < 2; i++) {
      const list = await api.request<{ items: Array<{ number: string }> }>('GET', '/api/extensions?registered=true');
      online = list.items.map((e) => e.number);
      if (online.length < 2) await sleep(200);
    }
    expect(online.sort()).toEqual(['1001', '1002']);

    a.command('dial', `sip:1002@${TENANT.account}`);
    await a.waitFor((e) => e.type === 'CALL_ESTABLISHED', 15_000);
    await b.waitFor((e) => e.type === 'CALL_ESTABLISHED', 15_000);
    const answered = Date.now();

    // Durable from the start: the record is there while the call is up.
    let live: CallRecord[] = [];
    for (let i = 0; i < 50 && live.length === 0; i++) {
      live = (await api.request<{ items: CallRecord[] }>('GET', '/api/call-records')).items;
      if (live.length === 0) await sleep(100);
    }
    expect(live).toHaveLength(1);
    expect(live[0]).toMatchObject({ caller: '1001', callee: '1002', state: 'open', endedAt: null, hasRecording: true });

    await sleep(Math.max(0, 6000 - (Date.now() - answered)));
    const killed = Date.now();
    await server.stop('SIGKILL');
    const talkSec = (killed - answered) / 1000;

    await server.start();
    const after = new Api(server.url);
    await after.login(TENANT.account, TENANT.password);
    const records = (await after.request<{ items: CallRecord[] }>('GET', '/api/call-records')).items;
    expect(records).toHaveLength(1);
    const rec = records[0] as CallRecord;
    expect(rec).toMatchObject({
      id: live[0]?.id,
      state: 'ended',
      caller: '1001',
      callee: '1002',
      hangupSide: 'system',
      hangupCause: 'interrupted',
      hasRecording: true,
    });
    expect(rec.answeredAt).not.toBeNull();
    const endedAt = Date.parse(rec.endedAt ?? '');
    // Ended when its recording was last written: before the kill, and not long before it.
    expect(endedAt).toBeLessThanOrEqual(killed + 1000);
    expect(endedAt).toBeGreaterThan(killed - 4000);
    expect(rec.billedSec).toBeGreaterThan(0);

    const wav = await after.request<Buffer>('GET', `/api/call-records/${rec.id}/recording`);
    const parsed = parseWav(wav);
    if (!parsed.ok) throw new Error(`recording is not a valid WAV: ${parsed.error}`);
    const { channels, sampleRate, samples } = parsed.value;
    const audioSec = samples.length / channels / sampleRate;
    // The header declares exactly the audio in the file (repaired), and the audio is about the talk time: the
    // writer hands data to the file in chunks of about 2 s, so up to that much of the end is lost.
    expect(wav.readUInt32LE(40)).toBe(wav.length - 44);
    process.stdout.write(`kill -9 after ${talkSec.toFixed(1)} s of talk: recording ${audioSec.toFixed(2)} s\n`);
    expect(audioSec).toBeGreaterThan(talkSec - 3);
    expect(audioSec).toBeLessThan(talkSec + 1);
    expect(rms(wavChannel(wav, 0))).toBeGreaterThan(500); // the caller's tone
    expect(rms(wavChannel(wav, 1))).toBeGreaterThan(300); // the callee's tone
    expect(server.output).toContain('closed the records of calls that were up when the server stopped');
  }
});
