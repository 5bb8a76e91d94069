import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Managed, start, stop, waitFor } from './proc.ts';

/** The tenant and extensions bench/switch-target.ts creates (the callee is what SIPp UAS registers as). */
export const TENANT_DOMAIN = 'acme';
export const CALLER = { number: '1001', password: 'secret1' };
export const CALLEE = { number: '1002', password: 'secret2' };
/** The extension the conference target adds to every bridged call (switch-target --conference). */
export const THIRD = { number: '1003', password: 'secret3' };
/** The number routed to the prompt-and-DTMF flow (switch-target --flow). */
export const FLOW_NUMBER = '7000';
/** The DID the bench carrier calls in the product's --pbx set-up (an inbound route to an IVR menu). */
export const PBX_DID = '02566668888';

const BENCH = join(import.meta.dirname, '..');
const REPO = join(BENCH, '..');

export interface KamailioOptions {
  dir: string;
  config: 'proxy.cfg' | 'proxy-rtpengine.cfg';
  port: number;
  uasPort: number;
  children: number;
  rtpengineNg?: string;
}

/** Kamailio in the foreground (-DD -E) with its own pid file and runtime dir under `dir`. */
export async function startKamailio(o: KamailioOptions): Promise<Managed> {
  const run = join(o.dir, `kamailio-${o.port}`);
  mkdirSync(run, { recursive: true });
  const args = [
    '-f',
    join(BENCH, 'kamailio', o.config),
    '-DD',
    '-E',
    '-l',
    `udp:127.0.0.1:${o.port}`,
    '-Y',
    run,
    '-P',
    join(run, 'kamailio.pid'),
    '-w',
    run,
    '-m',
    '512',
    '-M',
    '16',
    '-A',
    `UAS_URI="sip:127.0.0.1:${o.uasPort}"`,
    '-A',
    `CHILDREN=${o.children}`,
  ];
  if (o.rtpengineNg) args.push('-A', `RTPENGINE_SOCK="udp:${o.rtpengineNg}"`);
  const m = start('kamailio', 'kamailio', args);
  try {
    // Kamailio prints little at debug=0: wait until its port is bound.
    await sleepUntilUdpBound(o.port, 5000);
  } catch (err) {
    await stop(m);
    throw err;
  }
  return m;
}

/** rtpengine in userspace (no kernel table), RTP ports portMin..portMax on 127.0.0.1. */
export async function startRtpengine(ng: number, portMin: number, portMax: number): Promise<Managed> {
  const m = start('rtpengine', 'rtpengine', [
    '--interface=127.0.0.1',
    `--listen-ng=127.0.0.1:${ng}`,
    `--listen-cli=127.0.0.1:${ng + 1}`,
    '--foreground',
    '--table=-1',
    '--config-file=none',
    '--log-stderr',
    '--log-level=4',
    `--port-min=${portMin}`,
    `--port-max=${portMax}`,
  ]);
  try {
    await sleepUntilUdpBound(ng, 5000);
  } catch (err) {
    await stop(m);
    throw err;
  }
  return m;
}

/** bench/switch-target.ts in its own node process (node --import tsx, one process to measure). */
export async function startSwitchTarget(
  port: number,
  rtpMin: number,
  rtpMax: number,
  auth: boolean,
  product = false,
  targetArgs: string[] = [],
): Promise<Managed> {
  // SWITCH_NODE_ARGS adds node options, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof" (written when the target exits).
  const extra = (process.env.SWITCH_NODE_ARGS ?? '').split(/\s+/).filter((a) => a.length > 0);
  const args = [
    ...extra,
    '--import',
    'tsx',
    join(BENCH, 'switch-target.ts'),
    '--port',
    String(port),
    '--rtp-min',
    String(rtpMin),
    '--rtp-max',
    String(rtpMax),
  ];
  if (auth) args.push('--auth');
  if (product) args.push('--product');
  args.push(...targetArgs);
  const m = start('switch', process.execPath, args, { cwd: REPO });
  try {
    await waitFor(m, /ready udp=\d+/, 30_000);
  } catch (err) {
    await stop(m);
    throw err;
  }
  return m;
}

export async function sleepUntilUdpBound(port: number, timeoutMs: number): Promise<void> {
  const hex = `:${port.toString(16).toUpperCase().padStart(4, '0')} `;
  const until = Date.now() + timeoutMs;
  while (Date.now() < until) {
    if (readFileSync('/proc/net/udp', 'utf8').includes(hex)) return;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`nothing listens on udp port ${port} after ${timeoutMs} ms`);
}
