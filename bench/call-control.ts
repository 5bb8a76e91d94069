/**
 * Call control under load, on the HuJiao switch (bench/switch-target.ts):
 *  - conference: N concurrent three-party conferences. SIPp UAC calls 1002 (a SIPp UAS), the switch bridges them
 *    and then adds 1003 (a second SIPp UAS) by command, so the relay becomes a mixer: 3 mixed legs per
 *    conference, each leg sending 50 packets/s into the mixer and receiving its own mix at 50 packets/s.
 *  - flow: N concurrent calls in a flow that plays a prompt (looped) while it listens for DTMF; each caller streams
 *    audio, then presses 1 (RFC 4733) and the flow hangs up: a call counts as detected when that BYE came.
 * Loss is counted by the kernel (nftables counters on the switch's port range) over the window when all N are up:
 * what the switch should have sent (50 packets/s per leg) against what it sent, and what reached its sockets
 * against what the senders sent; datagrams the kernel dropped on the switch's sockets (/proc/net/udp) are shown too.
 *
 *   npx tsx bench/call-control.ts [--mode conference,flow] [--conference 100,200,300] [--flow 250,500,750]
 *                                 [--seconds 10] [--ramp 100]
 */

import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { diffCounters, installCounters, nftAvailable, readCounters, removeCounters } from './lib/nft-counters.ts';
import { CpuMeter, hasBinary, installCleanup, type Managed, sleep, stop, versionOf } from './lib/proc.ts';
import { makeToneFile, register, runUac, startUas } from './lib/sipp.ts';
import { fixed, table } from './lib/table.ts';
import { CALLEE, FLOW_NUMBER, startSwitchTarget, TENANT_DOMAIN, THIRD } from './lib/targets.ts';

const PPS = 50;
const SIP_PORT = 5094;
const RELAY = '40000-49999';
const SIDE_A = '12000-12999';
const SIDE_B = '22000-29999';

const { values } = parseArgs({
  options: {
    mode: { type: 'string', default: 'conference,flow' },
    conference: { type: 'string', default: '100,200,300' },
    flow: { type: 'string', default: '250,500,750' },
    seconds: { type: 'string', default: '10' },
    ramp: { type: 'string', default: '100' },
  },
});
const windowS = Number(values.seconds);
const ramp = Number(values.ramp);

interface Row {
  mode: string;
  n: number;
  legs: number;
  ok: number;
  outLoss: number;
  inLoss: number;
  rcvbuf: number;
  cpu: number;
  pass: boolean;
  note: string;
}

/** Datagrams the kernel dropped on the switch's own sockets (ports lo-hi): the last column of /proc/net/udp. */
function socketDrops(lo: number, hi: number): number {
  let drops = 0;
  for (const line of readFileSync('/proc/net/udp', 'utf8').split('\n').slice(1)) {
    const f = line.trim().split(/\s+/);
    const port = Number.parseInt(f[1]?.split(':')[1] ?? '', 16);
    if (port >= lo && port <= hi) drops += Number(f[f.length - 1] ?? 0);
  }
  return drops;
}

const pct = (expected: number, got: number) => (expected > 0 ? Math.max(0, (1 - got / expected) * 100) : Number.NaN);

async function step(mode: 'conference' | 'flow', relay: Managed, dir: string, n: number): Promise<Row> {
  const rampS = n / ramp;
  const holdMs = Math.round((rampS + 3 + windowS + 2) * 1000);
  const legs = mode === 'conference' ? 3 * n : n;
  const cpu = new CpuMeter(relay.pid);
  const uac = runUac({
    dir,
    label: `${mode}-${n}`,
    scenario: mode === 'conference' ? 'uac-rtp.xml' : 'uac-flow-dtmf.xml',
    domain: TENANT_DOMAIN,
    service: mode === 'conference' ? CALLEE.number : FLOW_NUMBER,
    target: `127.0.0.1:${SIP_PORT}`,
    port: 5071,
    mediaPort: 12000,
    rate: ramp,
    calls: n,
    holdMs,
    limit: n,
    timeLimitMs: holdMs + Math.ceil(rampS * 1000) + 40_000,
  });
  await sleep((rampS + 3) * 1000);
  const c0 = readCounters();
  const r0 = socketDrops(40000, 49999);
  cpu.begin();
  await sleep(windowS * 1000);
  const c = diffCounters(c0, readCounters());
  const rcvbuf = socketDrops(40000, 49999) - r0;
  const cpuPct = cpu.end();
  const r = await uac;
  // Into the switch: every leg streams 50 packets/s (the flow's callers too). Out of it: every leg gets 50 packets/s.
  const expected = legs * PPS * windowS;
  const sentIn = c.aToRelay + c.bToRelay;
  const out = c.relayToA + c.relayToB;
  const outLoss = pct(expected, out);
  const inLoss = pct(expected, sentIn);
  const notes: string[] = [];
  if (r.successful !== n) notes.push(`${n - r.successful} of ${n} calls failed ${r.firstError}`.trim());
  if (inLoss > 10) notes.push(`senders reached ${fixed(100 - inLoss, 0)} % of ${legs * PPS} pps`);
  if (!(outLoss < 0.1) || rcvbuf > legs * PPS * windowS * 0.001) notes.push('loss >= 0.1 %');
  return {
    mode,
    n,
    legs,
    ok: r.successful,
    outLoss,
    inLoss,
    rcvbuf,
    cpu: cpuPct,
    pass: notes.length === 0,
    note: notes.join('; '),
  };
}

async function run(mode: 'conference' | 'flow', dir: string, sizes: number[], rows: Row[]): Promise<void> {
  const relay = await startSwitchTarget(SIP_PORT, 40000, 49999, false, false, [`--${mode}`]);
  const uas: Managed[] = [];
  try {
    const callees = mode === 'conference' ? [CALLEE, THIRD] : [];
    for (const [i, ext] of callees.entries()) {
      const port = 5074 + 2 * i;
      const reg = await register(dir, `127.0.0.1:${SIP_PORT}`, port, ext.number, TENANT_DOMAIN, ext.password);
      if (!reg.ok) throw new Error(`SIPp UAS could not register as ${ext.number}`);
      uas.push(
        startUas({
          dir,
          label: `${mode}-uas-${ext.number}`,
          scenario: 'uas-rtp.xml',
          port,
          mediaPort: 22000 + 4000 * i,
        }),
      );
    }
    installCounters(RELAY, SIDE_A, SIDE_B);
    for (const n of sizes) {
      const row = await step(mode, relay, dir, n);
      rows.push(row);
      process.stdout.write(
        `${mode} ${n} (${row.legs} legs): ${row.ok}/${n} ok, loss out ${fixed(row.outLoss, 3)} %, in ${fixed(row.inLoss, 3)} %, ` +
          `socket drops ${row.rcvbuf}, cpu ${fixed(row.cpu)} % ${row.note}\n`,
      );
      if (relay.child.exitCode !== null) throw new Error(`switch exited at ${n}`);
      await sleep(3000);
    }
  } finally {
    removeCounters();
    for (const m of [...uas, relay]) await stop(m);
  }
}

async function main(): Promise<void> {
  installCleanup(removeCounters);
  for (const bin of ['sipp', 'sox', 'nft']) {
    if (!hasBinary(bin)) {
      process.stderr.write(`${bin} is missing: bash scripts/install-bench-deps.sh\n`);
      process.exit(2);
    }
  }
  if (!nftAvailable()) {
    process.stderr.write('nft cannot list tables (needs root / CAP_NET_ADMIN for the loss counters)\n');
    process.exit(2);
  }
  const cores = availableParallelism();
  process.stdout.write(`cores: ${cores}\nnode: ${process.version}\n`);
  process.stdout.write(`sipp: ${versionOf('sipp', ['-v'], /SIPp v[\w.-]+/)}\n`);
  process.stdout.write(`window ${windowS} s with all calls up, ramp ${ramp} calls/s, ${PPS} pps per leg each way\n\n`);
  const dir = mkdtempSync(join(tmpdir(), 'hujiao-cc-'));
  makeToneFile(dir);
  const rows: Row[] = [];
  const sizes = (s: string) =>
    s
      .split(',')
      .map(Number)
      .filter((n) => n > 0);
  try {
    for (const mode of values.mode.split(',')) {
      if (mode !== 'conference' && mode !== 'flow') throw new Error(`unknown mode ${mode}`);
      await run(mode, dir, sizes(mode === 'conference' ? values.conference : values.flow), rows);
    }
  } finally {
    if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`\ncores: ${cores}\n`);
  process.stdout.write(
    table(
      ['mode', 'concurrent', 'legs', 'ok', 'loss out %', 'loss in %', 'socket drops', 'switch cpu %', 'result'],
      rows.map((r) => [
        r.mode,
        r.n,
        r.legs,
        r.ok,
        fixed(r.outLoss, 3),
        fixed(r.inLoss, 3),
        r.rcvbuf,
        fixed(r.cpu),
        r.pass ? 'under 0.1 %' : r.note,
      ]),
    ),
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(
      `call-control benchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`,
    );
    process.exit(1);
  },
);
