import { type ChildProcess, spawn, spawnSync } from 'node:child_process';
import { switchEventSchema } from '@hujiao/shared';
import type { CallRecordData, EventSink, SwitchEvent, SwitchLogger } from '../types.ts';

export function hasBinary(name: string): boolean {
  return spawnSync('sh', ['-c', `command -v ${name}`]).status === 0;
}

export interface RunResult {
  code: number | null;
  output: string;
}

const children = new Set<ChildProcess>();

/** Spawns a process; resolves with its exit code and output (killed after timeoutMs). */
export function run(cmd: string, args: string[], timeoutMs = 30_000): Promise<RunResult> & { child: ChildProcess } {
  const child = spawn(cmd, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  children.add(child);
  let output = '';
  child.stdout?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  child.stderr?.on('data', (d: Buffer) => {
    output += d.toString();
  });
  const p = new Promise<RunResult>((resolve) => {
    const timer = setTimeout(() => child.kill('SIGKILL'), timeoutMs);
    child.on('exit', (code) => {
      clearTimeout(timer);
      children.delete(child);
      resolve({ code, output });
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      children.delete(child);
      resolve({ code: -1, output: String(err) });
    });
  }) as Promise<RunResult> & { child: ChildProcess };
  p.child = child;
  return p;
}

/** Kills every process started by run() that is still alive. */
export function killAll(): void {
  for (const c of children) c.kill('SIGKILL');
  children.clear();
}

export interface SippOptions {
  scenario: string;
  csv?: string;
  port: number;
  mediaPort: number;
  server?: string;
  timeoutMs?: number;
  transport?: 'u1' | 't1';
}

/** Runs one SIPp call (-m 1) on 127.0.0.1. */
export function sipp(o: SippOptions): Promise<RunResult> & { child: ChildProcess } {
  const args = [
    ...(o.server ? [o.server] : []),
    '-sf',
    o.scenario,
    '-i',
    '127.0.0.1',
    '-p',
    String(o.port),
    '-mi',
    '127.0.0.1',
    '-mp',
    String(o.mediaPort),
    '-m',
    '1',
    '-nostdin',
    '-t',
    o.transport ?? 'u1',
    '-timeout',
    `${Math.round((o.timeoutMs ?? 20_000) / 1000)}s`,
    '-timeout_error',
  ];
  if (o.csv) args.push('-inf', o.csv);
  return run('sipp', args, (o.timeoutMs ?? 20_000) + 5000);
}

/** Collects the switch's events; each must match the shared JSON-safe schema (`of` throws if one did not). */
export class EventLog implements EventSink {
  readonly events: SwitchEvent[] = [];
  readonly invalid: Array<{ event: unknown; issues: string }> = [];
  emit(event: SwitchEvent): void {
    const checked = switchEventSchema.safeParse(JSON.parse(JSON.stringify(event)));
    if (!checked.success) this.invalid.push({ event, issues: checked.error.message });
    this.events.push(event);
  }
  of<T extends SwitchEvent['type']>(type: T): Extract<SwitchEvent, { type: T }>[] {
    if (this.invalid.length > 0)
      throw new Error(`events not matching switchEventSchema: ${JSON.stringify(this.invalid)}`);
    return this.events.filter((e): e is Extract<SwitchEvent, { type: T }> => e.type === type);
  }
}

export class CdrLog {
  readonly records: CallRecordData[] = [];
  async write(record: CallRecordData): Promise<void> {
    this.records.push(record);
  }
  /** Waits until a record matching `pred` arrives. */
  async waitFor(pred: (r: CallRecordData) => boolean, timeoutMs = 10_000): Promise<CallRecordData> {
    const end = Date.now() + timeoutMs;
    while (Date.now() < end) {
      const r = this.records.find(pred);
      if (r) return r;
      await new Promise((res) => setTimeout(res, 50));
    }
    throw new Error('no matching call record');
  }
}

/** A logger that keeps nothing (or prints when SWITCH_DEBUG is set, via stderr write). */
export function testLogger(bindings: Record<string, unknown> = {}): SwitchLogger {
  const debug = process.env.SWITCH_DEBUG !== undefined;
  const write = (level: string) => (obj: Record<string, unknown>, msg?: string) => {
    if (debug) process.stderr.write(`${level} ${msg ?? ''} ${JSON.stringify({ ...bindings, ...obj })}\n`);
  };
  return {
    debug: write('debug'),
    info: write('info'),
    warn: write('warn'),
    error: write('error'),
    child: (b) => testLogger({ ...bindings, ...b }),
  };
}
