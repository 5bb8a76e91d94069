/**
 * Concurrent bridged calls with RTP both ways: SIPp UAC and SIPp UAS both stream a looped A-law tone
 * (rtp_stream, 50 packets/s each way per call) through the relay under test, N calls held together for T seconds:
 * (a) rtpengine in userspace, driven by Kamailio's rtpengine module (bench/kamailio/proxy-rtpengine.cfg);
 * (b) the HuJiao switch (bench/switch-target.ts), which anchors the media of both legs itself.
 * Loss is counted by the kernel (nftables counters on the relay's port range), per direction, over the window when
 * all N calls are up; CPU is the relay process's (/proc/<pid>/stat) over the same window.
 *
 *   npx tsx bench/rtp-relay.ts [--calls 100,250,500,1000] [--seconds 10] [--ramp 200] [--targets rtpengine,switch]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  diffCounters,
  installCounters,
  nftAvailable,
  type RelayCounts,
  readCounters,
  removeCounters,
} from './lib/nft-counters.ts';
import { CpuMeter, hasBinary, installCleanup, type Managed, sleep, stop, versionOf } from './lib/proc.ts';
import { makeToneFile, register, runUac, startUas } from './lib/sipp.ts';
import { fixed, table } from './lib/table.ts';
import { CALLEE, startKamailio, startRtpengine, startSwitchTarget, TENANT_DOMAIN } from './lib/targets.ts';

const SIDE_A = '12000-12999';
const SIDE_B = '22000-22999';
const PPS = 50;

interface Target {
  name: string;
  sipPort: number;
  uasPort: number;
  relayPorts: [number, number];
  /** Starts everything; returns the relay process (what CPU is measured on) and the others to stop. */
  up(dir: string): Promise<{ relay: Managed; others: Managed[] }>;
}

interface Step {
  target: string;
  calls: number;
  ok: number;
  failed: number;
  inPps: number;
  lossAB: number;
  lossBA: number;
  cpu: number;
  pass: boolean;
  note: string;
}

const { values } = parseArgs({
  options: {
    calls: { type: 'string', default: '100,250,500,1000' },
    seconds: { type: 'string', default: '10' },
    ramp: { type: 'string', default: '200' },
    targets: { type: 'string', default: 'rtpengine,switch' },
  },
});
const windowS = Number(values.seconds);
const ramp = Number(values.ramp);

const targets: Record<string, Target> = {
  rtpengine: {
    name: 'rtpengine',
    sipPort: 5082,
    uasPort: 5072,
    relayPorts: [30000, 39999],
    async up(dir) {
      const relay = await startRtpengine(2223, 30000, 39999);
      try {
        const k = await startKamailio({
          dir,
          config: 'proxy-rtpengine.cfg',
          port: 5082,
          uasPort: 5072,
          children: 4,
          rtpengineNg: '127.0.0.1:2223',
        });
        return { relay, others: [k] };
      } catch (err) {
        await stop(relay);
        throw err;
      }
    },
  },
  switch: {
    name: 'switch',
    sipPort: 5090,
    uasPort: 5074,
    relayPorts: [40000, 49999],
    async up(dir) {
      const relay = await startSwitchTarget(5090, 40000, 49999, false);
      const reg = await register(dir, '127.0.0.1:5090', 5074, CALLEE.number, TENANT_DOMAIN, CALLEE.password);
      if (!reg.ok) {
        await stop(relay);
        throw new Error(`SIPp UAS could not register as ${CALLEE.number}`);
      }
      return { relay, others: [] };
    },
  },
};

function loss(sent: number, got: number): number {
  return sent > 0 ? Math.max(0, (1 - got / sent) * 100) : Number.NaN;
}

async function step(t: Target, relay: Managed, dir: string, n: number): Promise<Step> {
  const rampS = n / ramp;
  const holdMs = Math.round((rampS + 2 + windowS + 2) * 1000);
  const uas = startUas({
    dir,
    label: `${t.name}-uas-${n}`,
    scenario: 'uas-rtp.xml',
    port: t.uasPort,
    mediaPort: 22000,
  });
  await sleep(300);
  const cpu = new CpuMeter(relay.pid);
  let counts: RelayCounts | null = null;
  let cpuPct = Number.NaN;
  const uac = runUac({
    dir,
    label: `${t.name}-${n}`,
    scenario: 'uac-rtp.xml',
    domain: TENANT_DOMAIN,
    service: CALLEE.number,
    target: `127.0.0.1:${t.sipPort}`,
    port: 5071,
    mediaPort: 12000,
    rate: ramp,
    calls: n,
    holdMs,
    limit: n,
    timeLimitMs: holdMs + Math.ceil(rampS * 1000) + 30_000,
  });
  let windowError: unknown = null;
  try {
    await sleep((rampS + 2) * 1000);
    const c0 = readCounters();
    cpu.begin();
    await sleep(windowS * 1000);
    counts = diffCounters(c0, readCounters());
    cpuPct = cpu.end();
  } catch (err) {
    windowError = err;
  }
  // Always let the calls end and the UAS go before reporting (or rethrowing).
  const r = await uac;
  await stop(uas);
  if (windowError) throw windowError;
  const c = counts ?? { aToRelay: 0, relayToB: 0, bToRelay: 0, relayToA: 0 };
  const lossAB = loss(c.aToRelay, c.relayToB);
  const lossBA = loss(c.bToRelay, c.relayToA);
  const inPps = (c.aToRelay + c.bToRelay) / windowS;
  const expected = 2 * n * PPS;
  const notes: string[] = [];
  if (r.failed > 0 || r.successful !== n) notes.push(`${n - r.successful} calls failed ${r.firstError}`);
  if (inPps < expected * 0.9) notes.push(`senders reached ${fixed((inPps / expected) * 100, 0)} % of ${expected} pps`);
  if (!(lossAB < 0.1 && lossBA < 0.1)) notes.push('loss >= 0.1 %');
  return {
    target: t.name,
    calls: n,
    ok: r.successful,
    failed: r.failed,
    inPps,
    lossAB,
    lossBA,
    cpu: cpuPct,
    pass: notes.length === 0,
    note: notes.join('; '),
  };
}

async function measure(t: Target, dir: string, sizes: number[], steps: Step[]): Promise<string | null> {
  let procs: { relay: Managed; others: Managed[] };
  try {
    procs = await t.up(dir);
  } catch (err) {
    return `failed: ${err instanceof Error ? err.message : String(err)}`.replace(/\s+/g, ' ').slice(0, 160);
  }
  try {
    installCounters(`${t.relayPorts[0]}-${t.relayPorts[1]}`, SIDE_A, SIDE_B);
    for (const n of sizes) {
      const s = await step(t, procs.relay, dir, n);
      steps.push(s);
      process.stdout.write(
        `${t.name} ${n} calls: ${s.ok}/${n} ok, ${fixed(s.inPps, 0)} pps into the relay, loss A→B ${fixed(s.lossAB, 3)} % ` +
          `B→A ${fixed(s.lossBA, 3)} %, cpu ${fixed(s.cpu)} % ${s.note}\n`,
      );
      if (procs.relay.child.exitCode !== null) return `failed: relay exited at ${n} calls`;
      await sleep(2000);
    }
  } finally {
    removeCounters();
    for (const m of [...procs.others, procs.relay]) await stop(m);
  }
  return null;
}

async function main(): Promise<void> {
  installCleanup(removeCounters);
  for (const bin of ['sipp', 'kamailio', 'rtpengine', 'sox', 'nft']) {
    if (!hasBinary(bin)) {
      process.stderr.write(`${bin} is missing: apt-get install -y sip-tester kamailio rtpengine-daemon sox nftables\n`);
      process.exit(2);
    }
  }
  if (!nftAvailable()) {
    process.stderr.write('nft cannot list tables (needs root / CAP_NET_ADMIN for the loss counters)\n');
    process.exit(2);
  }
  const sizes = values.calls
    .split(',')
    .map(Number)
    .filter((n) => n > 0);
  const cores = availableParallelism();
  process.stdout.write(`cores: ${cores}\n`);
  process.stdout.write(`node: ${process.version}\n`);
  process.stdout.write(`sipp: ${versionOf('sipp', ['-v'], /SIPp v[\w.-]+/)}\n`);
  process.stdout.write(`kamailio: ${versionOf('kamailio', ['-v'], /kamailio [\d.]+/)}\n`);
  process.stdout.write(`rtpengine: ${versionOf('rtpengine', ['--version'], /Version: \S+/)}\n`);
  process.stdout.write(
    `steps: ${sizes.join(', ')} concurrent calls, ramp ${ramp} calls/s, measured over ${windowS} s with all calls up, ${PPS} pps each way per call\n\n`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'hujiao-rtp-'));
  makeToneFile(dir);
  const steps: Step[] = [];
  const failures = new Map<string, string>();
  const names = values.targets.split(',');
  try {
    for (const name of names) {
      const t = targets[name];
      if (!t) throw new Error(`unknown target ${name}`);
      const failure = await measure(t, dir, sizes, steps);
      if (failure) {
        failures.set(name, failure);
        process.stdout.write(`${name}: ${failure}\n`);
      }
    }
  } finally {
    if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`\ncores: ${cores}\n`);
  process.stdout.write(
    table(
      ['relay', 'calls', 'ok', 'failed', 'pps in', 'loss A→B %', 'loss B→A %', 'relay cpu %', 'result'],
      steps.map((s) => [
        s.target,
        s.calls,
        s.ok,
        s.failed,
        fixed(s.inPps, 0),
        fixed(s.lossAB, 3),
        fixed(s.lossBA, 3),
        fixed(s.cpu),
        s.pass ? 'under 0.1 %' : s.note,
      ]),
    ),
  );
  process.stdout.write('\nhighest concurrent calls under 0.1 % loss\n');
  process.stdout.write(
    table(
      ['relay', 'calls', 'cpu % at it'],
      names.map((name) => {
        const best = steps.filter((s) => s.target === name && s.pass).sort((a, b) => b.calls - a.calls)[0];
        return [name, failures.get(name) ?? (best ? best.calls : 'none'), best ? fixed(best.cpu) : '-'];
      }),
    ),
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(
      `rtp-relay benchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
