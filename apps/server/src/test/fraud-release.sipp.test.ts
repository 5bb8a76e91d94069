import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hasBinary, run } from '@hujiao/switch/test-support';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Session, TestApp } from './harness.ts';
import { createSipApp, enterpriseWithAgents } from './sip-harness.ts';

const MISSING = ['sipp'].filter((b) => !hasBinary(b));
if (MISSING.length > 0) console.warn(`SKIPPED: fraud-release tests need ${MISSING.join(', ')}`);

/*
 * The toll-fraud guard gives every place back: with a cap of 1 outside call at once, callers from the carrier
 * (SIPp on .146, an IP trunk peer) go N times in a row through each path that used to leak a place — an IVR key
 * to an outside number, a queue's overflow to an extension forwarding outside (转移设置), an inbound route to an
 * outside number — and the caller-ID voice code calls out N times; each outside call reaches the carrier (SIPp on
 * .145, answering and hanging up 0.5 s later), the next one still gets out, and the guard's count is 0 at the end.
 * Addresses and ports of its own: switch 127.0.0.141 (PostgreSQL run .142), ports 38000-38499 (PGlite) and
 * 38500-38999 (PostgreSQL).
 */
const PG = process.env.CC_TEST_DATABASE === 'postgres';
const SWITCH_IP = PG ? '127.0.0.142' : '127.0.0.141';
const CARRIER_IP = '127.0.0.145';
const CALLER_IP = '127.0.0.146';
const SIP_PORT = PG ? 38500 : 38000;
const CARRIER_PORT = SIP_PORT + 60;
const CALLER_PORT = SIP_PORT + 70;
const N = 2;
const UAS = join(import.meta.dirname, 'fraud-scenarios', 'carrier-answer-bye.xml');
const UAC = join(import.meta.dirname, 'fraud-scenarios', 'trunk-caller.xml');
const DID = { ivr: '02588880001', queue: '02588880002', outside: '02588880003' } as const;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

describe.skipIf(MISSING.length > 0)('fraud guard: every outside path gives its place back (SIPp carrier)', () => {
  let t: TestApp;
  let admin: Session;
  let tenantId = '';
  const dir = mkdtempSync(join(tmpdir(), 'fraud-release-'));
  const account = PG ? 'fraudrelpg' : 'fraudrel';

  /** The carrier answering `calls` outside calls one after another (exit 0: all of them came and ended well). */
  const carrier = (calls: number) =>
    run(
      'sipp',
      [
        ...[
          '-sf',
          UAS,
          '-i',
          CARRIER_IP,
          '-p',
          String(CARRIER_PORT),
          '-mi',
          CARRIER_IP,
          '-mp',
          String(CARRIER_PORT + 2),
        ],
        ...['-m', String(calls), '-nostdin', '-t', 'u1', '-timeout', '25s', '-timeout_error'],
      ],
      30_000,
    );
  /** `calls` customers dialling `did` one after another (pressing `key` after the answer unless '-'). */
  const callers = (did: string, key: string, calls: number) => {
    const csv = join(dir, `${did}.csv`);
    writeFileSync(csv, `SEQUENTIAL\n${Array.from({ length: calls }, () => `${key};${did}`).join('\n')}\n`);
    return run(
      'sipp',
      [
        `${SWITCH_IP}:${SIP_PORT}`,
        ...['-sf', UAC, '-inf', csv, '-i', CALLER_IP, '-p', String(CALLER_PORT), '-mi', CALLER_IP],
        ...['-mp', String(CALLER_PORT + 2), '-m', String(calls), '-l', '1', '-r', '1'],
        ...['-nostdin', '-t', 'u1', '-timeout', '25s', '-timeout_error'],
      ],
      30_000,
    );
  };
  const active = async () => (await t.services.pbxRouter.usage(tenantId)).activeCalls;
  const settled = async () => {
    for (let i = 0; i < 30 && (await active()) !== 0; i++) await sleep(100);
    return active();
  };
  /** N calls through one path; the carrier must get all N outside calls. */
  const throughPath = async (did: string, key: string) => {
    const out = carrier(N);
    await sleep(200);
    const calls = await callers(did, key, N);
    const got = await out;
    expect(calls.code, calls.output.slice(-1500)).toBe(0);
    expect(got.code, got.output.slice(-1500)).toBe(0);
    expect(await settled()).toBe(0);
  };

  beforeAll(async () => {
    t = await createSipApp(dir, SWITCH_IP, SIP_PORT);
    ({ admin, tenantId } = await enterpriseWithAgents(t, account));
    await admin.ok('PATCH', '/api/fraud-limits', { maxConcurrentCalls: 1 });
    const trunk = await admin.ok<{ id: string }>('POST', '/api/trunks', {
      name: '运营商',
      kind: 'ip',
      host: CARRIER_IP,
      port: CARRIER_PORT,
      peers: [CARRIER_IP, CALLER_IP],
    });
    await admin.ok('POST', '/api/outbound-routes', {
      name: '出局',
      dialPatterns: [
        { prefix: '9', match: '1XXXXXXXXXX' },
        { prefix: '', match: '1XXXXXXXXXX' },
      ],
      trunkIds: [trunk.id],
    });
    const ext = await admin.ok<{ id: string }>('POST', '/api/extensions', { number: '1002', password: 'SipPass#1002' });
    await admin.ok('PUT', `/api/extensions/${ext.id}/forwarding`, { unconditional: '913800138002' });
    const ivr = await admin.ok<{ id: string }>('POST', '/api/ivr', {
      name: '总机',
      tree: {
        name: '主菜单',
        prompt: { kind: 'system', name: 'please-choose' },
        keys: [
          { key: '1', action: { type: 'destination', destination: { kind: 'external', number: '913800138001' } } },
        ],
      },
    });
    // No member signs in: every caller overflows (empty) at once to 1002, which forwards outside.
    const queue = await admin.ok<{ id: string }>('POST', '/api/queues', {
      name: '售后',
      overflow: { empty: { kind: 'extension', number: '1002' } },
    });
    const route = (name: string, did: string, destination: unknown) =>
      admin.ok('POST', '/api/inbound-routes', { name, didPattern: did, destination });
    await route('菜单', DID.ivr, { kind: 'ivr', ivrId: ivr.id });
    await route('排队', DID.queue, { kind: 'queue', queueId: queue.id });
    await route('转手机', DID.outside, { kind: 'external', number: '913800138003' });
    await t.services.telephony.start();
  }, 40_000);

  afterAll(async () => {
    await t?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it(`an IVR key to an outside number, ${N} calls in a row`, async () => {
    await throughPath(DID.ivr, '1');
  }, 30_000);

  it(`a queue's overflow to an extension forwarding outside, ${N} calls in a row`, async () => {
    await throughPath(DID.queue, '-');
  }, 30_000);

  it(`an inbound route to an outside number, ${N} calls in a row`, async () => {
    await throughPath(DID.outside, '-');
  }, 30_000);

  it(`the caller-ID voice code, ${N} calls in a row; then a call still gets out and the count is 0`, async () => {
    for (let i = 0; i < N; i++) {
      const out = carrier(1);
      await sleep(200);
      const c = await admin.ok<{ id: string }>('POST', '/api/caller-ids', { number: `1390013900${i + 1}` });
      await admin.ok('POST', `/api/caller-ids/${c.id}/voice-verification`);
      const got = await out;
      expect(got.code, got.output.slice(-1500)).toBe(0);
      expect(await settled()).toBe(0);
    }
    await throughPath(DID.outside, '-');
    expect(await active()).toBe(0);
  }, 40_000);
});
