import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CallRecord, LiveServerMessage } from '@hujiao/shared';
import { Baresip, hasBinary, run, wavChannel, writeTone } from '@hujiao/switch/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session, TestApp } from './harness.ts';
import { LiveClient } from './live-client.ts';
import { addAgent, createSipApp, enterpriseWithAgents } from './sip-harness.ts';

const MISSING = ['baresip', 'sipp', 'sox'].filter((b) => !hasBinary(b));
if (MISSING.length > 0) console.warn(`SKIPPED: queue tests need ${MISSING.join(', ')}`);

/*
 * A caller from a carrier (SIPp on an IP trunk's address) dials a DID routed to a queue (技能组) with two agents on
 * baresip phones, signed in (置闲) through the API. Strategy 'in-order-of-level': agent A (level 1) is rung first
 * and does not answer; after the ring time agent B (level 2) is rung and answers. Addresses and ports of its own:
 * switch 127.0.0.111/.121:31000/31500, carrier 127.0.0.112/.122.
 */
const PG = process.env.CC_TEST_DATABASE === 'postgres';
const SWITCH_IP = PG ? '127.0.0.121' : '127.0.0.111';
const CARRIER_IP = PG ? '127.0.0.122' : '127.0.0.112';
const SIP_PORT = PG ? 31500 : 31000;
const RTP_MIN = SIP_PORT + 100;
const DID = '02566661234';
const SCENARIO = join(import.meta.dirname, 'queue-scenarios', 'queue-caller.xml');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(MISSING.length > 0)('a DID to a queue: agents rung by level, the caller bridged to who answers', () => {
  let t: TestApp;
  let admin: Session;
  let tenantId: string;
  const phones: Baresip[] = [];
  const agents: Array<{ id: string; session: Session }> = [];
  const dir = mkdtempSync(join(tmpdir(), 'queue-sipp-'));
  const account = PG ? 'queuepg' : 'queue';
  let cti: LiveClient;
  let queueId: string;
  /** The carrier's caller: SIPp dials the DID and hangs up `holdMs` after the answer. */
  const callIn = (caller: string, holdMs: number) => {
    const csv = join(dir, `caller-${caller}.csv`);
    writeFileSync(csv, `SEQUENTIAL\n${caller};carrier.example;${DID};${SWITCH_IP}:${SIP_PORT}\n`);
    return run(
      'sipp',
      [
        `${SWITCH_IP}:${SIP_PORT}`,
        ...['-sf', SCENARIO, '-inf', csv, '-i', CARRIER_IP, '-p', String(SIP_PORT + 40), '-d', String(holdMs)],
        ...['-mi', CARRIER_IP, '-mp', String(SIP_PORT + 42), '-m', '1', '-nostdin', '-t', 'u1'],
        ...['-timeout', '40s', '-timeout_error'],
      ],
      45_000,
    );
  };
  type Records = { items: CallRecord[]; total: number };
  /** The agent-state values B's workstation was told, in order. */
  const bStates = () =>
    cti.messages.flatMap((m: LiveServerMessage) =>
      (m.type === 'update' || m.type === 'snapshot') && m.topic === 'agent-state' ? [m.data.state] : [],
    );

  beforeAll(async () => {
    t = await createSipApp(dir, SWITCH_IP, SIP_PORT);
    const e = await enterpriseWithAgents(t, account);
    ({ admin, tenantId } = e);
    for (const [i, no] of ['801', '802'].entries()) agents.push(await addAgent(t, e, account, no, `100${i + 1}`));
    await t.services.telephony.start();
    await t.app.listen({ host: SWITCH_IP, port: SIP_PORT + 90 });
    writeTone(join(dir, 'agent.wav'), 600, 0.2);
    for (const [i, answer] of ['manual', 'auto'].entries()) {
      const number = `100${i + 1}`;
      const port = SIP_PORT + 10 + i * 10;
      mkdirSync(join(dir, number));
      const phone = new Baresip({
        dir: join(dir, number),
        sipPort: port,
        ctrlPort: port + 5,
        source: join(dir, 'agent.wav'),
        rtpPorts: [RTP_MIN + 200 + i * 40, RTP_MIN + 239 + i * 40],
        account: `<sip:${number}@${account}>;auth_pass=SipPass#${number};outbound="sip:${SWITCH_IP}:${SIP_PORT}";regint=60;answermode=${answer};audio_codecs=PCMA`,
      });
      await phone.start();
      phones.push(phone);
    }
    for (let i = 0; i < 100 && t.services.telephony.registrations(tenantId).length < 2; i++) await sleep(100);
    await admin.ok('POST', '/api/trunks', { name: '运营商', kind: 'ip', host: CARRIER_IP, peers: [CARRIER_IP] });
    const queue = await admin.ok<{ id: string }>('POST', '/api/queues', {
      name: '售后',
      strategy: 'in-order-of-level',
      ringTimeoutSec: 5,
      maxWaitSec: 60,
      wrapUpSec: 2,
      members: [
        { agentId: agents[0]?.id, level: 1 },
        { agentId: agents[1]?.id, level: 2 },
      ],
    });
    queueId = queue.id;
    await admin.ok('POST', '/api/inbound-routes', {
      name: '售后热线',
      didPattern: DID,
      destination: { kind: 'queue', queueId: queue.id },
    });
  }, 90_000);

  afterAll(async () => {
    cti?.close();
    for (const p of phones) await p.stop();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('agent A sets ready over HTTP, agent B over the CTI socket, which pushes B its state', async () => {
    const [a, b] = agents as [{ id: string; session: Session }, { id: string; session: Session }];
    expect(await a.session.ok('GET', '/api/agent/state')).toMatchObject({
      state: 'logged-out',
      reason: null,
      member: true,
    });
    expect(await a.session.ok('PUT', '/api/agent/state', { state: 'ready' })).toMatchObject({
      state: 'ready',
      reason: null,
    });
    cti = new LiveClient(`ws://${SWITCH_IP}:${SIP_PORT + 90}/api/live`, { cookie: b.session.cookie });
    cti.send({ type: 'subscribe', topics: ['agent-state'] });
    await cti.next((m) => m.type === 'snapshot' && m.topic === 'agent-state');
    cti.send({ type: 'agent', id: 'r1', state: 'busy', reason: 'rest' });
    await cti.next((m) => m.type === 'result' && m.id === 'r1' && m.ok);
    cti.send({ type: 'agent', id: 'r2', state: 'ready' });
    await cti.next((m) => m.type === 'result' && m.id === 'r2' && m.ok);
    await cti.next((m) => m.type === 'update' && m.topic === 'agent-state' && m.data.state === 'ready');
    expect(bStates()).toEqual(['logged-out', 'busy', 'ready']);
    expect(await b.session.ok('GET', '/api/agent/state')).toMatchObject({ state: 'ready', reason: null });
    const bad = await agents[0]?.session.call<{ error: { message: string } }>('PUT', '/api/agent/state', {
      state: 'asleep',
    });
    expect(bad?.status).toBe(400);
  });

  it('rings agent A (level 1) first; unanswered after 5 s, agent B (level 2) is rung and answers', async () => {
    const [a, b] = phones as [Baresip, Baresip];
    a.events.length = 0;
    b.events.length = 0;
    const started = Date.now();
    const caller = callIn('13800138000', 14_000);
    await a.waitFor((e) => e.type === 'CALL_INCOMING', 10_000);
    const aRang = Date.now() - started;
    expect(b.events.some((e) => e.type === 'CALL_INCOMING')).toBe(false);
    await b.waitFor((e) => e.type === 'CALL_ESTABLISHED', 15_000);
    const bAnswered = Date.now() - started;
    process.stdout.write(`queue: A rang at ${aRang} ms, B answered at ${bAnswered} ms\n`);
    expect(bAnswered - aRang).toBeGreaterThan(4500);
    expect(a.events.some((e) => e.type === 'CALL_ESTABLISHED')).toBe(false);
    expect(await agents[1]?.session.ok('GET', '/api/agent/state')).toMatchObject({ state: 'talking' });
    const done = await caller;
    expect(done.code, done.output).toBe(0);
    await b.waitFor((e) => e.type === 'CALL_CLOSED', 10_000);
    // B's workstation saw the offer ring, the talk, the queue's 2 s of wrap-up and ready again.
    await cti.next(() => {
      const seen = bStates();
      const wrapUp = seen.indexOf('wrap-up', 3);
      return wrapUp > 0 && seen.indexOf('ready', wrapUp) > wrapUp;
    }, 10_000);
    expect(bStates().slice(3)).toEqual(['ringing', 'talking', 'wrap-up', 'ready']);

    // The call record holds the queue visit: waited through A's 5 s ring and B's, B answered, talked, wrapped up.
    let record: CallRecord | undefined;
    for (let i = 0; i < 50 && !(record?.state === 'ended' && record.queueCalls[0]?.wrapUpSec); i++) {
      await sleep(100);
      record = (await admin.ok<Records>('GET', `/api/call-records?queueId=${queueId}`)).items[0];
    }
    const visit = record?.queueCalls[0];
    process.stdout.write(`queue visit: ${JSON.stringify(visit)}\n`);
    expect(record).toMatchObject({ caller: '13800138000', direction: 'inbound', lostStage: null });
    expect(visit).toMatchObject({
      queueName: '售后',
      outcome: 'answered',
      agentId: agents[1]?.id,
      agentName: '坐席802',
    });
    expect(visit?.offers).toBe(2);
    expect(visit?.waitSec).toBeGreaterThanOrEqual(5);
    expect(visit?.ringSec).toBeGreaterThanOrEqual(5);
    expect(visit?.talkSec).toBeGreaterThanOrEqual(3);
    expect(visit?.wrapUpSec).toBeGreaterThanOrEqual(1);
    expect(visit?.wrapUpSec).toBeLessThanOrEqual(4);
    const byAgent = await admin.ok<Records>('GET', `/api/call-records?agentId=${agents[1]?.id}`);
    expect(byAgent.items.map((r) => r.id)).toEqual([record?.id]);
    expect((await admin.ok<Records>('GET', `/api/call-records?agentId=${agents[0]?.id}`)).total).toBe(0);
  }, 60_000);

  it('a waiting caller hears the music and every 2 s their place; giving up (agents busy) is a 呼损 in the queue', async () => {
    for (const a of agents) await a.session.ok('PUT', '/api/agent/state', { state: 'busy', reason: 'rest' });
    await admin.ok('PATCH', `/api/queues/${queueId}`, {
      announcements: { positionEverySec: 2, expectedWait: true, periodicEverySec: 0 },
    });
    await sleep(5500); // the ACD reads the queue again after 5 s
    // What the switch sends the caller (the caller leg's heard tap), frame by frame.
    const heard: Int16Array[] = [];
    const stop = t.services.events.subscribe('leg.created', (e) => {
      if (e.role !== 'caller') return;
      const leg = t.services.telephony.engine
        ?.calls()
        .find((c) => c.id === e.callId)
        ?.leg(e.legId);
      leg?.heard.subscribe((pcm) => heard.push(Int16Array.from(pcm)));
    });
    const done = await callIn('13900139000', 5000);
    stop();
    expect(done.code, done.output).toBe(0);
    // Music on hold and "您是下一位，请稍候" (first in line) are among the frames the caller got.
    const prompts = join(import.meta.dirname, '../../../../packages/switch/prompts');
    // A frame 200 ms in (past the prompts' 50 ms of leading silence), not silent itself.
    const firstFrame = (file: string) => {
      const frame = wavChannel(readFileSync(join(prompts, file))).subarray(1600, 1760);
      expect(Math.max(...frame.map(Math.abs)), file).toBeGreaterThan(500);
      return frame;
    };
    // Equal but for the codec's rounding (the caller talks PCMA: A-law keeps about 1/16 of a sample's size).
    const sent = (frame: Int16Array) =>
      heard.some(
        (h) => h.length === frame.length && h.every((v, i) => Math.abs(v - (frame[i] ?? 0)) <= 48 + Math.abs(v) / 12),
      );
    process.stdout.write(`queue caller: ${heard.length} frames heard\n`);
    expect(sent(firstFrame('moh/default.wav')), 'music on hold').toBe(true);
    expect(sent(firstFrame('zh-CN/queue-next.wav')), 'position announcement').toBe(true);
    let lost: Records | undefined;
    for (let i = 0; i < 50 && !lost?.items[0]?.queueCalls[0]?.outcome; i++) {
      await sleep(100);
      lost = await admin.ok<Records>('GET', '/api/call-records?lost=true');
    }
    expect(lost?.items.map((r) => r.caller)).toEqual(['13900139000']);
    const visit = lost?.items[0]?.queueCalls[0];
    expect(lost?.items[0]).toMatchObject({ lostStage: 'queue', state: 'ended' });
    expect(visit).toMatchObject({ outcome: 'abandoned', lostStage: 'queue', agentId: null, offers: 0 });
    expect(visit?.waitSec).toBeGreaterThanOrEqual(3);
    const kept = await admin.ok<Records>('GET', '/api/call-records?lost=false');
    expect(kept.items.map((r) => r.caller)).toEqual(['13800138000']);
  }, 30_000);
});
