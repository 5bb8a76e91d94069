import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { AgentLiveState, CallRecord } from '@hujiao/shared';
import { Baresip, hasBinary, run, writeTone } from '@hujiao/switch/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Api, freePort, processDatabase, ServerProcess } from './server-process.ts';

/**
 * kill -9 of the server with agents signed in and callers in a queue (issue 13): the real server process, a
 * carrier (SIPp on an IP trunk's address) with two callers on the DID of a queue; agent A (baresip, answers by
 * itself) talks with the first caller, agent B is busy, so the second caller waits. SIGKILL, restart: no agent is
 * left signed in, ringing or talking; both calls have records ended by the system; the talking caller's queue
 * visit is answered and ended, the waiting one's abandoned by the system; the state log's open states are closed.
 * Addresses of its own: switch 127.0.0.113 (PostgreSQL: .123), carrier .114 (.124), ports 32000-32999.
 */
const MISSING = ['baresip', 'sipp', 'sox'].filter((b) => !hasBinary(b));
const PG = process.env.CC_TEST_DATABASE === 'postgres';
const SWITCH_IP = PG ? '127.0.0.123' : '127.0.0.113';
const CARRIER_IP = PG ? '127.0.0.124' : '127.0.0.114';
const BASE = PG ? 32_500 : 32_000;
const DID = '02588881234';
const SCENARIO = path.join(import.meta.dirname, 'queue-scenarios', 'queue-caller.xml');
const TENANT = { account: PG ? 'qcrashpg' : 'qcrash', password: 'QueueCrash#2026' };
const PLATFORM_PASSWORD = 'Platform#2026';
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(MISSING.length > 0)('kill -9 with agents signed in and callers in a queue', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'hujiao-queue-crash-'));
  let database: Awaited<ReturnType<typeof processDatabase>> | undefined;
  let server: ServerProcess;
  const phones: Baresip[] = [];
  const callers: Array<ReturnType<typeof run>> = [];

  beforeAll(async () => {
    mkdirSync(path.join(dir, 'data'));
    database = await processDatabase('hj_qcrash');
    const port = await freePort();
    server = new ServerProcess(
      {
        CC_HOST: SWITCH_IP,
        CC_PORT: String(port),
        CC_DATA_DIR: path.join(dir, 'data'),
        CC_LOG_LEVEL: 'warn',
        CC_WEB_DIR: '/nonexistent',
        CC_ADMIN_PASSWORD: PLATFORM_PASSWORD,
        CC_SIP_BIND: SWITCH_IP,
        CC_SIP_ADDRESS: SWITCH_IP,
        CC_SIP_PORT: String(BASE),
        CC_RTP_PORT_MIN: String(BASE + 100),
        CC_RTP_PORT_MAX: String(BASE + 299),
        CC_TRUNK_KEEPALIVE_SECONDS: '0',
        ...database.env,
      },
      `http://${SWITCH_IP}:${port}`,
    );
    await server.start();
    writeTone(path.join(dir, 'agent.wav'), 600, 0.2);
  }, 90_000);

  afterAll(async () => {
    for (const p of phones) await p.stop();
    await Promise.allSettled(callers);
    await server?.stop('SIGTERM');
    await database?.drop();
    rmSync(dir, { recursive: true, force: true });
  });

  it('after the restart no agent is stuck and every call and queue visit is closed by the system', async () => {
    try {
      await killWithCallersQueued();
    } catch (err) {
      throw new Error(`${String(err)}\n--- server output ---\n${server.output.slice(-4000)}`);
    }
  }, 120_000);

  async function killWithCallersQueued(): Promise<void> {
    const platform = new Api(server.url);
    await platform.login('admin', PLATFORM_PASSWORD);
    await platform.request('POST', '/api/tenants', {
      account: TENANT.account,
      name: '排队崩溃',
      adminPassword: TENANT.password,
    });
    const admin = new Api(server.url);
    await admin.login(TENANT.account, TENANT.password);
    const roles = await admin.request<Array<{ id: string; code: string | null }>>('GET', '/api/roles');
    const agentRole = roles.find((r) => r.code === 'agent')?.id;
    const agents: Array<{ id: string; api: Api }> = [];
    for (const [i, no] of ['811', '812'].entries()) {
      const user = await admin.request<{ id: string }>('POST', '/api/users', {
        agentNo: no,
        name: `坐席${no}`,
        password: 'Agent#2026',
        roleIds: [agentRole],
      });
      const number = `100${i + 1}`;
      await admin.request('POST', '/api/extensions', { number, password: `SipPass#${number}`, userId: user.id });
      const api = new Api(server.url);
      await api.login(`${no}@${TENANT.account}`, 'Agent#2026', 'agent');
      agents.push({ id: user.id, api });
    }
    for (const [i, number] of ['1001', '1002'].entries()) {
      const sipPort = BASE + 10 + i * 10;
      mkdirSync(path.join(dir, number));
      const phone = new Baresip({
        dir: path.join(dir, number),
        sipPort,
        ctrlPort: sipPort + 5,
        source: path.join(dir, 'agent.wav'),
        rtpPorts: [BASE + 400 + i * 40, BASE + 439 + i * 40],
        account: `<sip:${number}@${TENANT.account}>;auth_pass=SipPass#${number};outbound="sip:${SWITCH_IP}:${BASE}";regint=60;answermode=auto;audio_codecs=PCMA`,
      });
      await phone.start();
      phones.push(phone);
    }
    await admin.request('POST', '/api/trunks', { name: '运营商', kind: 'ip', host: CARRIER_IP, peers: [CARRIER_IP] });
    const queue = await admin.request<{ id: string }>('POST', '/api/queues', {
      name: '售后',
      strategy: 'in-order-of-level',
      ringTimeoutSec: 10,
      maxWaitSec: 120,
      members: agents.map((a) => ({ agentId: a.id, level: 1 })),
    });
    await admin.request('POST', '/api/inbound-routes', {
      name: '售后热线',
      didPattern: DID,
      destination: { kind: 'queue', queueId: queue.id },
    });
    const [a, b] = agents as [{ id: string; api: Api }, { id: string; api: Api }];
    await a.api.request('PUT', '/api/agent/state', { state: 'ready' });
    await b.api.request('PUT', '/api/agent/state', { state: 'busy', reason: 'rest' });

    // Caller 1 reaches A (who answers by itself); caller 2 waits (B is busy). Both would stay a minute.
    for (const [i, caller] of ['13800000001', '13800000002'].entries()) {
      const csv = path.join(dir, `caller-${i}.csv`);
      writeFileSync(csv, `SEQUENTIAL\n${caller};carrier.example;${DID};${SWITCH_IP}:${BASE}\n`);
      const sipPort = BASE + 60 + i * 10;
      callers.push(
        run(
          'sipp',
          [
            `${SWITCH_IP}:${BASE}`,
            ...['-sf', SCENARIO, '-inf', csv, '-i', CARRIER_IP, '-p', String(sipPort), '-d', '60000'],
            ...['-mi', CARRIER_IP, '-mp', String(sipPort + 2), '-m', '1', '-nostdin', '-t', 'u1'],
            ...['-timeout', '20s'],
          ],
          30_000,
        ),
      );
      if (i === 0) {
        for (let n = 0; n < 100; n++) {
          const s = await a.api.request<AgentLiveState>('GET', '/api/agent/state');
          if (s.state === 'talking') break;
          await sleep(100);
        }
      }
    }
    expect((await a.api.request<AgentLiveState>('GET', '/api/agent/state')).state).toBe('talking');
    // Both calls are recorded while up; the second caller is in the queue.
    let live: CallRecord[] = [];
    for (let n = 0; n < 50 && !(live.length === 2 && live.every((r) => r.queueCalls.length === 1)); n++) {
      await sleep(100);
      live = (await admin.request<{ items: CallRecord[] }>('GET', '/api/call-records')).items;
    }
    expect(live.map((r) => r.state)).toEqual(['open', 'open']);
    await sleep(2000);

    await server.stop('SIGKILL');
    await server.start();

    const after = new Api(server.url);
    await after.login(TENANT.account, TENANT.password);
    const records = (await after.request<{ items: CallRecord[] }>('GET', '/api/call-records')).items;
    const byCaller = Object.fromEntries(records.map((r) => [r.caller, r]));
    expect(records).toHaveLength(2);
    for (const r of records)
      expect(r).toMatchObject({ state: 'ended', hangupSide: 'system', hangupCause: 'interrupted' });
    const talked = byCaller['13800000001']?.queueCalls[0];
    const waited = byCaller['13800000002']?.queueCalls[0];
    process.stdout.write(`after kill -9: talked ${JSON.stringify(talked)}, waited ${JSON.stringify(waited)}\n`);
    expect(talked).toMatchObject({ outcome: 'answered', agentId: a.id });
    // Times count up to the last evidence of the call (its recording, its answer), never past the crash.
    expect(talked?.talkSec).toBeLessThanOrEqual(10);
    expect(waited).toMatchObject({ outcome: 'abandoned-by-system', agentId: null, lostStage: 'queue' });
    expect(waited?.waitSec).toBeLessThanOrEqual(10);
    expect(byCaller['13800000002']?.lostStage).toBe('queue');

    // No agent stuck: both are signed out (the console shows 签入 again), and their last logged state is closed.
    for (const agent of agents) {
      const relogin = new Api(server.url);
      await relogin.login(agent === a ? `811@${TENANT.account}` : `812@${TENANT.account}`, 'Agent#2026', 'agent');
      expect(await relogin.request<AgentLiveState>('GET', '/api/agent/state')).toMatchObject({ state: 'logged-out' });
    }
    const log = await after.request<{ items: Array<{ agentId: string; state: string; endedAt: string | null }> }>(
      'GET',
      '/api/agent-state-log?pageSize=50',
    );
    const open = log.items.filter((e) => e.endedAt === null);
    expect(open.every((e) => e.state === 'logged-out')).toBe(true);
    expect(log.items.some((e) => e.agentId === a.id && e.state === 'talking' && e.endedAt !== null)).toBe(true);
  }
});
