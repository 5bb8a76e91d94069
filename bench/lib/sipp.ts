import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { type Managed, start, stop } from './proc.ts';

export const SCENARIOS = join(import.meta.dirname, '..', 'scenarios');

export interface UacOptions {
  /** Working directory (holds the CSV, the stats file and tone.alaw). */
  dir: string;
  label: string;
  scenario: string;
  /** Fields of the -inf line: request domain; optional `[authentication ...]` line. */
  domain: string;
  auth?: string;
  service: string;
  target: string;
  port: number;
  mediaPort: number;
  rate: number;
  calls: number;
  holdMs: number;
  /** Simultaneous calls allowed (-l). */
  limit: number;
  /** Hard limit for the whole run (SIPp -timeout, then SIGKILL 5 s later). */
  timeLimitMs: number;
}

export interface UacResult {
  code: number | null;
  created: number;
  successful: number;
  failed: number;
  retransmissions: number;
  wallMs: number;
  output: string;
  firstError: string;
}

/** Runs a SIPp UAC load to completion (or until timeLimitMs, then kills it) and reads its final statistics. */
export async function runUac(o: UacOptions): Promise<UacResult> {
  const csv = join(o.dir, `${o.label}.csv`);
  writeFileSync(csv, `SEQUENTIAL\n${o.domain};${o.auth ?? ''};\n`);
  const stf = join(o.dir, `${o.label}-stats.csv`);
  const args = [
    '-sf',
    join(SCENARIOS, o.scenario),
    '-inf',
    csv,
    '-s',
    o.service,
    o.target,
    '-i',
    '127.0.0.1',
    '-p',
    String(o.port),
    '-mi',
    '127.0.0.1',
    '-mp',
    String(o.mediaPort),
    '-r',
    String(o.rate),
    '-m',
    String(o.calls),
    '-l',
    String(o.limit),
    '-d',
    String(o.holdMs),
    '-timeout',
    `${Math.ceil(o.timeLimitMs / 1000)}s`,
    '-nostdin',
    '-trace_stat',
    '-stf',
    stf,
    '-fd',
    '1',
    '-trace_err',
    '-error_file',
    join(o.dir, `${o.label}-errors.log`),
  ];
  const began = performance.now();
  const m = start(`sipp-uac-${o.label}`, 'sipp', args, { cwd: o.dir });
  const timer = setTimeout(() => void stop(m, 2000, 'SIGKILL'), o.timeLimitMs + 5000);
  const code = await m.exited;
  clearTimeout(timer);
  await stop(m);
  const wallMs = performance.now() - began;
  const stats = lastStats(stf);
  return {
    code,
    created: stats.get('TotalCallCreated') ?? 0,
    successful: stats.get('SuccessfulCall(C)') ?? 0,
    failed: stats.get('FailedCall(C)') ?? 0,
    retransmissions: stats.get('Retransmissions(C)') ?? 0,
    wallMs,
    output: m.output(),
    firstError: firstError(join(o.dir, `${o.label}-errors.log`)),
  };
}

/** The first line of SIPp's error log that says what went wrong (for the step's note). */
function firstError(file: string): string {
  if (!existsSync(file)) return '';
  const line = readFileSync(file, 'utf8')
    .split('\n')
    .find((l) => /unexpected|aborting|timeout|failed|error/i.test(l) && !/^-+/.test(l));
  return (line ?? '')
    .replace(/^.*?\d+\.\d+: /, '')
    .trim()
    .slice(0, 120);
}

/** The numeric columns of the last line of a SIPp -trace_stat file. */
export function lastStats(file: string): Map<string, number> {
  const out = new Map<string, number>();
  if (!existsSync(file)) return out;
  const lines = readFileSync(file, 'utf8').trim().split('\n');
  const head = lines[0]?.split(';') ?? [];
  const last = lines.length > 1 ? (lines[lines.length - 1]?.split(';') ?? []) : [];
  head.forEach((name, i) => {
    const v = Number(last[i]);
    if (name && Number.isFinite(v)) out.set(name, v);
  });
  return out;
}

export interface UasOptions {
  dir: string;
  label: string;
  /** Scenario file in bench/scenarios, or the SIPp built-in `uas`. */
  scenario: string | 'builtin-uas';
  port: number;
  mediaPort: number;
  /** The UAS scenario's <pause/> (-d), for scenarios that hang up themselves. */
  holdMs?: number;
}

/** Starts a SIPp UAS that answers every call until stopped. */
export function startUas(o: UasOptions): Managed {
  const sc = o.scenario === 'builtin-uas' ? ['-sn', 'uas'] : ['-sf', join(SCENARIOS, o.scenario)];
  const args = [
    ...sc,
    '-i',
    '127.0.0.1',
    '-p',
    String(o.port),
    '-mi',
    '127.0.0.1',
    '-mp',
    String(o.mediaPort),
    '-nostdin',
    '-trace_stat',
    '-stf',
    join(o.dir, `${o.label}-stats.csv`),
    '-fd',
    '1',
    ...(o.holdMs !== undefined ? ['-d', String(o.holdMs)] : []),
  ];
  return start(`sipp-uas-${o.label}`, 'sipp', args, { cwd: o.dir });
}

/** Registers `user@domain` with digest auth from 127.0.0.1:port (the port the UAS will listen on). */
export async function register(
  dir: string,
  target: string,
  port: number,
  user: string,
  domain: string,
  password: string,
): Promise<{ ok: boolean; output: string }> {
  const csv = join(dir, `register-${port}.csv`);
  writeFileSync(csv, `SEQUENTIAL\n${user};${domain};[authentication username=${user} password=${password}]\n`);
  const m = start(`sipp-register-${port}`, 'sipp', [
    '-sf',
    join(SCENARIOS, 'register.xml'),
    '-inf',
    csv,
    target,
    '-i',
    '127.0.0.1',
    '-p',
    String(port),
    '-m',
    '1',
    '-nostdin',
    '-timeout',
    '10s',
    '-timeout_error',
  ]);
  const timer = setTimeout(() => void stop(m, 1000, 'SIGKILL'), 15_000);
  const code = await m.exited;
  clearTimeout(timer);
  await stop(m);
  return { ok: code === 0, output: m.output() };
}

/** Makes `tone.alaw` in `dir`: 4 s of 440 Hz headerless A-law that the RTP scenarios stream in a loop. */
export function makeToneFile(dir: string): void {
  spawnSync('sox', [
    '-n',
    '-r',
    '8000',
    '-c',
    '1',
    '-t',
    'al',
    join(dir, 'tone.alaw'),
    'synth',
    '4',
    'sine',
    '440',
    'vol',
    '0.5',
  ]);
}
