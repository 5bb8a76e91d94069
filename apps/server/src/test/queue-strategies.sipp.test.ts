import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AcdStrategy, CallRecord } from '@hujiao/shared';
import { Baresip, type BaresipEvent, hasBinary, run, writeTone } from '@hujiao/switch/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session, TestApp } from './harness.ts';
import { LiveClient } from './live-client.ts';
import { addAgent, createSipApp, enterpriseWithAgents } from './sip-harness.ts';

const MISSING = ['baresip', 'sipp', 'sox'].filter((b) => !hasBinary(b));
if (MISSING.length > 0) console.warn(`SKIPPED: queue strategy tests need ${MISSING.join(', ')}`);

/*
 * Every strategy of the ACD on real phones: callers from a carrier (SIPp on an IP trunk's address) dial a DID routed
 * to a queue (技能组) with three agents on baresip phones (manual answer), signed in (置闲) over the CTI socket. The
 * queue's strategy changes with PATCH /api/queues/:id between calls; the agents answer, reject and hang up to build
 * the history each strategy reads (who was offered, who answered, idle time, calls, talk seconds). Then sticky
 * agent (优先客服) and overflow at the max wait to a fourth extension. Addresses and ports of its own: switch
 * 127.0.0.118/.119, carrier 127.0.0.128/.129, ports 36000-36499 (PGlite) / 36500-36999 (PostgreSQL).
 */
const PG = process.env.CC_TEST_DATABASE === 'postgres';
const SWITCH_IP = PG ? '127.0.0.119' : '127.0.0.118';
const CARRIER_IP = PG ? '127.0.0.129' : '127.0.0.128';
const SIP_PORT = PG ? 36500 : 36000;
const RTP_MIN = SIP_PORT + 100;
const DID = '02566668888';
const SCENARIO = join(import.meta.dirname, 'queue-scenarios', 'queue-caller-held.xml');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function until<T>(what: string, get: () => Promise<T | undefined>, timeoutMs = 10_000): Promise<T> {
  const end = Date.now() + timeoutMs;
  for (;;) {
    const v = await get();
    if (v !== undefined) return v;
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await sleep(50);
  }
}

/** One agent's phone, read event by event (each wait takes the next event of its kind). */
class Phone {
  private mark = 0;
  constructor(
    readonly name: string,
    readonly phone: Baresip,
  ) {}

  /** A new event of `type` since the last one taken, without waiting. */
  peek(type: string): BaresipEvent | undefined {
    return this.phone.events.slice(this.mark).find((e) => e.type === type);
  }

  async next(type: string, timeoutMs = 8000): Promise<void> {
    const end = Date.now() + timeoutMs;
    for (;;) {
      const i = this.phone.events.findIndex((e, k) => k >= this.mark && e.type === type);
      if (i >= 0) {
        this.mark = i + 1;
        return;
      }
      if (Date.now() > end)
        throw new Error(
          `${this.name}: no ${type}; got ${JSON.stringify(this.phone.events.slice(this.mark).map((e) => e.type))}`,
        );
      await sleep(30);
    }
  }

  /** Picks up the ringing call; resolves once it is established. */
  async answer(): Promise<number> {
    this.phone.command('accept');
    await this.next('CALL_ESTABLISHED');
    return Date.now();
  }

  /** Hangs up the call it talks in (or refuses the one that rings). */
  async hangup(): Promise<void> {
    this.phone.command('hangup');
    await this.next('CALL_CLOSED');
  }

  /** Answers, talks `talkMs`, hangs up. */
  async serve(talkMs = 1000): Promise<void> {
    await this.answer();
    await sleep(talkMs);
    await this.hangup();
  }
}

describe.skipIf(MISSING.length > 0)('queue strategies on real phones: who is offered each call, in order', () => {
  let t: TestApp;
  let admin: Session;
  let tenantId: string;
  let queueId: string;
  const baresips: Baresip[] = [];
  const agents: Array<{ id: string; session: Session; phone: Phone; cti: LiveClient }> = [];
  const dir = mkdtempSync(join(tmpdir(), 'queue-strategies-'));
  const account = PG ? 'qstratpg' : 'qstrat';
  let desk: Phone;
  let slot = 0;
  const callers: Array<Promise<{ code: number | null; output: string }>> = [];

  /**
   * A carrier's caller on its own SIPp ports (8 slots: SIP +50…+57, media +60…+91, SIPp takes 4 from -mp): joins
   * the queue, holds until the other side hangs up.
   */
  const callIn = (caller: string) => {
    const i = slot++ % 8;
    const csv = join(dir, `caller-${caller}-${i}.csv`);
    writeFileSync(csv, `SEQUENTIAL\n${caller};carrier.example;${DID};${SWITCH_IP}:${SIP_PORT}\n`);
    const done = run(
      'sipp',
      [
        `${SWITCH_IP}:${SIP_PORT}`,
        ...['-sf', SCENARIO, '-inf', csv, '-i', CARRIER_IP, '-p', String(SIP_PORT + 50 + i)],
        ...['-mi', CARRIER_IP, '-mp', String(SIP_PORT + 60 + i * 4), '-m', '1', '-nostdin', '-t', 'u1'],
        ...['-timeout', '40s', '-timeout_error'],
      ],
      45_000,
    );
    callers.push(done);
    return done;
  };
  const agent = (i: number) => agents[i] as (typeof agents)[number];
  const A = () => agent(0);
  const B = () => agent(1);
  const C = () => agent(2);
  const phones = () => agents.map((a) => a.phone);

  /** The one agent whose phone rings next (none other rings meanwhile). */
  async function ringing(timeoutMs = 8000): Promise<string> {
    const rung = await until(
      'an agent’s phone to ring',
      async () => phones().find((p) => p.peek('CALL_INCOMING')),
      timeoutMs,
    );
    await rung.next('CALL_INCOMING');
    const others = phones().filter((p) => p !== rung && p.peek('CALL_INCOMING'));
    expect(
      others.map((p) => p.name),
      `only ${rung.name} rings`,
    ).toEqual([]);
    return rung.name;
  }
  const phoneOf = (name: string) => phones().find((p) => p.name === name) as Phone;

  /** Waits until these agents are ready again (the ACD took the end of their last call). */
  const ready = (...names: string[]) =>
    Promise.all(
      agents
        .filter((a) => names.includes(a.phone.name))
        .map((a) =>
          until(`${a.phone.name} ready`, async () => {
            const s = await a.session.ok<{ state: string }>('GET', '/api/agent/state');
            return s.state === 'ready' ? true : undefined;
          }),
        ),
    );

  const setQueue = (patch: Record<string, unknown>) => admin.ok('PATCH', `/api/queues/${queueId}`, patch);
  const strategy = (s: AcdStrategy) => setQueue({ strategy: s });

  /**
   * One call: the agents rung refuse it `refusals` times, the next one answers, talks `talkMs` and hangs up; then
   * the `free` agents are ready again. Resolves with the agents in the order their phones rang.
   */
  async function call(caller: string, refusals = 0, free = ['A', 'B', 'C'], talkMs = 800): Promise<string[]> {
    const done = callIn(caller);
    const order: string[] = [];
    for (let i = 0; i <= refusals; i++) {
      const name = await ringing();
      order.push(name);
      if (i < refusals) await phoneOf(name).hangup();
      else await phoneOf(name).serve(talkMs);
    }
    const r = await done;
    expect(r.code, r.output).toBe(0);
    await ready(...free);
    return order;
  }

  beforeAll(async () => {
    t = await createSipApp(dir, SWITCH_IP, SIP_PORT);
    const e = await enterpriseWithAgents(t, account);
    ({ admin, tenantId } = e);
    await t.services.telephony.start();
    await t.app.listen({ host: SWITCH_IP, port: SIP_PORT + 95 });
    writeTone(join(dir, 'agent.wav'), 600, 0.2);
    const phone = (number: string, i: number, answer: 'manual' | 'auto') => {
      const port = SIP_PORT + 10 + i * 10;
      mkdirSync(join(dir, number));
      return new Baresip({
        dir: join(dir, number),
        sipPort: port,
        ctrlPort: port + 5,
        source: join(dir, 'agent.wav'),
        rtpPorts: [RTP_MIN + 200 + i * 40, RTP_MIN + 239 + i * 40],
        account: `<sip:${number}@${account}>;auth_pass=SipPass#${number};outbound="sip:${SWITCH_IP}:${SIP_PORT}";regint=60;answermode=${answer};audio_codecs=PCMA`,
      });
    };
    for (const [i, no] of ['801', '802', '803'].entries()) {
      const number = `100${i + 1}`;
      const { id, session } = await addAgent(t, e, account, no, number);
      const b = phone(number, i, 'manual');
      baresips.push(b);
      const cti = new LiveClient(`ws://${SWITCH_IP}:${SIP_PORT + 95}/api/live`, { cookie: session.cookie });
      agents.push({ id, session, phone: new Phone('ABC'[i] as string, b), cti });
    }
    // The overflow desk: extension 1004, answers by itself.
    await admin.ok('POST', '/api/extensions', { number: '1004', password: 'SipPass#1004' });
    const d = phone('1004', 3, 'auto');
    baresips.push(d);
    desk = new Phone('D', d);
    await Promise.all(baresips.map((b) => b.start()));
    await until('4 phones registered', async () =>
      t.services.telephony.registrations(tenantId).length >= 4 ? true : undefined,
    );
    await admin.ok('POST', '/api/trunks', { name: '运营商', kind: 'ip', host: CARRIER_IP, peers: [CARRIER_IP] });
    const queue = await admin.ok<{ id: string }>('POST', '/api/queues', {
      name: '策略',
      strategy: 'ring-all',
      ringTimeoutSec: 8,
      maxWaitSec: 0,
      autoBusyAfter: 0,
      members: agents.map((a, order) => ({ agentId: a.id, level: 1, order })),
    });
    queueId = queue.id;
    await admin.ok('POST', '/api/inbound-routes', {
      name: '策略热线',
      didPattern: DID,
      destination: { kind: 'queue', queueId },
    });
    // Signed in (置闲) over the CTI socket, each from their own workstation.
    for (const [i, a] of agents.entries()) {
      a.cti.send({ type: 'agent', id: `ready-${i}`, state: 'ready' });
      await a.cti.next((m) => m.type === 'result' && m.id === `ready-${i}` && m.ok);
    }
    await ready('A', 'B', 'C');
  }, 90_000);

  afterAll(async () => {
    for (const a of agents) a.cti.close();
    await Promise.all(callers);
    for (const b of baresips) await b.stop();
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('ring all rings the three at once; B answers and the others stop ringing', async () => {
    const done = callIn('13800000001');
    await Promise.all(phones().map((p) => p.next('CALL_INCOMING')));
    await B().phone.answer();
    await Promise.all([A().phone.next('CALL_CLOSED'), C().phone.next('CALL_CLOSED')]);
    await sleep(800);
    await B().phone.hangup();
    expect((await done).code).toBe(0);
    await ready('A', 'B', 'C');
  }, 20_000);

  it('round robin: the next after the last one offered (A talks on while B and C take theirs)', async () => {
    await strategy('round-robin');
    const long = callIn('13800000002');
    expect(await ringing()).toBe('A');
    const aFrom = await A().phone.answer();
    expect(await call('13800000003', 0, ['B', 'C'])).toEqual(['B']);
    expect(await call('13800000004', 0, ['B', 'C'])).toEqual(['C']);
    await sleep(Math.max(0, aFrom + 6000 - Date.now()));
    await A().phone.hangup();
    expect((await long).code).toBe(0);
    await ready('A');
  }, 30_000);

  it('round robin with memory: the next after the last one who answered (A refuses, B answers, then C, then A)', async () => {
    await strategy('round-robin-memory');
    expect(await call('13800000005', 1)).toEqual(['A', 'B']);
    const long = callIn('13800000006');
    expect(await ringing()).toBe('C');
    const cFrom = await C().phone.answer();
    expect(await call('13800000007', 0, ['A', 'B'])).toEqual(['A']);
    await sleep(Math.max(0, cFrom + 6000 - Date.now()));
    await C().phone.hangup();
    expect((await long).code).toBe(0);
    await ready('C');
  }, 30_000);

  it('longest idle: B (idle since its call ended first), then A', async () => {
    await strategy('longest-idle');
    expect(await call('13800000008')).toEqual(['B']);
    expect(await call('13800000009')).toEqual(['A']);
  }, 20_000);

  it('fewest calls: C (2 calls), then A (3, idle longer than C); never B (4)', async () => {
    await strategy('fewest-calls');
    expect(await call('13800000010')).toEqual(['C']);
    expect(await call('13800000011')).toEqual(['A']);
  }, 20_000);

  it('least talk time: B twice (about 4 s and 5 s against A’s and C’s 8 s or more), though B took the most calls', async () => {
    await strategy('least-talk-time');
    expect(await call('13800000012')).toEqual(['B']);
    expect(await call('13800000013')).toEqual(['B']);
  }, 20_000);

  it('random offers someone (its distribution is checked in packages/acd over thousands of calls)', async () => {
    await strategy('random');
    const order = await call('13800000014');
    expect(order).toHaveLength(1);
    expect(['A', 'B', 'C']).toContain(order[0]);
  }, 15_000);

  it('in order of level: C (level 1) first, then A and B (level 2) in member order', async () => {
    await setQueue({
      strategy: 'in-order-of-level',
      members: [
        { agentId: C().id, level: 1, order: 0 },
        { agentId: A().id, level: 2, order: 1 },
        { agentId: B().id, level: 2, order: 2 },
      ],
    });
    expect(await call('13800000015', 2)).toEqual(['C', 'A', 'B']);
  }, 20_000);

  it('sticky agent (优先客服): a repeat caller goes to the agent who last talked to them, others by the strategy', async () => {
    await setQueue({ sticky: { enabled: true, windowSec: 600, waitSec: 0 } });
    expect(await call('13911112222', 1)).toEqual(['C', 'A']);
    expect(await call('13911112222')).toEqual(['A']);
    expect(await call('13922223333')).toEqual(['C']);
  }, 25_000);

  it('overflow at the max wait: nobody answers, after 5 s the caller is put through to extension 1004', async () => {
    await setQueue({
      strategy: 'ring-all',
      // One level again: ring all rings the best level's agents only.
      members: agents.map((a, order) => ({ agentId: a.id, level: 1, order })),
      sticky: { enabled: false, windowSec: 600, waitSec: 0 },
      ringTimeoutSec: 20,
      maxWaitSec: 5,
      overflow: { timeout: { kind: 'extension', number: '1004' } },
    });
    const started = Date.now();
    const done = callIn('13800000020');
    await Promise.all(phones().map((p) => p.next('CALL_INCOMING')));
    // The three ring out at the max wait (not at the 20 s ring time) and the desk answers.
    await Promise.all(phones().map((p) => p.next('CALL_CLOSED', 10_000)));
    await desk.next('CALL_ESTABLISHED', 5000);
    const overflowedAt = Date.now() - started;
    process.stdout.write(`queue strategies: overflow to 1004 at ${overflowedAt} ms\n`);
    expect(overflowedAt).toBeGreaterThan(4500);
    expect(overflowedAt).toBeLessThan(9000);
    await sleep(800);
    await desk.hangup();
    expect((await done).code).toBe(0);
    type Records = { items: CallRecord[] };
    const record = await until('the overflowed visit', async () => {
      const r = (await admin.ok<Records>('GET', `/api/call-records?queueId=${queueId}`)).items.find(
        (x) => x.caller === '13800000020' && x.state === 'ended',
      );
      return r?.queueCalls[0]?.outcome ? r : undefined;
    });
    expect(record.queueCalls[0]).toMatchObject({ outcome: 'overflowed', overflowReason: 'timeout', agentId: null });
    expect(record.queueCalls[0]?.offers).toBe(1);
    // Cancelled by the ACD, not missed: nobody went busy.
    await ready('A', 'B', 'C');
  }, 25_000);
});
