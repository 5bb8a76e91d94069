import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { readdirSync, readFileSync } from 'node:fs';

/** A child started in its own process group, so that it and everything it forks can be killed together. */
export interface Managed {
  name: string;
  child: ChildProcess;
  pid: number;
  output: () => string;
  exited: Promise<number | null>;
}

const live = new Set<Managed>();

export interface StartOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** Keep at most this many characters of stdout+stderr (the tail). */
  keep?: number;
}

/** Spawns `cmd` as the leader of a new process group. */
export function start(name: string, cmd: string, args: string[], opts: StartOptions = {}): Managed {
  const child = spawn(cmd, args, {
    cwd: opts.cwd,
    env: opts.env ?? process.env,
    detached: true,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const keep = opts.keep ?? 20_000;
  let out = '';
  const add = (d: Buffer): void => {
    out += d.toString();
    if (out.length > keep * 2) out = out.slice(-keep);
  };
  child.stdout?.on('data', add);
  child.stderr?.on('data', add);
  const exited = new Promise<number | null>((resolve) => {
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 128 : null)));
    child.on('error', (err) => {
      out += String(err);
      resolve(-1);
    });
  });
  const m: Managed = { name, child, pid: child.pid ?? -1, output: () => out.slice(-keep), exited };
  live.add(m);
  void exited.then(() => live.delete(m));
  return m;
}

/** Sends `signal` to the whole group, then SIGKILL after graceMs if it is still there. */
export async function stop(m: Managed, graceMs = 3000, signal: NodeJS.Signals = 'SIGTERM'): Promise<void> {
  if (!live.has(m) || m.pid <= 0) return;
  try {
    process.kill(-m.pid, signal);
  } catch {
    return;
  }
  const timer = new Promise<'timeout'>((r) => setTimeout(() => r('timeout'), graceMs).unref());
  if ((await Promise.race([m.exited, timer])) === 'timeout') {
    try {
      process.kill(-m.pid, 'SIGKILL');
    } catch {
      /* already gone */
    }
    await Promise.race([m.exited, new Promise((r) => setTimeout(r, 1000).unref())]);
  }
  // Children of the group may outlive the leader (kamailio forks): kill what is left.
  try {
    process.kill(-m.pid, 'SIGKILL');
  } catch {
    /* group empty */
  }
}

/** Kills every group started here (for finally blocks and signal handlers). */
export function stopAllSync(): void {
  for (const m of live) {
    try {
      process.kill(-m.pid, 'SIGKILL');
    } catch {
      /* gone */
    }
  }
  live.clear();
}

/** Installs handlers so that Ctrl-C or a crash still kills every child group. */
export function installCleanup(extra: () => void = () => {}): void {
  const bail = (code: number): void => {
    stopAllSync();
    extra();
    process.exit(code);
  };
  process.on('SIGINT', () => bail(130));
  process.on('SIGTERM', () => bail(143));
  process.on('exit', () => {
    stopAllSync();
    extra();
  });
}

/** Waits until `re` appears in the output of `m`, or fails after timeoutMs or when the process exits. */
export async function waitFor(m: Managed, re: RegExp, timeoutMs: number): Promise<void> {
  const until = Date.now() + timeoutMs;
  let gone = false;
  void m.exited.then(() => {
    gone = true;
  });
  while (Date.now() < until) {
    if (re.test(m.output())) return;
    if (gone) throw new Error(`${m.name} exited: ${m.output().slice(-600)}`);
    await sleep(50);
  }
  throw new Error(`${m.name}: no ${re} within ${timeoutMs} ms: ${m.output().slice(-600)}`);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

const CLK_TCK = Number(spawnSync('getconf', ['CLK_TCK']).stdout?.toString().trim()) || 100;

/** utime+stime (in clock ticks) of every process whose process group is `pgid`. */
export function groupTicks(pgid: number): number {
  let total = 0;
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    let stat: string;
    try {
      stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
    } catch {
      continue;
    }
    // Fields after the ")" of the command name: state(3) ppid(4) pgrp(5) ... utime(14) stime(15).
    const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    if (Number(f[2]) !== pgid) continue;
    total += Number(f[11]) + Number(f[12]);
  }
  return total;
}

/** CPU use of a process group between two samples, in % of one core. */
export class CpuMeter {
  private ticks = 0;
  private at = 0;
  constructor(private readonly pgid: number) {}
  begin(): void {
    this.ticks = groupTicks(this.pgid);
    this.at = performance.now();
  }
  /** % of one core since begin() (200 % = both cores of a 2-core machine). */
  end(): number {
    const dt = (performance.now() - this.at) / 1000;
    const used = (groupTicks(this.pgid) - this.ticks) / CLK_TCK;
    return dt > 0 ? (used / dt) * 100 : 0;
  }
}

/** First line of a command's output (for versions); "?" when it fails. */
export function versionOf(cmd: string, args: string[], pick: RegExp = /.*/): string {
  const r = spawnSync(cmd, args, { encoding: 'utf8', timeout: 5000 });
  const text = `${r.stdout ?? ''}${r.stderr ?? ''}`;
  return text.match(pick)?.[0]?.trim() ?? '?';
}

export function hasBinary(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}
