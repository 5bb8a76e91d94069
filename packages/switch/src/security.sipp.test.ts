import { createSocket, type Socket } from 'node:dgram';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createDigestAuthorization, parseAuthValue, parseMessage, type SipResponse } from '@hujiao/sip';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { InMemoryDirectory } from './directory.ts';
import { createSwitch, type Switch } from './switch.ts';
import { EventLog, hasBinary, killAll, run, sipp, testLogger } from './test-support/peers.ts';

const PEERS = join(import.meta.dirname, '..', 'test-peers');
const SCENARIOS = join(import.meta.dirname, 'test-support', 'scenarios');
const HAS_SIPP = hasBinary('sipp');
if (!HAS_SIPP) console.warn('SKIPPED: sipp not installed (apt-get install sip-tester)');

/** A phone of our own over a real UDP socket: sends a request, awaits the final response to it. */
class UdpPhone {
  private socket: Socket | null = null;
  private cseq = 0;
  readonly callId = `sec-${Math.random().toString(36).slice(2)}`;

  constructor(
    private readonly server: number,
    private readonly address = '127.0.0.1',
  ) {}

  async open(): Promise<number> {
    const socket = createSocket('udp4');
    this.socket = socket;
    await new Promise<void>((r) => socket.bind(0, this.address, () => r()));
    return socket.address().port;
  }

  close(): void {
    this.socket?.close();
    this.socket = null;
  }

  /** REGISTER for user@domain, with an Authorization value when given; resolves with the final response or null. */
  register(user: string, domain: string, authorization?: string, timeoutMs = 2000): Promise<SipResponse | null> {
    const socket = this.socket;
    if (!socket) throw new Error('not open');
    const port = socket.address().port;
    const branch = `z9hG4bK${Math.random().toString(36).slice(2)}`;
    const text = [
      `REGISTER sip:${domain} SIP/2.0`,
      `Via: SIP/2.0/UDP ${this.address}:${port};branch=${branch};rport`,
      'Max-Forwards: 70',
      `From: <sip:${user}@${domain}>;tag=t${port}`,
      `To: <sip:${user}@${domain}>`,
      `Call-ID: ${this.callId}`,
      `CSeq: ${++this.cseq} REGISTER`,
      `Contact: <sip:${user}@${this.address}:${port}>`,
      'Expires: 300',
      ...(authorization ? [`Authorization: ${authorization}`] : []),
      'Content-Length: 0',
      '',
      '',
    ].join('\r\n');
    return new Promise((resolve) => {
      const timer = setTimeout(() => done(null), timeoutMs);
      const onMessage = (data: Buffer): void => {
        const r = parseMessage(data);
        if (
          r.ok &&
          r.message.kind === 'response' &&
          r.message.status >= 200 &&
          r.message.topVia?.params.get('branch') === branch
        )
          done(r.message as SipResponse);
      };
      const done = (res: SipResponse | null): void => {
        clearTimeout(timer);
        socket.off('message', onMessage);
        resolve(res);
      };
      socket.on('message', onMessage);
      socket.send(text, this.server, '127.0.0.1');
    });
  }

  /** Challenge, then credentials answering the challenge of `algorithm` (a UA that knows only it picks it). */
  async registerWith(algorithm: string, user: string, domain: string, password: string) {
    const challenge = await this.register(user, domain);
    const offered = (challenge?.getAll('www-authenticate') ?? []).map(parseAuthValue);
    const mine = offered.find((c) => c?.params.get('algorithm') === algorithm);
    if (challenge?.status !== 401 || !mine) return { challenge, offered, final: null };
    const authorization = createDigestAuthorization(mine, {
      username: user,
      password,
      method: 'REGISTER',
      uri: `sip:${domain}`,
    });
    return { challenge, offered, authorization, final: await this.register(user, domain, authorization) };
  }
}

describe('SHA-256 digest (RFC 7616, RFC 8760) end to end', () => {
  const ports = { sha256First: 15360, md5First: 15362 };
  const switches: Switch[] = [];
  const dir = mkdtempSync(join(tmpdir(), 'switch-security-'));

  beforeAll(async () => {
    const directory = new InMemoryDirectory();
    directory.addTenant('t1', 'acme');
    directory.addExtension('t1', { number: '1001', password: 'secret1' });
    directory.addExtension('t1', { number: '1002', password: 'secret2' });
    const common = { bindAddress: '127.0.0.1', directory, logger: testLogger(), mediaSendThread: false };
    switches.push(
      await createSwitch({
        ...common,
        sipPort: ports.sha256First,
        rtpPortMin: 22000,
        rtpPortMax: 22099,
        digestAlgorithms: ['SHA-256', 'MD5'],
      }),
      await createSwitch({
        ...common,
        sipPort: ports.md5First,
        rtpPortMin: 22100,
        rtpPortMax: 22199,
        digestAlgorithms: ['MD5', 'SHA-256'],
      }),
    );
  });

  afterAll(async () => {
    killAll();
    for (const sw of switches) await sw.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('offers SHA-256 topmost and MD5 below, and accepts a REGISTER answered with SHA-256', async () => {
    const phone = new UdpPhone(ports.sha256First);
    await phone.open();
    try {
      const r = await phone.registerWith('SHA-256', '1001', 'acme', 'secret1');
      expect(r.offered.map((c) => c?.params.get('algorithm'))).toEqual(['SHA-256', 'MD5']);
      expect(r.authorization).toMatch(/algorithm=SHA-256/);
      // A SHA-256 response is 64 hex digits (RFC 7616 §3.4.1), MD5 32.
      expect(parseAuthValue(r.authorization ?? '')?.params.get('response')).toMatch(/^[0-9a-f]{64}$/);
      expect(r.final?.status).toBe(200);
      expect(switches[0]?.registrations('t1').some((g) => g.extension === '1001')).toBe(true);

      const wrong = await phone.registerWith('SHA-256', '1001', 'acme', 'not-the-password');
      expect(wrong.final?.status).toBe(401);
    } finally {
      phone.close();
    }
  });

  it('lets a UA that knows only MD5 pick the MD5 challenge below SHA-256 (RFC 8760 §2.4)', async () => {
    const phone = new UdpPhone(ports.sha256First);
    await phone.open();
    try {
      const r = await phone.registerWith('MD5', '1002', 'acme', 'secret2');
      expect(parseAuthValue(r.authorization ?? '')?.params.get('response')).toMatch(/^[0-9a-f]{32}$/);
      expect(r.final?.status).toBe(200);
    } finally {
      phone.close();
    }
  });

  it.skipIf(!HAS_SIPP)(
    'registers SIPp (MD5 only) when MD5 is topmost, and a SHA-256 UA beside it',
    async () => {
      const csv = join(dir, 'md5.csv');
      writeFileSync(csv, 'SEQUENTIAL\n1002;acme;[authentication username=1002 password=secret2]\n');
      const r = await sipp({
        server: `127.0.0.1:${ports.md5First}`,
        scenario: join(PEERS, 'register.xml'),
        csv,
        port: 15364,
        mediaPort: 16364,
        timeoutMs: 10_000,
      });
      expect(r.code, r.output).toBe(0);
      expect(switches[1]?.registrations('t1').find((g) => g.extension === '1002')?.source).toBe('127.0.0.1:15364');

      const phone = new UdpPhone(ports.md5First);
      await phone.open();
      try {
        const sha = await phone.registerWith('SHA-256', '1001', 'acme', 'secret1');
        expect(sha.offered.map((c) => c?.params.get('algorithm'))).toEqual(['MD5', 'SHA-256']);
        expect(sha.final?.status).toBe(200);
      } finally {
        phone.close();
      }
    },
    20_000,
  );
});

/** The cumulative count SIPp printed last for a counter ("Successful call", "Failed call"). */
function sippCount(output: string, counter: string): number {
  const all = [...output.matchAll(new RegExp(`${counter}\\s*\\|\\s*\\d+\\s*\\|\\s*(\\d+)`, 'g'))];
  return Number(all.at(-1)?.[1] ?? Number.NaN);
}

describe.skipIf(!HAS_SIPP)('user-name enumeration ends in a ban (svwar-style sweeps)', () => {
  const SIP_PORT = 15370;
  const SERVER = `127.0.0.1:${SIP_PORT}`;
  const events = new EventLog();
  const dir = mkdtempSync(join(tmpdir(), 'switch-scan-'));
  let sw: Switch;
  const writeCsv = (name: string, lines: string[]): string => {
    const p = join(dir, `${name}.csv`);
    writeFileSync(p, `SEQUENTIAL\n${lines.join('\n')}\n`);
    return p;
  };
  const office = Array.from({ length: 40 }, (_, i) => String(2000 + i));

  beforeAll(async () => {
    const directory = new InMemoryDirectory();
    directory.addTenant('t1', 'acme');
    directory.addExtension('t1', { number: '1001', password: 'secret1' });
    for (const n of office) directory.addExtension('t1', { number: n, password: `pw${n}` });
    // Default thresholds: 30 distinct names in 60 s ban for 10 min.
    sw = await createSwitch({
      sipPort: SIP_PORT,
      bindAddress: '127.0.0.1',
      serverHosts: ['127.0.0.1'],
      rtpPortMin: 22200,
      rtpPortMax: 22299,
      directory,
      events,
      logger: testLogger(),
      mediaSendThread: false,
    });
  });

  afterAll(async () => {
    killAll();
    await sw?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  /** Runs `calls` calls of a scenario file from `address`, one CSV line each, at `rate` per second. */
  async function sweep(scenario: string, address: string, csv: string, port: number, calls: number, rate = 200) {
    const args = [SERVER, '-sf', scenario, '-inf', csv, '-i', address, '-p', String(port)];
    args.push('-mi', address, '-mp', String(port + 1000), '-m', String(calls), '-r', String(rate), '-l', '400');
    args.push('-nr', '-nostdin', '-timeout', '30s');
    const r = await run('sipp', args, 40_000);
    return { ...r, ok: sippCount(r.output, 'Successful call'), failed: sippCount(r.output, 'Failed call') };
  }

  const legitRegister = (calls: number) =>
    run(
      'sipp',
      [
        SERVER,
        '-sf',
        join(PEERS, 'register.xml'),
        '-inf',
        writeCsv('legit', ['1001;acme;[authentication username=1001 password=secret1]']),
        ...['-i', '127.0.0.1', '-p', '15380', '-mi', '127.0.0.1', '-mp', '16380'],
        ...['-m', String(calls), '-r', '10', '-nostdin', '-timeout', '20s'],
      ],
      30_000,
    );

  it('an office of 40 phones behind one address registers and pings with OPTIONS without a ban', async () => {
    const creds = office.map((n) => `${n};acme;[authentication username=${n} password=pw${n}]`);
    const csv = writeCsv('office', creds);
    const reg = await sweep(join(PEERS, 'register.xml'), '127.0.0.9', csv, 15390, office.length, 50);
    expect(reg.ok, reg.output).toBe(office.length);
    const ping = await sweep(join(SCENARIOS, 'scan-options.xml'), '127.0.0.9', csv, 15390, office.length);
    expect(ping.ok, ping.output).toBe(office.length);
    expect(events.of('security.banned')).toEqual([]);
    expect(sw.registrations('t1').filter((g) => g.source.startsWith('127.0.0.9:'))).toHaveLength(office.length);
  }, 60_000);

  it('bans a REGISTER sweep of 300 names at the 30th, drops it, and a phone elsewhere keeps registering', async () => {
    const names = Array.from({ length: 300 }, (_, i) => `${100 + i};acme`);
    const phone = legitRegister(20);
    const scan = await sweep(
      join(SCENARIOS, 'scan-register.xml'),
      '127.0.0.7',
      writeCsv('names', names),
      15372,
      names.length,
    );
    // The first 30 names were challenged (401); the ban came with the 30th, every later request was dropped.
    expect(scan.ok, scan.output).toBe(30);
    expect(scan.failed).toBe(270);
    const bans = events.of('security.banned');
    expect(bans.map((b) => [b.address, b.failures])).toEqual([['127.0.0.7', 30]]);
    // The legitimate phone registered 20 times (challenge then credentials) during the sweep.
    const legit = await phone;
    expect(legit.code, legit.output).toBe(0);
    expect(sippCount(legit.output, 'Successful call')).toBe(20);

    // Banned: even the right password from 127.0.0.7 gets no answer; from 127.0.0.1 it still registers.
    const banned = new UdpPhone(SIP_PORT, '127.0.0.7');
    await banned.open();
    try {
      expect(await banned.register('1001', 'acme', undefined, 1000)).toBeNull();
    } finally {
      banned.close();
    }
    const after = await legitRegister(1);
    expect(after.code, after.output).toBe(0);
  }, 60_000);

  it('bans an INVITE sweep over varying From users (challenged with 407, never answered)', async () => {
    const names = Array.from({ length: 100 }, (_, i) => `${7000 + i};acme`);
    const scan = await sweep(join(SCENARIOS, 'scan-invite.xml'), '127.0.0.10', writeCsv('invite', names), 15376, 100);
    expect(scan.ok, scan.output).toBe(30);
    expect(scan.failed).toBe(70);
    expect(events.of('security.banned').find((b) => b.address === '127.0.0.10')?.failures).toBe(30);
    expect(sw.calls()).toHaveLength(0);
  }, 60_000);

  it('bans an OPTIONS sweep over varying To users', async () => {
    const names = Array.from({ length: 200 }, (_, i) => `${5000 + i};acme`);
    const scan = await sweep(
      join(SCENARIOS, 'scan-options.xml'),
      '127.0.0.8',
      writeCsv('options', names),
      15374,
      names.length,
    );
    expect(scan.ok, scan.output).toBe(30);
    expect(scan.failed).toBe(170);
    expect(events.of('security.banned').find((b) => b.address === '127.0.0.8')?.failures).toBe(30);
  }, 60_000);
});
