import { type ChildProcess, spawn } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const CONFIG = fileURLToPath(new URL('./carrier.cfg', import.meta.url));

export interface CarrierOptions {
  /** The carrier's own loopback address and port, e.g. 127.0.0.61:5060. */
  ip: string;
  port: number;
  realm: string;
  /** The one account the carrier knows: our trunk's user name and password. */
  trunkUser: string;
  trunkPassword: string;
  /** Where calls the product places go: a PSTN phone (SIPp or baresip) as sip:<ip>:<port>. */
  pstnUri: string;
  /** The product's address: INVITEs from it are calls out (challenged), from anyone else calls to a DID. */
  switchIp: string;
}

/**
 * Kamailio as a carrier (carrier.cfg): a registrar demanding digest for our trunk, and a proxy between the product
 * and the PSTN phones. Its log (stderr) is kept, so tests can wait for what it saw.
 */
export class Carrier {
  private child: ChildProcess | null = null;
  private readonly dir = mkdtempSync(join(tmpdir(), 'carrier-'));
  log = '';

  constructor(private readonly o: CarrierOptions) {}

  async start(): Promise<void> {
    const q = (v: string) => `"${v}"`;
    const args = [
      '-f',
      CONFIG,
      '-DD',
      '-E',
      '-n',
      '1',
      '-l',
      `udp:${this.o.ip}:${this.o.port}`,
      '-P',
      join(this.dir, 'kamailio.pid'),
      '-Y',
      this.dir,
      '-A',
      `TRUNK_USER=${q(this.o.trunkUser)}`,
      '-A',
      `TRUNK_PASSWORD=${q(this.o.trunkPassword)}`,
      '-A',
      `REALM=${q(this.o.realm)}`,
      '-A',
      `PSTN_URI=${q(this.o.pstnUri)}`,
      '-A',
      `SWITCH_IP=${q(this.o.switchIp)}`,
    ];
    const child = spawn('kamailio', args, { stdio: ['ignore', 'ignore', 'pipe'] });
    this.child = child;
    child.stderr?.on('data', (d: Buffer) => {
      this.log += d.toString();
    });
    const until = Date.now() + 10_000;
    while (!udpBound(this.o.ip, this.o.port)) {
      if (child.exitCode !== null || Date.now() > until)
        throw new Error(`kamailio did not start:\n${this.log.slice(-2000)}`);
      await new Promise((r) => setTimeout(r, 50));
    }
  }

  /** Resolves when the log matches `re` (what the carrier saw: a REGISTER, a call to a DID, a call out). */
  async waitFor(re: RegExp, timeoutMs: number): Promise<RegExpMatchArray> {
    const until = Date.now() + timeoutMs;
    for (;;) {
      const m = this.log.match(re);
      if (m) return m;
      if (Date.now() > until) throw new Error(`carrier log never matched ${re}:\n${this.log.slice(-3000)}`);
      await new Promise((r) => setTimeout(r, 100));
    }
  }

  async stop(): Promise<void> {
    const child = this.child;
    this.child = null;
    if (child && child.exitCode === null) {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 3000))]);
      if (child.exitCode === null) child.kill('SIGKILL');
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}

/** Whether a UDP socket is bound to ip:port (/proc/net/udp: local address as little-endian hex). */
function udpBound(ip: string, port: number): boolean {
  const hexIp = ip
    .split('.')
    .reverse()
    .map((b) => Number(b).toString(16).padStart(2, '0'))
    .join('')
    .toUpperCase();
  const local = `${hexIp}:${port.toString(16).toUpperCase().padStart(4, '0')}`;
  return readFileSync('/proc/net/udp', 'utf8').includes(` ${local} `);
}
