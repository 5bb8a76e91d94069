/**
 * Calls per second: SIPp UAC → target → SIPp UAS, rate stepped up until a step has a failed call, for
 * (a) Kamailio as a stateful proxy and (b) the HuJiao switch (bench/switch-target.ts; without and with digest auth
 * of the INVITE). Prints the core count, versions, a table per step and the best clean rate of each target.
 *
 *   npx tsx bench/cps.ts [--rate 100,200,500] [--calls N] [--seconds 5] [--hold 1000] [--targets kamailio,switch]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { CpuMeter, hasBinary, installCleanup, type Managed, start, stop, versionOf } from './lib/proc.ts';
import { register, runUac, startUas } from './lib/sipp.ts';
import { fixed, table } from './lib/table.ts';
import { CALLEE, CALLER, PBX_DID, startKamailio, startSwitchTarget, TENANT_DOMAIN } from './lib/targets.ts';

const KAMAILIO_PORT = 5080;
const SWITCH_PORT = 5090;
const UAC_PORT = 5071;

interface Step {
  target: string;
  rate: number;
  calls: number;
  successful: number;
  failed: number;
  retrans: number;
  wallS: number;
  achieved: number;
  cpu: number;
  ok: boolean;
  note: string;
}

interface TargetSetup {
  name: string;
  uacScenario: string;
  /** The SIPp UAS's scenario (default uas.xml). */
  uasScenario?: string;
  /** The number the UAC calls (default the callee extension). */
  service?: string;
  /** The UAC calls the UAS directly (SIPp to SIPp): the target is the UAS itself. */
  direct?: boolean;
  auth?: string;
  uasPort: number;
  /** Starts the target (and registers the UAS where needed); returns the process to measure. */
  up(dir: string): Promise<Managed>;
}

const { values } = parseArgs({
  options: {
    rate: { type: 'string', default: '100,200,500,1000,1500,2000,3000' },
    calls: { type: 'string' },
    seconds: { type: 'string', default: '5' },
    hold: { type: 'string', default: '1000' },
    targets: { type: 'string', default: 'kamailio,switch,switch-auth' },
    // One UDP worker: with several, Kamailio may relay a transaction's 180 after its 200 or leave calls hanging
    // for SIPp's strict scenarios (seen at 500 calls/s with 4 workers); one worker was clean up to 2000 calls/s.
    children: { type: 'string', default: '1' },
  },
});
const rates = values.rate
  .split(',')
  .map(Number)
  .filter((n) => n > 0);
const holdMs = Number(values.hold);
const seconds = Number(values.seconds);

const targets: Record<string, TargetSetup> = {
  kamailio: {
    name: 'kamailio',
    uacScenario: 'uac.xml',
    uasPort: 5072,
    up: (dir) =>
      startKamailio({
        dir,
        config: 'proxy.cfg',
        port: KAMAILIO_PORT,
        uasPort: 5072,
        children: Number(values.children),
      }),
  },
  switch: { name: 'switch', uacScenario: 'uac.xml', uasPort: 5074, up: (dir) => upSwitch(dir, false, 5074) },
  'switch-auth': {
    name: 'switch-auth',
    uacScenario: 'uac-auth.xml',
    auth: `[authentication username=${CALLER.number} password=${CALLER.password}]`,
    uasPort: 5076,
    up: (dir) => upSwitch(dir, true, 5076),
  },
  // The whole product: database-backed directory, INVITE auth, recording and call records for every call.
  product: {
    name: 'product',
    uacScenario: 'uac-auth.xml',
    auth: `[authentication username=${CALLER.number} password=${CALLER.password}]`,
    uasPort: 5078,
    up: (dir) => upSwitch(dir, true, 5078, true),
  },
  // Inbound calls from a carrier (an IP trunk) to a DID, into an IVR menu: answer, prompt, DTMF 1, the IVR hangs up.
  'product-ivr': {
    name: 'product-ivr',
    uacScenario: 'uac-ivr.xml',
    service: PBX_DID,
    uasPort: 5084,
    up: (dir) => upSwitch(dir, false, 5084, true, ['--pbx']),
  },
  // Its peer: the same call between two SIPp (the UAS answers and hangs up 500 ms after the caller's key).
  'sipp-ivr': {
    name: 'sipp-ivr',
    uacScenario: 'uac-ivr.xml',
    uasScenario: 'uas-ivr.xml',
    service: PBX_DID,
    direct: true,
    uasPort: 5086,
    up: async (dir) => startSipp(dir),
  },
};

async function upSwitch(
  dir: string,
  auth: boolean,
  uasPort: number,
  product = false,
  extra: string[] = [],
): Promise<Managed> {
  const m = await startSwitchTarget(SWITCH_PORT, 40000, 49999, auth, product, extra);
  const reg = await register(dir, `127.0.0.1:${SWITCH_PORT}`, uasPort, CALLEE.number, TENANT_DOMAIN, CALLEE.password);
  if (!reg.ok) {
    await stop(m);
    throw new Error(`SIPp UAS could not register as ${CALLEE.number}: ${reg.output.slice(-300)}`);
  }
  return m;
}

function targetPort(t: TargetSetup): number {
  if (t.direct) return t.uasPort;
  return t.name === 'kamailio' ? KAMAILIO_PORT : SWITCH_PORT;
}

/** SIPp-to-SIPp has no process in the middle: a sleeping placeholder stands for the target (its CPU is ~0). */
function startSipp(dir: string): Managed {
  return start('sipp-peer', 'sleep', ['100000'], { cwd: dir });
}

async function measure(t: TargetSetup, dir: string, steps: Step[]): Promise<string | null> {
  let proc: Managed;
  try {
    proc = await t.up(dir);
  } catch (err) {
    return `failed: ${err instanceof Error ? err.message : String(err)}`.replace(/\s+/g, ' ').slice(0, 160);
  }
  const cpu = new CpuMeter(proc.pid);
  try {
    for (const rate of rates) {
      const calls = values.calls ? Number(values.calls) : Math.round(rate * seconds);
      const expectedS = calls / rate + holdMs / 1000;
      const uas = startUas({
        dir,
        label: `${t.name}-uas-${rate}`,
        scenario: t.uasScenario ?? 'uas.xml',
        port: t.uasPort,
        holdMs,
        mediaPort: 16000,
      });
      await new Promise((r) => setTimeout(r, 300));
      cpu.begin();
      const r = await runUac({
        dir,
        label: `${t.name}-${rate}`,
        scenario: t.uacScenario,
        domain: TENANT_DOMAIN,
        ...(t.auth ? { auth: t.auth } : {}),
        service: t.service ?? CALLEE.number,
        target: `127.0.0.1:${targetPort(t)}`,
        port: UAC_PORT,
        mediaPort: 6000,
        rate,
        calls,
        holdMs,
        limit: Math.max(100, Math.ceil(rate * (holdMs / 1000 + 1) * 3)),
        timeLimitMs: Math.ceil(expectedS * 3000) + 15_000,
      });
      const cpuPct = cpu.end();
      await stop(uas);
      const wallS = r.wallMs / 1000;
      const achieved = r.successful / Math.max(wallS - holdMs / 1000, 0.001);
      const slow = wallS > expectedS * 1.25 + 1.5;
      const alive = proc.child.exitCode === null;
      const ok = alive && r.failed === 0 && r.successful === calls && !slow;
      const note = !alive
        ? `target exited: ${proc.output().slice(-160).replace(/\s+/g, ' ')}`
        : r.failed > 0 || r.successful !== calls
          ? `${calls - r.successful} calls not completed (sipp exit ${r.code}) ${r.firstError}`
          : slow
            ? `fell behind: ${fixed(wallS)} s instead of ${fixed(expectedS)} s`
            : '';
      steps.push({
        target: t.name,
        rate,
        calls,
        successful: r.successful,
        failed: r.failed,
        retrans: r.retransmissions,
        wallS,
        achieved,
        cpu: cpuPct,
        ok,
        note,
      });
      process.stdout.write(
        `${t.name} rate ${rate}: ${r.successful}/${calls} ok, ${r.failed} failed, ${r.retransmissions} retrans, ` +
          `${fixed(wallS)} s, cpu ${fixed(cpuPct)} % ${note}\n`,
      );
      if (!ok) break;
    }
  } finally {
    await stop(proc);
  }
  return null;
}

async function main(): Promise<void> {
  installCleanup();
  for (const bin of ['sipp', 'kamailio']) {
    if (!hasBinary(bin)) {
      process.stderr.write(`${bin} is missing: apt-get install -y sip-tester kamailio\n`);
      process.exit(2);
    }
  }
  const cores = availableParallelism();
  process.stdout.write(`cores: ${cores}\n`);
  process.stdout.write(`node: ${process.version}\n`);
  process.stdout.write(`sipp: ${versionOf('sipp', ['-v'], /SIPp v[\w.-]+/)}\n`);
  process.stdout.write(`kamailio: ${versionOf('kamailio', ['-v'], /kamailio [\d.]+/)}\n`);
  process.stdout.write(
    `steps: rates ${rates.join(', ')} calls/s, ${values.calls ?? `${seconds} s of calls`} per step, hold ${holdMs} ms\n\n`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'hujiao-cps-'));
  const steps: Step[] = [];
  const failures = new Map<string, string>();
  try {
    for (const name of values.targets.split(',')) {
      const t = targets[name];
      if (!t) throw new Error(`unknown target ${name}`);
      const failure = await measure(t, dir, steps);
      if (failure) {
        failures.set(name, failure);
        process.stdout.write(`${name}: ${failure}\n`);
      }
    }
  } finally {
    writeFileSync(join(dir, 'steps.json'), JSON.stringify(steps, null, 2));
    if (!process.env.BENCH_KEEP) rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(`\ncores: ${cores}\n`);
  process.stdout.write(
    table(
      ['target', 'rate/s', 'calls', 'ok', 'failed', 'retrans', 'wall s', 'done/s', 'cpu %', 'result'],
      steps.map((s) => [
        s.target,
        s.rate,
        s.calls,
        s.successful,
        s.failed,
        s.retrans,
        fixed(s.wallS),
        fixed(s.achieved, 0),
        fixed(s.cpu),
        s.ok ? 'clean' : s.note,
      ]),
    ),
  );
  const best = (name: string): Step | undefined =>
    steps.filter((s) => s.target === name && s.ok).sort((a, b) => b.rate - a.rate)[0];
  const kam = best('kamailio');
  const summary: Array<Array<string | number>> = [];
  for (const name of values.targets.split(',')) {
    const b = best(name);
    const fail = failures.get(name);
    const ratio = b && kam && name !== 'kamailio' ? fixed(b.rate / kam.rate, 2) : '-';
    summary.push([name, fail ?? (b ? b.rate : 'no clean step'), b ? fixed(b.cpu) : '-', ratio]);
  }
  process.stdout.write('\nhighest rate with zero failed calls\n');
  process.stdout.write(table(['target', 'calls/s', 'cpu % at it', 'ours/kamailio'], summary));
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    process.stderr.write(`cps benchmark failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
    process.exit(1);
  },
);
