/**
 * Concurrent WebRTC-to-RTP calls through the switch (issue 14: "concurrent WebRTC-to-RTP calls at < 0.1 % loss,
 * target ≥ 200 on 2 cores, and CPU per call beside a plain RTP call in the same run"):
 *  - webrtc: N browser phones (werift over SIP/WebSocket, as the product's browser phone meets the switch; in a
 *    generator process of their own, `--gen`) call 1002, a SIPp UAS registered as 1002 that streams A-law at 50
 *    packets/s; the switch bridges each WebRTC leg (ICE, DTLS-SRTP) with an RTP leg, both PCMA (a relay, no
 *    transcoding). Every browser sends 50 packets/s too. Loss = what the browsers received of what SIPp streamed
 *    during the window when all N are up.
 *  - rtp: the same N as plain RTP calls (SIPp UAC → switch → the same SIPp UAS), the switch's CPU per call.
 * The switch's CPU (its process group) is measured over the same window in both; the generator's own CPU is shown
 * apart (on a 2-core machine it competes with the switch: the figures are a floor).
 *
 *   npx tsx bench/webrtc-calls.ts [--calls 50,100,200] [--seconds 10] [--ramp 25]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { availableParallelism, tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { parseArgs } from 'node:util';
import { CpuMeter, hasBinary, installCleanup, type Managed, sleep, start, stop, versionOf } from './lib/proc.ts';
import { makeToneFile, register, runUac, startUas } from './lib/sipp.ts';
import { fixed, table } from './lib/table.ts';
import { CALLEE, startSwitchTarget, TENANT_DOMAIN } from './lib/targets.ts';

const PPS = 50;
const SIP_PORT = 5096;
const WS_PORT = 5097;
const UAS_PORT = 5098;

const { values } = parseArgs({
  options: {
    gen: { type: 'string', default: '' },
    calls: { type: 'string', default: '50,100,200' },
    seconds: { type: 'string', default: '10' },
    ramp: { type: 'string', default: '25' },
  },
});
const windowS = Number(values.seconds);
const ramp = Number(values.ramp);

// ---------------------------------------------------------------------------------------------------------------
// --gen N: N browser phones call 1002, send 50 packets/s each, and print what they received once a second.
// ---------------------------------------------------------------------------------------------------------------
async function generator(n: number): Promise<void> {
  const { BrowserPhone } = await import('../packages/switch/src/test-support/browser-phone.ts');
  const phones = Array.from(
    { length: n },
    () =>
      new BrowserPhone({
        url: `ws://127.0.0.1:${WS_PORT}`,
        domain: TENANT_DOMAIN,
        user: '1001',
        password: 'secret1',
        codecs: ['PCMA'],
      }),
  );
  const frame = Buffer.alloc(160, 0xd5);
  let up = 0;
  let failed = 0;
  for (const p of phones) {
    void (async () => {
      try {
        await p.connect();
        if ((await p.call(CALLEE.number)) !== 200) throw new Error('not answered');
        await p.connected(15_000);
        up++;
      } catch {
        failed++;
      }
    })();
    await sleep(1000 / ramp);
  }
  // One clock for every phone's 20 ms frame.
  setInterval(() => {
    for (const p of phones) if (p.inCall) p.sendFrame(frame);
  }, 20);
  setInterval(() => {
    let received = 0;
    for (const p of phones) {
      received += p.received.length;
      p.received.length = 0;
    }
    process.stdout.write(`${JSON.stringify({ up, failed, received })}\n`);
  }, 1000);
  process.on('SIGTERM', () => {
    void Promise.all(phones.map((p) => p.hangup().catch(() => null))).finally(() => process.exit(0));
  });
}

interface Row {
  mode: 'webrtc' | 'rtp';
  n: number;
  up: number;
  loss: number;
  cpu: number;
  genCpu: number;
  note: string;
}

async function webrtcStep(sw: Managed, n: number): Promise<Row> {
  const gen = start(
    `gen-${n}`,
    process.execPath,
    ['--import', 'tsx', join(import.meta.dirname, 'webrtc-calls.ts'), '--gen', String(n), '--ramp', String(ramp)],
    {
      cwd: join(import.meta.dirname, '..'),
    },
  );
  const reports: Array<{ up: number; failed: number; received: number }> = [];
  const lines = createInterface({ input: gen.child.stdout as NodeJS.ReadableStream });
  lines.on('line', (l) => {
    try {
      reports.push(JSON.parse(l));
    } catch {}
  });
  const deadline = Date.now() + (n / ramp + 30) * 1000;
  while (!(reports.at(-1) && (reports.at(-1)?.up ?? 0) + (reports.at(-1)?.failed ?? 0) >= n) && Date.now() < deadline) {
    await sleep(200);
  }
  await sleep(3000);
  const cpu = new CpuMeter(sw.pid);
  const genCpu = new CpuMeter(gen.pid);
  const from = reports.length;
  cpu.begin();
  genCpu.begin();
  await sleep(windowS * 1000);
  const swCpu = cpu.end();
  const gCpu = genCpu.end();
  const window = reports.slice(from, from + windowS);
  const up = reports.at(-1)?.up ?? 0;
  const received = window.reduce((a, r) => a + r.received, 0);
  const expected = up * PPS * window.length;
  await stop(gen, 5000);
  const loss = expected > 0 ? Math.max(0, (1 - received / expected) * 100) : Number.NaN;
  const note = up < n ? `${n - up} of ${n} calls did not come up` : loss < 0.1 ? '' : 'loss >= 0.1 %';
  return { mode: 'webrtc', n, up, loss, cpu: swCpu, genCpu: gCpu, note };
}

async function rtpStep(sw: Managed, dir: string, n: number): Promise<Row> {
  const holdMs = Math.round((n / ramp + 3 + windowS + 2) * 1000);
  const uac = runUac({
    dir,
    label: `rtp-${n}`,
    scenario: 'uac-rtp.xml',
    domain: TENANT_DOMAIN,
    service: CALLEE.number,
    target: `127.0.0.1:${SIP_PORT}`,
    port: 5099,
    mediaPort: 12000,
    rate: ramp,
    calls: n,
    holdMs,
    limit: n,
    timeLimitMs: holdMs + 40_000,
  });
  await sleep((n / ramp + 3) * 1000);
  const cpu = new CpuMeter(sw.pid);
  cpu.begin();
  await sleep(windowS * 1000);
  const swCpu = cpu.end();
  const r = await uac;
  return { mode: 'rtp', n, up: r.successful, loss: Number.NaN, cpu: swCpu, genCpu: Number.NaN, note: r.firstError };
}

async function main(): Promise<void> {
  if (values.gen) return generator(Number(values.gen));
  installCleanup();
  for (const bin of ['sipp', 'sox']) {
    if (!hasBinary(bin)) {
      process.stderr.write(`${bin} is missing: bash scripts/install-bench-deps.sh\n`);
      process.exit(2);
    }
  }
  process.stdout.write(
    `cores: ${availableParallelism()}, node ${process.version}, ${versionOf('sipp', ['-v'], /SIPp v[\w.-]+/)}\n`,
  );
  process.stdout.write(
    `window ${windowS} s with all calls up, ramp ${ramp} calls/s, ${PPS} packets/s per leg each way\n\n`,
  );
  const dir = mkdtempSync(join(tmpdir(), 'hujiao-webrtc-bench-'));
  makeToneFile(dir);
  const sw = await startSwitchTarget(SIP_PORT, 40000, 49999, false, false, ['--ws', String(WS_PORT)]);
  let uas: Managed | null = null;
  const rows: Row[] = [];
  try {
    const reg = await register(dir, `127.0.0.1:${SIP_PORT}`, UAS_PORT, CALLEE.number, TENANT_DOMAIN, CALLEE.password);
    if (!reg.ok) throw new Error(`SIPp UAS could not register as ${CALLEE.number}`);
    uas = startUas({ dir, label: 'uas', scenario: 'uas-rtp.xml', port: UAS_PORT, mediaPort: 22000 });
    for (const n of values.calls.split(',').map(Number)) {
      for (const step of [() => webrtcStep(sw, n), () => rtpStep(sw, dir, n)]) {
        const row = await step();
        rows.push(row);
        process.stdout.write(
          `${row.mode} ${n}: ${row.up}/${n} up, loss ${fixed(row.loss, 3)} %, switch cpu ${fixed(row.cpu)} % (${fixed(row.cpu / Math.max(1, row.up), 2)} % per call)${row.mode === 'webrtc' ? `, generator cpu ${fixed(row.genCpu)} %` : ''} ${row.note}\n`,
        );
        await sleep(3000);
      }
    }
  } finally {
    if (uas) await stop(uas);
    await stop(sw);
    rmSync(dir, { recursive: true, force: true });
  }
  process.stdout.write(
    `\n${table(
      ['mode', 'calls', 'up', 'loss %', 'switch cpu %', 'cpu % per call', 'generator cpu %', 'note'],
      rows.map((r) => [
        r.mode,
        r.n,
        r.up,
        fixed(r.loss, 3),
        fixed(r.cpu),
        fixed(r.cpu / Math.max(1, r.up), 2),
        fixed(r.genCpu),
        r.note,
      ]),
    )}\n`,
  );
  for (const n of new Set(rows.map((r) => r.n))) {
    const w = rows.find((r) => r.mode === 'webrtc' && r.n === n);
    const p = rows.find((r) => r.mode === 'rtp' && r.n === n);
    if (w && p && w.up > 0 && p.up > 0) {
      process.stdout.write(
        `${n} calls: a WebRTC-to-RTP call costs the switch ${fixed(w.cpu / w.up / (p.cpu / p.up), 1)}× a plain RTP call\n`,
      );
    }
  }
}

void main();
