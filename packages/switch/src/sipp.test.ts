import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryDirectory } from './directory.ts';
import { createSwitch, type Switch } from './switch.ts';
import { CdrLog, EventLog, hasBinary, killAll, run, sipp, testLogger } from './test-support/peers.ts';

const PEERS = join(import.meta.dirname, '..', 'test-peers');
const SIP_PORT = 15160;
const SERVER = `127.0.0.1:${SIP_PORT}`;
const HAS_SIPP = hasBinary('sipp');
if (!HAS_SIPP) console.warn('SKIPPED: sipp not installed (apt-get install sip-tester)');

describe.skipIf(!HAS_SIPP)('SIPp against the switch', () => {
  let sw: Switch;
  const events = new EventLog();
  const cdr = new CdrLog();
  const dir = mkdtempSync(join(tmpdir(), 'switch-sipp-'));
  const csv = (name: string, line: string): string => {
    const p = join(dir, `${name}.csv`);
    writeFileSync(p, `SEQUENTIAL\n${line}\n`);
    return p;
  };

  const auth = (user: string, password: string): string => `[authentication username=${user} password=${password}]`;

  beforeAll(async () => {
    const directory = new InMemoryDirectory();
    directory.addTenant('t1', 'acme').addTenant('t2', 'globex');
    directory.addExtension('t1', { number: '1001', password: 'secret1' });
    directory.addExtension('t1', { number: '1002', password: 'secret2' });
    directory.addExtension('t1', { number: '1003', password: 'secret3', enabled: false });
    directory.addExtension('t1', { number: '1004', password: 'secret4' });
    directory.addExtension('t1', { number: '1005', password: 'secret5' });
    directory.addExtension('t2', { number: '2001', password: 'other' });
    for (const n of ['1011', '1012', '1013', '1014', '1015', '1016'])
      directory.addExtension('t1', { number: n, password: `pw${n}` });
    sw = await createSwitch({
      sipPort: SIP_PORT,
      bindAddress: '127.0.0.1',
      rtpPortMin: 21000,
      rtpPortMax: 21999,
      directory,
      events,
      cdr,
      logger: testLogger(),
      recordings: { pathFor: (t, c) => join(dir, t, `${c}.wav`) },
      noAnswerTimeoutMs: 3000,
      banThreshold: 3,
      banWindowMs: 60_000,
      banDurationMs: 60_000,
    });
  });

  afterAll(async () => {
    killAll();
    await sw?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const register = (port: number, password = 'secret2', user = '1002') =>
    sipp({
      server: SERVER,
      scenario: join(PEERS, 'register.xml'),
      csv: csv(`reg-${port}-${password}`, `${user};acme;${auth(user, password)}`),
      port,
      mediaPort: port + 1000,
      timeoutMs: 10_000,
    });

  it('registers with the right password and reports it', async () => {
    const r = await register(15201);
    expect(r.code, r.output).toBe(0);
    const regs = sw.registrations('t1');
    expect(regs.some((g) => g.extension === '1002' && g.source === '127.0.0.1:15201')).toBe(true);
    expect(sw.registrations('t2')).toHaveLength(0);
    expect(events.of('registration').some((e) => e.registration.extension === '1002')).toBe(true);
  }, 20_000);

  it('registers over TCP with the connection as the flow, and drops the binding when it closes', async () => {
    const r = await sipp({
      server: SERVER,
      scenario: join(PEERS, 'register.xml'),
      csv: csv('reg-tcp', `1004;acme;${auth('1004', 'secret4')}`),
      port: 15205,
      mediaPort: 16205,
      transport: 't1',
      timeoutMs: 10_000,
    });
    expect(r.code, r.output).toBe(0);
    const of1004 = (action: string) =>
      events.of('registration').find((e) => e.registration.extension === '1004' && e.action === action);
    expect(of1004('added')?.registration.transport).toBe('TCP');
    // SIPp has exited, so its connection closed: the binding goes now, not at expiry.
    for (let i = 0; i < 50 && !of1004('removed'); i++) await new Promise((done) => setTimeout(done, 20));
    expect(of1004('removed')?.registration.transport).toBe('TCP');
    expect(sw.registrations('t1').some((g) => g.extension === '1004')).toBe(false);
  }, 20_000);

  it('rejects a wrong password (second 401, SIPp exits 1)', async () => {
    const r = await register(15203, 'wrong', '1001');
    expect(r.code).toBe(1);
    expect(sw.registrations('t1').some((g) => g.extension === '1001')).toBe(false);
  }, 20_000);

  /** Registers 1002 from `port`, runs the callee scenario there and the caller scenario; returns the CDR. */
  async function call(calleeScenario: string, callerScenario: string, port: number, callee: string) {
    expect((await register(port, `pw${callee}`, callee)).code).toBe(0);
    const uas = sipp({ scenario: join(PEERS, calleeScenario), port, mediaPort: port + 1000, timeoutMs: 15_000 });
    await new Promise((r) => setTimeout(r, 300));
    const before = cdr.records.length;
    const uac = await sipp({
      server: SERVER,
      scenario: join(PEERS, callerScenario),
      csv: csv(`call-${port}`, `1001;acme;${auth('1001', 'secret1')};${callee}`),
      port: port + 1,
      mediaPort: port + 1100,
      timeoutMs: 15_000,
    });
    const uasResult = await uas;
    expect(uac.code, uac.output).toBe(0);
    expect(uasResult.code, uasResult.output).toBe(0);
    return cdr.waitFor((r) => r.callee === callee && cdr.records.indexOf(r) >= before);
  }

  it('answers a call that the caller hangs up', async () => {
    const rec = await call('uas-answer.xml', 'uac-call-bye.xml', 15210, '1011');
    expect(rec).toMatchObject({ tenantId: 't1', caller: '1001', callee: '1011', direction: 'internal' });
    expect(rec.hangupCause).toBe('normal');
    expect(rec.hangupSide).toBe('caller');
    expect(rec.answeredAt).not.toBeNull();
    expect(rec.billedSec).toBeGreaterThanOrEqual(1);
    expect(rec.legs.map((l) => l.role)).toEqual(['caller', 'callee']);
    expect(rec.legs.every((l) => l.finalStatus === 200)).toBe(true);
  }, 40_000);

  it('answers a call that the callee hangs up', async () => {
    const rec = await call('uas-answer-bye.xml', 'uac-call-wait-bye.xml', 15220, '1012');
    expect(rec.hangupCause).toBe('normal');
    expect(rec.hangupSide).toBe('callee');
  }, 40_000);

  it('relays a CANCEL from the caller', async () => {
    const rec = await call('uas-ring.xml', 'uac-cancel.xml', 15230, '1013');
    expect(rec.hangupCause).toBe('cancelled');
    expect(rec.hangupSide).toBe('caller');
    expect(rec.answeredAt).toBeNull();
    expect(rec.billedSec).toBe(0);
  }, 40_000);

  it('relays 486 from a busy callee', async () => {
    const rec = await call('uas-busy.xml', 'uac-expect-486.xml', 15240, '1014');
    expect(rec.hangupCause).toBe('busy');
    expect(rec.hangupSide).toBe('callee');
    expect(rec.legs[1]?.finalStatus).toBe(486);
  }, 40_000);

  it('answers a hold re-INVITE itself (sendonly → recvonly, RFC 6337 §5.3): the callee gets no re-INVITE', async () => {
    // uas-answer.xml fails on any request but the BYE: the held callee hears music from the switch instead.
    const rec = await call('uas-answer.xml', 'uac-hold.xml', 15260, '1015');
    expect(rec.hangupCause).toBe('normal');
    expect(rec.segments?.map((s) => s.kind)).toEqual(['flow', 'bridge', 'hold']);
  }, 40_000);

  it('answers 480 when the callee does not answer in time (and CANCELs it)', async () => {
    const started = Date.now();
    const rec = await call('uas-ring.xml', 'uac-expect-480.xml', 15270, '1016');
    expect(Date.now() - started).toBeGreaterThanOrEqual(3000);
    expect(rec.hangupCause).toBe('noAnswer');
    expect(rec.hangupSide).toBe('system');
  }, 40_000);

  it('bans an address after repeated failed authentications', async () => {
    const from2 = (port: number, password: string) =>
      run('sipp', [
        SERVER,
        '-sf',
        join(PEERS, 'register.xml'),
        '-inf',
        csv(`ban-${port}`, `1001;acme;${auth('1001', password)}`),
        '-i',
        '127.0.0.2',
        '-p',
        String(port),
        '-m',
        '1',
        '-nostdin',
        '-timeout',
        '4s',
        '-timeout_error',
      ]);
    for (let i = 0; i < 3; i++) expect((await from2(15280 + i, 'wrong')).code).toBe(1);
    expect(events.of('security.banned').map((e) => e.address)).toContain('127.0.0.2');
    // Banned: even the right password gets no answer from 127.0.0.2, while 127.0.0.1 is still served.
    expect((await from2(15285, 'secret1')).code).not.toBe(0);
    expect((await register(15286, 'secret1', '1001')).code).toBe(0);
  }, 40_000);

  it.each([
    ['1099', 404, 'notFound'],
    ['2001', 404, 'notFound'],
    ['1003', 480, 'unavailable'],
    ['1005', 480, 'unavailable'],
  ])(
    'ends a call to %s with %i',
    async (callee, status, cause) => {
      const before = cdr.records.length;
      const r = await sipp({
        server: SERVER,
        scenario: join(PEERS, `uac-expect-${status}.xml`),
        csv: csv(`fail-${callee}`, `1001;acme;${auth('1001', 'secret1')};${callee}`),
        port: 15250,
        mediaPort: 16250,
        timeoutMs: 10_000,
      });
      expect(r.code, r.output).toBe(0);
      const rec = await cdr.waitFor((x) => x.callee === callee && cdr.records.indexOf(x) >= before);
      expect(rec.hangupCause).toBe(cause);
      expect(rec.callee).toBe(callee);
    },
    20_000,
  );
});
