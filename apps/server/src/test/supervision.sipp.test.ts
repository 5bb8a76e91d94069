import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { tonesPresent } from '@hujiao/media';
import type { LiveServerMessage, MonitoredAgent, MonitoredQueue } from '@hujiao/shared';
import { Baresip, hasBinary, wavChannel, writeTone } from '@hujiao/switch/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Session, type TestApp } from './harness.ts';
import { LiveClient } from './live-client.ts';
import { AGENT_PASSWORD, addAgent, createSipApp, enterpriseWithAgents } from './sip-harness.ts';

const MISSING = ['baresip', 'sox'].filter((b) => !hasBinary(b));
if (MISSING.length > 0) console.warn(`SKIPPED: supervision tests need ${MISSING.join(', ')}`);

/*
 * 班长强制操作 on real phones (baresip): a customer of the carrier (on the IP trunk's address, 500 Hz) calls the
 * queue's DID and talks with agent 801 (extension 1001, 700 Hz); their team leader 802 (1003, 900 Hz) listens,
 * whispers and barges with their own phone, which answers by itself — Goertzel on each phone's recording of what
 * it heard, phase by phase — then hangs the call up (强拆). Forced busy keeps the queue from offering the agent a
 * call until forced ready. Addresses of its own: switch 127.0.0.152/.153, customer .154/.155; ports 19600-19799
 * (PGlite) and 19800-19999 (PostgreSQL), below the kernel's ephemeral range (an outgoing socket cannot take them).
 */
const PG = process.env.CC_TEST_DATABASE === 'postgres';
const SWITCH_IP = PG ? '127.0.0.153' : '127.0.0.152';
const CUSTOMER_IP = PG ? '127.0.0.155' : '127.0.0.154';
const SIP_PORT = PG ? 19800 : 19600;
const DID = '02588881234';
const TONES = { customer: 500, agent: 700, leader: 900 } as const;
const ALL = Object.values(TONES);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(MISSING.length > 0)('班长强制操作: listen, whisper, barge, force hang-up, busy and ready', () => {
  let t: TestApp;
  let admin: Session;
  let leader: Session;
  let agent: { id: string; session: Session };
  let other: { id: string; session: Session };
  let monitor: LiveClient;
  const phones = {} as Record<keyof typeof TONES, Baresip>;
  const dir = mkdtempSync(join(tmpdir(), 'supervision-'));
  const account = PG ? 'supervisepg' : 'supervise';

  /** When each phone's latest call began (its recording starts there), to cut phases out of what it heard. */
  const began = {} as Record<keyof typeof TONES, number>;
  const established = async (who: keyof typeof TONES) => {
    await phones[who].waitFor((e) => e.type === 'CALL_ESTABLISHED', 15_000);
    began[who] = Date.now();
  };
  /**
   * The tones `who` heard between two instants (ms since epoch), 900 ms trimmed off each end: a loaded machine's
   * phone can drift from the wall clock by some hundred ms (late packets, a late event).
   */
  const heard = (who: keyof typeof TONES, from: number, to: number) => {
    const samples = wavChannel(readFileSync(phones[who].dumps('dec').at(-1) as string));
    const at = (ms: number) => Math.max(0, Math.round(((ms - began[who]) / 1000) * 8000));
    return tonesPresent(samples.subarray(at(from + 900), at(to - 900)), 8000, ALL);
  };
  const act = (session: Session, agentId: string, body: Record<string, unknown>) =>
    session.call<{ legId?: string; error?: { code: string; message: string } }>(
      'POST',
      `/api/supervision/agents/${agentId}`,
      body,
    );
  const agentState = async () => (await agent.session.ok<{ state: string }>('GET', '/api/agent/state')).state;

  beforeAll(async () => {
    t = await createSipApp(dir, SWITCH_IP, SIP_PORT, { rtpMin: SIP_PORT + 100, rtpCount: 100 });
    const e = await enterpriseWithAgents(t, account);
    admin = e.admin;
    agent = await addAgent(t, e, account, '801', '1001');
    other = await addAgent(t, e, account, '803');
    const roles = await admin.ok<Array<{ id: string; code: string | null }>>('GET', '/api/roles');
    const leaderUser = await admin.ok<{ id: string }>('POST', '/api/users', {
      agentNo: '802',
      name: '班长802',
      password: AGENT_PASSWORD,
      roleIds: [roles.find((r) => r.code === 'teamLeader')?.id],
    });
    await admin.ok('POST', '/api/extensions', { number: '1003', password: 'SipPass#1003', userId: leaderUser.id });
    leader = new Session(t.app);
    expect((await leader.login('agent', `802@${account}`, AGENT_PASSWORD)).status).toBe(200);
    await admin.ok('POST', '/api/teams', { name: '一组', leaderId: leaderUser.id, memberIds: [agent.id] });
    await admin.ok('POST', '/api/trunks', { name: '运营商', kind: 'ip', host: CUSTOMER_IP, peers: [CUSTOMER_IP] });
    const queue = await admin.ok<{ id: string }>('POST', '/api/queues', {
      name: '售前',
      strategy: 'ring-all',
      ringTimeoutSec: 20,
      maxWaitSec: 60,
      members: [{ agentId: agent.id, level: 1 }],
    });
    await admin.ok('POST', '/api/inbound-routes', {
      name: '售前热线',
      didPattern: DID,
      destination: { kind: 'queue', queueId: queue.id },
    });
    await t.services.telephony.start();
    for (const [i, who] of (['customer', 'agent', 'leader'] as const).entries()) {
      const port = SIP_PORT + 10 + i * 10;
      mkdirSync(join(dir, who));
      writeTone(join(dir, `${who}.wav`), TONES[who], 0.2);
      const number = { customer: '13900001111', agent: '1001', leader: '1003' }[who];
      phones[who] = new Baresip({
        dir: join(dir, who),
        ...(who === 'customer' ? { address: CUSTOMER_IP } : {}),
        sipPort: port,
        ctrlPort: port + 5,
        source: join(dir, `${who}.wav`),
        rtpPorts: [SIP_PORT + 40 + i * 20, SIP_PORT + 59 + i * 20],
        account:
          who === 'customer'
            ? `<sip:${number}@${CUSTOMER_IP}>;regint=0;audio_codecs=PCMA`
            : `<sip:${number}@${account}>;auth_pass=SipPass#${number};outbound="sip:${SWITCH_IP}:${SIP_PORT}";regint=60;answermode=auto;audio_codecs=PCMA`,
      });
      await phones[who].start();
    }
    for (let i = 0; i < 100 && t.services.telephony.registrations(e.tenantId).length < 2; i++) await sleep(100);
    // The leader's 坐席监控 on the live channel.
    await t.app.listen({ host: SWITCH_IP, port: SIP_PORT + 90 });
    monitor = new LiveClient(`ws://${SWITCH_IP}:${SIP_PORT + 90}/api/live`, { cookie: leader.cookie ?? '' });
    monitor.send({ type: 'subscribe', topics: ['monitor-agents', 'monitor-queues'] });
    await monitor.next((m) => m.type === 'snapshot' && m.topic === 'monitor-agents');
    await monitor.next((m) => m.type === 'snapshot' && m.topic === 'monitor-queues');
  }, 90_000);

  afterAll(async () => {
    monitor?.close();
    for (const p of Object.values(phones)) await p?.stop();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** The updates of a monitor topic pushed so far. */
  const updates = <T>(topic: 'monitor-agents' | 'monitor-queues') =>
    monitor.messages.flatMap((m: LiveServerMessage) => (m.type === 'update' && m.topic === topic ? [m.data as T] : []));
  /** Waits until `topic` pushed a row that `pred` takes. */
  const until = async <T>(topic: 'monitor-agents' | 'monitor-queues', pred: (r: T) => boolean, what: string) => {
    for (let i = 0; i < 100; i++) {
      if (updates<T>(topic).some(pred)) return;
      await sleep(50);
    }
    throw new Error(`${topic} never pushed ${what}; got ${JSON.stringify(updates(topic))}`);
  };
  const pushed = (pred: (r: MonitoredAgent) => boolean, what: string) => until('monitor-agents', pred, what);
  const queuePushed = (pred: (q: MonitoredQueue) => boolean, what: string) => until('monitor-queues', pred, what);

  it('the monitor shows the leader their team’s queue agents only, and an agent without the permission none', async () => {
    const snapshot = monitor.messages.find((m) => m.type === 'snapshot' && m.topic === 'monitor-agents');
    expect(snapshot && 'data' in snapshot ? snapshot.data : null).toEqual([
      expect.objectContaining({ agentId: agent.id, agentNo: '801', state: 'logged-out', call: null }),
    ]);
    const plain = new LiveClient(`ws://${SWITCH_IP}:${SIP_PORT + 90}/api/live`, { cookie: agent.session.cookie ?? '' });
    try {
      plain.send({ type: 'subscribe', topics: ['monitor-agents'] });
      await plain.next((m) => m.type === 'error');
      expect(plain.messages.some((m) => m.type === 'snapshot')).toBe(false);
    } finally {
      plain.close();
    }
  });

  it('refuses: an agent without the permission, an agent of another team, no call, in the user’s language', async () => {
    const denied = await act(agent.session, other.id, { action: 'listen' });
    expect(denied.status).toBe(403);
    const outside = await act(leader, other.id, { action: 'listen' });
    expect(outside.status).toBe(403);
    expect(outside.body.error).toMatchObject({
      code: 'SUPERVISE_OUT_OF_SCOPE',
      message: '该坐席不在您管理的班组中,不能对其操作',
    });
    const idle = await act(leader, agent.id, { action: 'barge' });
    expect(idle.body.error).toMatchObject({ code: 'SUPERVISE_NO_CALL', message: '该坐席当前没有通话' });
    const bad = await act(leader, agent.id, { action: 'transfer', extension: 'abc' });
    expect(bad.status).toBe(400);
  });

  it('listens (hears both, heard by none), whispers (only the agent hears), barges (all three), then hangs up', async () => {
    expect(await agent.session.ok('PUT', '/api/agent/state', { state: 'ready' })).toMatchObject({ state: 'ready' });
    await pushed((r) => r.agentId === agent.id && r.state === 'ready', 'ready');
    phones.customer.command('dial', `sip:${DID}@${SWITCH_IP}:${SIP_PORT}`);
    await Promise.all([established('customer'), established('agent')]);
    // Live: the agent talking with the customer, in the queue.
    await pushed(
      (r) => r.state === 'talking' && r.call?.number === '13900001111' && r.call.queueName === '售前',
      'the call',
    );
    await sleep(1000);

    expect((await act(leader, agent.id, { action: 'listen' })).status).toBe(200);
    await established('leader');
    const phases: Array<[string, number, number]> = [];
    let start = Date.now();
    await sleep(4000);
    phases.push(['listen', start, Date.now()]);
    for (const mode of ['whisper', 'barge'] as const) {
      // The same phone moves on the same call: nothing rings again.
      expect((await act(leader, agent.id, { action: mode })).status).toBe(200);
      start = Date.now();
      await sleep(4000);
      phases.push([mode, start, Date.now()]);
    }
    // 强拆: everyone's call ends.
    expect((await act(leader, agent.id, { action: 'hangup' })).status).toBe(200);
    for (const who of ['customer', 'agent', 'leader'] as const) {
      await phones[who].waitFor((e) => e.type === 'CALL_CLOSED', 10_000);
    }
    await sleep(300);
    const got = Object.fromEntries(
      phases.map(([mode, from, to]) => [
        mode,
        { customer: heard('customer', from, to), agent: heard('agent', from, to), leader: heard('leader', from, to) },
      ]),
    );
    console.info(`heard by phase: ${JSON.stringify(got)}`);
    expect(got).toEqual({
      listen: { customer: [700], agent: [500], leader: [500, 700] },
      whisper: { customer: [700], agent: [500, 900], leader: [500, 700] },
      barge: { customer: [700, 900], agent: [500, 900], leader: [500, 700] },
    });
    // Audited, each action with its agent.
    const log = await admin.ok<{ items: Array<{ module: string; action: string; targetId: string | null }> }>(
      'GET',
      '/api/audit-logs?module=supervision',
    );
    expect(
      log.items
        .filter((l) => l.module === 'supervision')
        .map((l) => [l.action, l.targetId])
        .reverse(),
    ).toEqual([
      ['listen', agent.id],
      ['whisper', agent.id],
      ['barge', agent.id],
      ['hangup', agent.id],
    ]);
  }, 60_000);

  it('forced busy keeps the queue from offering the agent a call; forced ready lets it through', async () => {
    for (let i = 0; i < 50 && (await agentState()) !== 'ready'; i++) await sleep(100);
    expect((await act(leader, agent.id, { action: 'busy', reason: '班长示忙' })).status).toBe(200);
    expect(await agentState()).toBe('busy');
    const callsBefore = phones.agent.events.filter((e) => e.type === 'CALL_INCOMING').length;
    phones.customer.command('dial', `sip:${DID}@${SWITCH_IP}:${SIP_PORT}`);
    await sleep(3000);
    // The customer waits in the queue; the agent's phone does not ring.
    expect(phones.agent.events.filter((e) => e.type === 'CALL_INCOMING').length).toBe(callsBefore);
    // 技能组监控: the caller waiting, the one member busy; today one call offered and answered so far.
    await queuePushed(
      (q) =>
        q.name === '售前' &&
        q.callers.length === 1 &&
        q.callers[0]?.caller === '13900001111' &&
        !q.callers[0].ringing &&
        q.agents.busy === 1 &&
        q.today.offered === 2 &&
        q.today.answered === 1,
      'the waiting caller',
    );
    // Only this call's events from here (waitFor looks through a phone's whole history).
    for (const p of Object.values(phones)) p.events.length = 0;
    expect((await act(leader, agent.id, { action: 'ready' })).status).toBe(200);
    await phones.agent.waitFor((e) => e.type === 'CALL_ESTABLISHED', 15_000);
    await pushed((r) => r.state === 'talking' && r.call?.state === 'talking', 'the second call talking');
    expect((await act(leader, agent.id, { action: 'hangup' })).status).toBe(200);
    await phones.customer.waitFor((e) => e.type === 'CALL_CLOSED', 10_000);
    expect((await act(leader, agent.id, { action: 'signOut' })).status).toBe(200);
    expect(await agentState()).toBe('logged-out');
    // Both answered within the 20 s service level; nobody abandoned; nobody waiting, nobody signed in.
    await queuePushed(
      (q) =>
        q.callers.length === 0 &&
        q.agents.signedIn === 0 &&
        q.today.answered === 2 &&
        q.today.answeredInSl === 2 &&
        q.today.abandoned === 0,
      'the day so far',
    );
  }, 60_000);
});
