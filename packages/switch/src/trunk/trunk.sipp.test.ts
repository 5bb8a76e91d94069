import { createHash } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type Flow as FlowDefinition, flow as flowSchema } from '@hujiao/shared';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryDirectory } from '../directory.ts';
import type { RouteResolver } from '../routing.ts';
import { createSwitch, type Switch } from '../switch.ts';
import { CdrLog, EventLog, hasBinary, killAll, run, testLogger } from '../test-support/peers.ts';
import type { TrunkDirectory, TrunkInfo } from './trunk-types.ts';

/**
 * Trunks against SIPp carriers on loopback addresses of their own (ADR 0009):
 * switch 127.0.0.21:18000 (RTP 28000-28499); IP trunk C's carrier 127.0.0.22; a stranger 127.0.0.23; phone 1001
 * 127.0.0.24; caller 1002 127.0.0.25; carriers A 127.0.0.26:18060 and B 127.0.0.27:18070; registrars R
 * 127.0.0.28:18080 (right password) and W 127.0.0.28:18081 (wrong); capped trunk D's carrier 127.0.0.29.
 */
const SW = '127.0.0.21';
const SIP_PORT = 18000;
const SERVER = `${SW}:${SIP_PORT}`;
const SCENARIOS = join(import.meta.dirname, 'scenarios');
const PEERS = join(import.meta.dirname, '..', '..', 'test-peers');
const HAS_SIPP = hasBinary('sipp');
if (!HAS_SIPP) console.warn('SKIPPED: sipp not installed (apt-get install sip-tester)');

const base: Omit<TrunkInfo, 'id' | 'name' | 'kind' | 'host' | 'port'> = {
  tenantId: 't1',
  transport: 'udp',
  registerExpiresSec: 60,
  peers: [],
  codecs: ['PCMA', 'PCMU'],
  dtmfMode: 'rfc4733',
  callerIdFormat: 'e164',
  countryCode: '86',
  assertIdentity: false,
  privacy: 'none',
  maxCalls: 0,
  enabled: true,
};
const credentials = { username: 'trunkuser', password: 'trunkpass' };

class Trunks implements TrunkDirectory {
  list: TrunkInfo[] = [
    { ...base, id: 'R', name: 'Registrar', kind: 'register', host: '127.0.0.28', port: 18080, ...credentials },
    {
      ...base,
      id: 'W',
      name: 'Wrong password',
      kind: 'register',
      host: '127.0.0.28',
      port: 18081,
      username: 'trunkuser',
      password: 'wrong',
    },
    { ...base, id: 'C', name: 'IP carrier', kind: 'ip', host: '127.0.0.22', port: 18020, peers: ['127.0.0.22'] },
    { ...base, id: 'A', name: 'Carrier A', kind: 'ip', host: '127.0.0.26', port: 18060, peers: ['127.0.0.26'] },
    {
      ...base,
      id: 'B',
      name: 'Carrier B',
      kind: 'ip',
      host: '127.0.0.27',
      port: 18070,
      peers: ['127.0.0.27'],
      codecs: ['PCMA'],
      assertIdentity: true,
      privacy: 'id',
      ...credentials,
    },
    {
      ...base,
      id: 'D',
      name: 'Capped',
      kind: 'ip',
      host: '127.0.0.29',
      port: 18090,
      peers: ['127.0.0.29/32'],
      maxCalls: 1,
    },
  ];
  async listTrunks() {
    return this.list;
  }
  async trunkById(id: string) {
    return this.list.find((t) => t.id === id) ?? null;
  }
}

/**
 * Outbound routes of the test: 0 + number → trunks A then B, the 0 stripped, a fixed caller ID; 9 + number →
 * trunk D only (the capped one).
 */
const routes: RouteResolver = {
  async resolve(ingress) {
    if (ingress.kind !== 'extension') return null;
    if (/^9\d{7,}$/.test(ingress.number)) {
      const target = { trunk: { trunkIds: ['D'], number: ingress.number.slice(1) } };
      const flow: FlowDefinition = flowSchema.parse({ steps: [{ verb: 'dial', targets: [target] }] });
      return { kind: 'flow', flow };
    }
    if (!/^0\d{7,}$/.test(ingress.number)) return null;
    const flow: FlowDefinition = flowSchema.parse({
      name: 'outbound',
      steps: [
        {
          verb: 'dial',
          targets: [{ trunk: { trunkIds: ['A', 'B'], number: ingress.number.slice(1), callerId: '02588886666' } }],
          ringTimeoutSec: 20,
        },
      ],
    });
    return { kind: 'flow', flow };
  },
};

interface At {
  ip: string;
  port: number;
  scenario: string;
  csv?: string;
  server?: string;
  timeoutMs?: number;
  messages?: string;
  calls?: number;
}

/** SIPp on an address of its own; -m 1 unless `calls` is 0 (a registrar that runs until killed). */
function sippAt(o: At) {
  const ms = o.timeoutMs ?? 15_000;
  const args = [
    ...(o.server ? [o.server] : []),
    '-sf',
    o.scenario,
    '-i',
    o.ip,
    '-p',
    String(o.port),
    '-mi',
    o.ip,
    '-mp',
    String(28500 + (o.port % 500)),
    '-nostdin',
    ...(o.calls === 0 ? [] : ['-m', String(o.calls ?? 1), '-timeout', `${Math.round(ms / 1000)}s`, '-timeout_error']),
    ...(o.csv ? ['-inf', o.csv] : []),
    ...(o.messages ? ['-trace_msg', '-message_file', o.messages] : []),
  ];
  return run('sipp', args, ms + 5000);
}

async function until(what: string, pred: () => boolean, timeoutMs = 10_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!pred()) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe.skipIf(!HAS_SIPP)('SIP trunks against SIPp carriers', () => {
  let sw: Switch;
  const trunks = new Trunks();
  const events = new EventLog();
  const cdr = new CdrLog();
  const dir = mkdtempSync(join(tmpdir(), 'switch-trunks-'));
  const csv = (name: string, line: string): string => {
    const p = join(dir, `${name}.csv`);
    writeFileSync(p, `SEQUENTIAL\n${line}\n`);
    return p;
  };
  const auth = (user: string, password: string) => `[authentication username=${user} password=${password}]`;
  const registrarLog = join(dir, 'registrar-r.log');
  let registrarR: ReturnType<typeof sippAt>;

  beforeAll(async () => {
    const directory = new InMemoryDirectory();
    directory.addTenant('t1', 'acme');
    directory.addExtension('t1', { number: '1001', password: 'secret1' });
    directory.addExtension('t1', { number: '1002', password: 'secret2' });
    registrarR = sippAt({
      ip: '127.0.0.28',
      port: 18080,
      scenario: join(SCENARIOS, 'carrier-registrar.xml'),
      calls: 0,
      messages: registrarLog,
    });
    sippAt({ ip: '127.0.0.28', port: 18081, scenario: join(SCENARIOS, 'carrier-registrar.xml'), calls: 0 });
    await new Promise((r) => setTimeout(r, 300));
    sw = await createSwitch({
      sipPort: SIP_PORT,
      bindAddress: SW,
      rtpPortMin: 28000,
      rtpPortMax: 28499,
      directory,
      trunks,
      routes,
      events,
      cdr,
      logger: testLogger(),
      mediaSendThread: false,
      noAnswerTimeoutMs: 10_000,
      // The carriers here are SIPp UASes expecting an INVITE: an OPTIONS keep-alive would fail their call
      // (trunk-keepalive.sipp.test.ts tests it).
      trunkKeepaliveSec: 0,
    });
  });

  afterAll(async () => {
    await sw?.close();
    killAll();
    rmSync(dir, { recursive: true, force: true });
  });

  it('(a) registers trunk R with digest and refreshes it; the wrong password shows failed with back-off', async () => {
    const status = (id: string) => sw.trunkStatus().find((s) => s.trunkId === id);
    await until('R registered', () => status('R')?.state === 'registered');
    await until('W failed', () => status('W')?.state === 'failed');
    const w = status('W');
    expect(w?.lastError).toBe('401 authentication failed');
    const retryIn = Date.parse(w?.nextAttemptAt ?? '') - Date.now();
    expect(retryIn).toBeGreaterThan(25_000);
    expect(retryIn).toBeLessThanOrEqual(30_000);
    // The carrier granted 4 s: the refresh comes at 85 % (3.4 s), a new 200, a new expiry.
    const first = status('R');
    expect(Date.parse(first?.expiresAt ?? '') - Date.parse(first?.lastOkAt ?? '')).toBe(4000);
    const oks = () => events.of('trunk.registration').filter((e) => e.trunkId === 'R' && e.state === 'registered');
    await until('R refreshed', () => oks().length >= 2, 8000);
    const gap = Date.parse(oks()[1]?.lastOkAt ?? '') - Date.parse(oks()[0]?.lastOkAt ?? '');
    expect(gap).toBeGreaterThanOrEqual(3300);
    expect(gap).toBeLessThan(4000);
    const log = readFileSync(registrarLog, 'utf8');
    expect(log).toMatch(/Authorization: Digest [^\r\n]*realm="carrier\.test"/);
    expect(log).toMatch(/nc=00000002/);
    expect(log).toMatch(/Contact: <sip:trunkuser@127\.0\.0\.21:18000>/);
    expect(events.of('trunk.registration').some((e) => e.trunkId === 'W' && e.state === 'failed')).toBe(true);
  }, 30_000);

  it('(b) an IP trunk INVITE from its address reaches 1001 unchallenged; from another address it is challenged', async () => {
    const reg = await sippAt({
      ip: '127.0.0.24',
      port: 18240,
      server: SERVER,
      scenario: join(PEERS, 'register.xml'),
      csv: csv('reg-1001', `1001;acme;${auth('1001', 'secret1')}`),
    });
    expect(reg.code, reg.output).toBe(0);
    const phone = sippAt({ ip: '127.0.0.24', port: 18240, scenario: join(PEERS, 'uas-answer.xml') });
    await new Promise((r) => setTimeout(r, 300));
    const carrierLog = join(dir, 'carrier-c.log');
    const carrier = await sippAt({
      ip: '127.0.0.22',
      port: 18220,
      server: SERVER,
      scenario: join(SCENARIOS, 'carrier-uac-invite.xml'),
      csv: csv('c-in', `13800138000;carrier.example;1001;${SERVER}`),
      messages: carrierLog,
    });
    expect(carrier.code, carrier.output).toBe(0);
    expect((await phone).code).toBe(0);
    expect(readFileSync(carrierLog, 'utf8')).not.toMatch(/SIP\/2\.0 40[17]/);
    const rec = await cdr.waitFor((r) => r.caller === '13800138000' && r.callee === '1001');
    expect(rec).toMatchObject({ direction: 'inbound', hangupCause: 'normal', hangupSide: 'caller' });
    expect(rec.legs.map((l) => [l.role, l.trunkId ?? null, l.finalStatus])).toEqual([
      ['caller', 'C', 200],
      ['callee', null, 200],
    ]);
    // The same INVITE (a DID of the enterprise) from 127.0.0.23: a phone like any other, challenged.
    const stranger = await sippAt({
      ip: '127.0.0.23',
      port: 18230,
      server: SERVER,
      scenario: join(SCENARIOS, 'carrier-uac-expect-407.xml'),
      csv: csv('stranger', `13800138000;acme;1001;${SERVER}`),
    });
    expect(stranger.code, stranger.output).toBe(0);
  }, 40_000);

  /** RFC 2617 §3.2.2 request-digest with qop=auth, computed here from the message (not with the switch's code). */
  function digestOk(message: string, header: string, method: string, password: string): boolean {
    const line = message.split(/\r?\n/).find((l) => l.toLowerCase().startsWith(`${header.toLowerCase()}:`));
    if (!line) return false;
    const p = new Map([...line.matchAll(/(\w+)=(?:"([^"]*)"|([^,\s]+))/g)].map((m) => [m[1], m[2] ?? m[3] ?? '']));
    const md5 = (x: string) => createHash('md5').update(x).digest('hex');
    const ha1 = md5(`${p.get('username')}:${p.get('realm')}:${password}`);
    const ha2 = md5(`${method}:${p.get('uri')}`);
    const expected = md5(`${ha1}:${p.get('nonce')}:${p.get('nc')}:${p.get('cnonce')}:${p.get('qop')}:${ha2}`);
    return p.get('response') === expected && p.get('username') === 'trunkuser';
  }

  it.each([
    ['407', 'Proxy-Authorization'],
    ['401', 'Authorization'],
  ])(
    '(c) 1002 dials out through [A, B]: A answers 503, B challenges (%s) and carries the call',
    async (status, header) => {
      const a = sippAt({ ip: '127.0.0.26', port: 18060, scenario: join(SCENARIOS, 'carrier-uas-503.xml') });
      const bLog = join(dir, `carrier-b-${status}.log`);
      const b = sippAt({
        ip: '127.0.0.27',
        port: 18070,
        scenario: join(SCENARIOS, `carrier-uas-auth-${status}.xml`),
        messages: bLog,
      });
      await new Promise((r) => setTimeout(r, 300));
      const [caller, ra, rb] = await Promise.all([
        sippAt({
          ip: '127.0.0.25',
          port: 18250,
          server: SERVER,
          scenario: join(PEERS, 'uac-call-bye.xml'),
          csv: csv(`out-${status}`, `1002;acme;${auth('1002', 'secret2')};013800138000`),
        }),
        a,
        b,
      ]);
      expect(ra.code, ra.output).toBe(0);
      expect(rb.code, rb.output).toBe(0);
      expect(caller.code, caller.output).toBe(0);
      const log = readFileSync(bLog, 'utf8');
      // The INVITEs B received: the first challenged, the second (CSeq 2) with credentials for B's realm.
      const invites = log.split(/-{10,}/).filter((m) => /^\s*INVITE /m.test(m) && /received/i.test(m));
      expect(invites.length).toBe(2);
      const second = invites[1] ?? '';
      expect(second).toMatch(/^INVITE sip:13800138000@127\.0\.0\.27:18070 SIP\/2\.0/m);
      expect(second).toMatch(/^CSeq: 2 INVITE/m);
      expect(second).toMatch(/^From: "Anonymous" <sip:anonymous@anonymous\.invalid>;tag=/m);
      expect(second).toMatch(/^P-Asserted-Identity: <sip:\+862588886666@127\.0\.0\.27>/m);
      expect(second).toMatch(/^Privacy: id/m);
      expect(second).toMatch(new RegExp(`^${header}: Digest [^\\r\\n]*realm="carrier-b\\.test"`, 'm'));
      expect(digestOk(second, header, 'INVITE', 'trunkpass')).toBe(true);
      expect(digestOk(second, header, 'INVITE', 'trunkpas')).toBe(false);
      // Trunk B offers its one codec (PCMA) and telephone-event.
      expect(second).toMatch(/^m=audio \d+ RTP\/AVP 8 101\s*$/m);
      const rec = await cdr.waitFor((r) => r.caller === '1002' && r.callee === '013800138000' && r.legs.length === 3);
      expect(rec).toMatchObject({ hangupCause: 'normal', direction: 'outbound' });
      expect(rec.legs.map((l) => [l.role, l.trunkId ?? null, l.extension, l.finalStatus])).toEqual([
        ['caller', null, '1002', 200],
        ['callee', 'A', '13800138000', 503],
        ['callee', 'B', '13800138000', 200],
      ]);
      expect(rec.legs[2]?.uri).toBe('sip:13800138000@127.0.0.27:18070');
      cdr.records.splice(cdr.records.indexOf(rec), 1);
    },
    40_000,
  );

  it('(d) a trunk at maxCalls (1) refuses a second INVITE with 503', async () => {
    const phone = sippAt({ ip: '127.0.0.24', port: 18240, scenario: join(PEERS, 'uas-answer.xml') });
    await new Promise((r) => setTimeout(r, 300));
    const first = sippAt({
      ip: '127.0.0.29',
      port: 18290,
      server: SERVER,
      scenario: join(SCENARIOS, 'carrier-uac-invite.xml'),
      csv: csv('d1', `13900139000;carrier-d.example;1001;${SERVER}`),
    });
    await until('first call up', () =>
      sw.calls().some((c) => c.options.caller === '13900139000' && c.answeredAt !== null),
    );
    const second = await sippAt({
      ip: '127.0.0.29',
      port: 18291,
      server: SERVER,
      scenario: join(SCENARIOS, 'carrier-uac-expect-503.xml'),
      csv: csv('d2', `13900139001;carrier-d.example;1001;${SERVER}`),
    });
    expect(second.code, second.output).toBe(0);
    // Outbound counts too: 1002 dialling out through D alone while D's one call is up: the trunk leg ends 503 with
    // nothing sent, the dial fails and the flow ends the call (480 to the phone).
    const out = await sippAt({
      ip: '127.0.0.25',
      port: 18252,
      server: SERVER,
      scenario: join(PEERS, 'uac-expect-480.xml'),
      csv: csv('d-out', `1002;acme;${auth('1002', 'secret2')};913900139002`),
    });
    expect(out.code, out.output).toBe(0);
    const refused = await cdr.waitFor((r) => r.callee === '913900139002');
    expect(refused.legs.map((l) => [l.role, l.trunkId ?? null, l.finalStatus])).toEqual([
      ['caller', null, 480],
      ['callee', 'D', 503],
    ]);
    const [r1, rp] = await Promise.all([first, phone]);
    expect(r1.code, r1.output).toBe(0);
    expect(rp.code, rp.output).toBe(0);
    // The slot is free again once the call ended.
    await until('call ended', () => sw.calls().length === 0);
  }, 40_000);

  it('de-registers (Expires: 0) a trunk that is disabled, on reload', async () => {
    await until('R registered', () => sw.trunkStatus().some((s) => s.trunkId === 'R' && s.state === 'registered'));
    trunks.list = trunks.list.map((t) => (t.id === 'R' ? { ...t, enabled: false } : t));
    await sw.reloadTrunks();
    expect(sw.trunkStatus().some((s) => s.trunkId === 'R')).toBe(false);
    const unregistered = () =>
      events.of('trunk.registration').some((e) => e.trunkId === 'R' && e.state === 'unregistered');
    await until('R unregistered', unregistered);
    await until('Expires: 0 at the carrier', () => /Expires: 0/.test(readFileSync(registrarLog, 'utf8')));
    registrarR.child.kill('SIGKILL');
  }, 20_000);
});
