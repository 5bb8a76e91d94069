/**
 * Sums self time per function (and per file) from a V8 .cpuprofile, e.g. one written by
 * `SWITCH_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" npx tsx bench/cps.ts --targets switch`.
 *
 *   npx tsx bench/profile-summary.ts <file.cpuprofile> [--top 40] [--callers <function name>] [--window 8,14]
 *
 * --callers adds, for the given function, the time spent in it and below it grouped by its caller chain
 * (three frames up). --window keeps only the samples taken between those seconds after the profile started (e.g. the
 * load, without start-up); the busy share per second is printed first to find it.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
}
interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
  parent?: number;
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
  startTime: number;
  endTime: number;
}

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { top: { type: 'string', default: '40' }, callers: { type: 'string' }, window: { type: 'string' } },
});
const file = positionals[0];
if (!file) {
  process.stderr.write('usage: profile-summary.ts <file.cpuprofile> [--top N]\n');
  process.exit(2);
}
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const [from, to] = (values.window ?? '0,1e9').split(',').map((s) => Number(s) * 1e6) as [number, number];
const self = new Map<number, number>();
const busyPerSecond: number[] = [];
let at = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const id = profile.samples[i] as number;
  const dt = profile.timeDeltas[i] ?? 0;
  at += dt;
  const second = Math.floor(at / 1e6);
  if (byId.get(id)?.callFrame.functionName !== '(idle)') busyPerSecond[second] = (busyPerSecond[second] ?? 0) + dt;
  if (at < from || at > to) continue;
  self.set(id, (self.get(id) ?? 0) + dt);
}
process.stdout.write(
  `busy % per second: ${Array.from(busyPerSecond, (t, s) => `${s}:${Math.round((t ?? 0) / 1e4)}`).join(' ')}\n`,
);
const total = [...self.values()].reduce((a, b) => a + b, 0);
const idle = [...self.entries()]
  .filter(([id]) => byId.get(id)?.callFrame.functionName === '(idle)')
  .reduce((a, [, t]) => a + t, 0);
const busy = total - idle;

const short = (url: string): string =>
  url
    .replace(/^file:\/\//, '')
    .replace(/^.*\/work\/main\//, '')
    .replace(/^.*node_modules\//, 'nm/') || '(native)';
const perFn = new Map<string, number>();
const perFile = new Map<string, number>();
for (const [id, t] of self) {
  const n = byId.get(id);
  if (!n) continue;
  const { functionName, url, lineNumber } = n.callFrame;
  if (functionName === '(idle)') continue;
  const key = `${functionName || '(anonymous)'} ${short(url)}:${lineNumber + 1}`;
  perFn.set(key, (perFn.get(key) ?? 0) + t);
  const f = short(url);
  perFile.set(f, (perFile.get(f) ?? 0) + t);
}
const top = Number(values.top);
const pct = (t: number): string => `${((t / busy) * 100).toFixed(1).padStart(5)} %`;
process.stdout.write(
  `wall ${((profile.endTime - profile.startTime) / 1e6).toFixed(1)} s, sampled ${(total / 1e6).toFixed(1)} s, ` +
    `busy ${(busy / 1e6).toFixed(1)} s (${((busy / total) * 100).toFixed(0)} %), shares below are of busy time\n\n`,
);
process.stdout.write('self time per function\n');
for (const [k, t] of [...perFn].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${pct(t)}  ${k}\n`);
// Inclusive ("total") time: each sample counts once for every distinct function on its stack.
const parentOf = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parentOf.set(c, n.id);
const inclusive = new Map<string, number>();
for (const [id, t] of self) {
  const seen = new Set<string>();
  for (let cur: number | undefined = id; cur !== undefined; cur = parentOf.get(cur)) {
    const n = byId.get(cur);
    if (!n) break;
    const { functionName, url, lineNumber } = n.callFrame;
    if (functionName === '(idle)' || functionName === '(root)') continue;
    seen.add(`${functionName || '(anonymous)'} ${short(url)}:${lineNumber + 1}`);
  }
  for (const k of seen) inclusive.set(k, (inclusive.get(k) ?? 0) + t);
}
process.stdout.write('\ntotal (inclusive) time per function, repository code only (ALL_FRAMES=1: every frame)\n');
for (const [k, t] of [...inclusive]
  .filter(([k]) => process.env.ALL_FRAMES === '1' || k.includes('packages/'))
  .sort((a, b) => b[1] - a[1])
  .slice(0, top))
  process.stdout.write(`${pct(t)}  ${k}\n`);
process.stdout.write('\nself time per file\n');
for (const [k, t] of [...perFile].sort((a, b) => b[1] - a[1]).slice(0, 25)) process.stdout.write(`${pct(t)}  ${k}\n`);

if (values.callers) {
  for (const n of profile.nodes)
    for (const c of n.children ?? []) {
      const child = byId.get(c);
      if (child) child.parent = n.id;
    }
  const frame = (n: ProfileNode): string =>
    `${n.callFrame.functionName || '(anonymous)'} ${short(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
  const chains = new Map<string, number>();
  let sum = 0;
  for (const [id, t] of self) {
    let n = byId.get(id);
    while (n && n.callFrame.functionName !== values.callers)
      n = n.parent === undefined ? undefined : byId.get(n.parent);
    if (!n) continue;
    const parts: string[] = [];
    let p = n.parent === undefined ? undefined : byId.get(n.parent);
    for (let i = 0; i < 4 && p; i++) {
      parts.push(frame(p));
      p = p.parent === undefined ? undefined : byId.get(p.parent);
    }
    const key = parts.join(' < ');
    chains.set(key, (chains.get(key) ?? 0) + t);
    sum += t;
  }
  process.stdout.write(`\n${values.callers}: ${pct(sum)} of busy time (inclusive), by caller chain\n`);
  for (const [k, t] of [...chains].sort((a, b) => b[1] - a[1]).slice(0, top)) process.stdout.write(`${pct(t)}  ${k}\n`);
}
