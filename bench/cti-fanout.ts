/**
 * CTI event delivery over the live channel (GET /api/live, ADR 0017) to 500 connected WebSockets, issue 13's
 * "CTI event delivery to 500 connected WebSockets (p99, target < 100 ms)".
 *
 * The server runs in its own node process (this script with `--serve`): the real app (buildApp, as `npm start`
 * builds it) on a fresh PGlite data directory in a temp folder, SIP off, HTTP on 127.0.0.1:30500. It creates one
 * enterprise, 500 agent users in 50 queues of 10 members, an extension 1001 with one voicemail message, signs
 * every agent in (session cookie) and hands the cookies to this process, which opens 500 WebSockets subscribed to
 * `agent-state` and `voicemail-count` and measures, on the wall clock of this process:
 *   - agent command → own state: one agent at a time sends `{type:'agent', state}` (ready/busy alternately) over
 *     its socket; time until the `agent-state` update with that state arrives on the same socket;
 *   - burst: all 500 agents send their command at once; each agent's time from its own send to its update, and
 *     the time until the last of the 500 has it;
 *   - PUT /api/agent/state → own state: the same change over HTTP (the plain form of the command);
 *   - broadcast: the enterprise admin marks the voicemail message read/unread (PUT /api/voicemail/messages/:id/read),
 *     which pushes `voicemail-count` to every socket of the enterprise (each with the user's own counts); time from
 *     the request to each socket's update, and to the last of the 500.
 * Targets: `server` (PGlite, port 30500), `server-pg` (the same on a fresh PostgreSQL database of CC_TEST_PG_URL's
 * server, as the test harness makes them, port 30502), and the peer in the same run (`peer`, port 30501): a bare
 * `ws` server that answers the same messages with no application behind (an `agent` message answers that socket's
 * update at once, PUT /broadcast sends one update to every socket), the floor of Node + ws + JSON on this machine.
 * Prints p50/p95/p99/max in ms, each server's RSS (VmRSS, VmHWM of its process) and CPU; asserts nothing; a target
 * that fails says so and the script goes on and exits 0.
 *
 *   npx tsx bench/cti-fanout.ts [--sockets 500] [--queues 50] [--rounds 1000] [--bursts 10] [--http 300]
 *                               [--broadcasts 20] [--port 30500] [--targets server,server-pg,peer]
 *
 * Diagnostics: BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" (then bench/profile-summary.ts),
 * BENCH_SQL_STATS=<file> (the server's queries after set-up, by statement: count and time), BENCH_NO_STATE_LOG=1
 * (a what-if: agent state changes not written to the state log).
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { availableParallelism, cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import WebSocket, { WebSocketServer } from 'ws';
import { installCleanup, type Managed, start, stop, waitFor } from './lib/proc.ts';
import { fixed, table } from './lib/table.ts';

const { values: args } = parseArgs({
  options: {
    serve: { type: 'boolean', default: false },
    peer: { type: 'boolean', default: false },
    pg: { type: 'boolean', default: false },
    out: { type: 'string', default: '' },
    sockets: { type: 'string', default: '500' },
    queues: { type: 'string', default: '50' },
    rounds: { type: 'string', default: '1000' },
    bursts: { type: 'string', default: '10' },
    http: { type: 'string', default: '300' },
    broadcasts: { type: 'string', default: '20' },
    port: { type: 'string', default: '30500' },
    targets: { type: 'string', default: 'server,server-pg,peer' },
  },
});
const HOST = '127.0.0.1';
const PORT = Number(args.port);
const SOCKETS = Number(args.sockets);
const QUEUES = Number(args.queues);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** What the server process hands over: where to connect, each agent's cookie and CSRF token, the admin's. */
interface Setup {
  port: number;
  agents: Array<{ cookie: string; csrf: string }>;
  admin: { cookie: string; csrf: string };
  messageId: string;
  setupSec: number;
}

/** Runs `fn` over `items` with at most `n` at a time. */
async function pool<T, R>(n: number, items: T[], fn: (item: T, i: number) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(n, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        out[i] = await fn(items[i] as T, i);
      }
    }),
  );
  return out;
}

// ---------------------------------------------------------------------------------------------------------------
// --serve: the real server, set up through its own API (app.inject), then listening on 127.0.0.1.
// ---------------------------------------------------------------------------------------------------------------
async function serve(): Promise<void> {
  const { buildApp } = await import('../apps/server/src/app.ts');
  const { ensurePlatformAdmin } = await import('../apps/server/src/bootstrap.ts');
  const { loadConfig } = await import('../apps/server/src/config.ts');
  const { openDatabase } = await import('../apps/server/src/db/client.ts');
  const { createLogger } = await import('../apps/server/src/logger.ts');
  const { encodeWav } = await import('@hujiao/media');
  const began = Date.now();
  await sharePasswordWork();
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-cti-'));
  const pg = args.pg ? await createPgDatabase() : null;
  const config = loadConfig({
    CC_DATA_DIR: join(dataDir, 'data'),
    ...(pg ? { CC_DATABASE_URL: pg.url } : {}),
    CC_ADMIN_PASSWORD: 'Bench#2026x',
    CC_LOG_LEVEL: 'warn',
    CC_SIP_ENABLED: 'false',
    CC_WEB_DIR: '/nonexistent',
    CC_TRUNK_KEEPALIVE_SECONDS: '0',
  });
  const logger = createLogger(config);
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  const { app, services } = await buildApp({ config, database, logger });
  // BENCH_NO_STATE_LOG=1 (a what-if, not the product): agent state changes are not written to the state log.
  if (process.env.BENCH_NO_STATE_LOG) services.agentStateLog.record = () => {};
  await app.ready();
  await ensurePlatformAdmin(services, config);

  // Login is limited to 30 a minute per address: each agent signs in from an address of its own.
  const call = async (
    who: { cookie: string; csrf: string } | null,
    method: string,
    url: string,
    payload?: unknown,
    remoteAddress = '127.0.0.1',
  ) => {
    const headers: Record<string, string> = { 'accept-language': 'zh-CN' };
    if (who?.cookie) headers.cookie = who.cookie;
    if (who?.csrf) headers['x-csrf-token'] = who.csrf;
    const res = await app.inject({ method: method as 'GET', url, payload: payload as object, headers, remoteAddress });
    if (res.statusCode !== 200) throw new Error(`${method} ${url} -> ${res.statusCode} ${res.body}`);
    return res;
  };
  const login = async (mode: 'account' | 'agent', account: string, password: string, remoteAddress?: string) => {
    const res = await call(null, 'POST', '/api/auth/login', { mode, account, password }, remoteAddress);
    const sid = res.cookies.find((c) => c.name === 'hj_sid');
    if (!sid) throw new Error(`no session cookie for ${account}`);
    return { cookie: `hj_sid=${sid.value}`, csrf: String(res.json().csrfToken) };
  };
  const platform = await login('account', 'admin', 'Bench#2026x');
  const tenant = (
    await call(platform, 'POST', '/api/tenants', {
      account: 'cti',
      name: 'CTI bench',
      adminPassword: 'Admin#2026x',
      maxAgents: SOCKETS + 10,
    })
  ).json() as { id: string };
  const admin = await login('account', 'cti', 'Admin#2026x');
  const roles = (await call(admin, 'GET', '/api/roles')).json() as Array<{ id: string; code: string | null }>;
  const agentRole = roles.find((r) => r.code === 'agent')?.id;
  const numbers = Array.from({ length: SOCKETS }, (_, i) => String(10000 + i));
  const userIds = await pool(8, numbers, async (no) => {
    const res = await call(admin, 'POST', '/api/users', {
      agentNo: no,
      name: `坐席${no}`,
      password: 'Agent#2026',
      roleIds: [agentRole],
    });
    return String(res.json().id);
  });
  const perQueue = Math.ceil(SOCKETS / QUEUES);
  for (let q = 0; q < QUEUES; q++) {
    const members = userIds
      .slice(q * perQueue, (q + 1) * perQueue)
      .map((agentId, i) => ({ agentId, level: 1 + (i % 2) }));
    await call(admin, 'POST', '/api/queues', { name: `技能组${q + 1}`, strategy: 'longest-idle', members });
  }
  // One message in box 1001 (an extension of nobody's): the admin's read/unread toggles count changes.
  await call(admin, 'POST', '/api/extensions', { number: '1001', password: 'SipPass#1001' });
  const wav = join(dataDir, 'm.wav');
  writeFileSync(wav, encodeWav(new Int16Array(8000), 8000));
  const message = await services.voicemail.deposit({
    tenantId: tenant.id,
    box: '1001',
    callId: 'bench-1',
    caller: '13800138000',
    callerName: null,
    file: wav,
    durationMs: 1000,
    at: new Date(),
  });
  const agents = await pool(8, numbers, (no, i) =>
    login('agent', `${no}@cti`, 'Agent#2026', `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`),
  );
  const sqlStats = process.env.BENCH_SQL_STATS ? await countQueries() : null;
  await app.listen({ host: HOST, port: PORT });
  const setup: Setup = { port: PORT, agents, admin, messageId: message.id, setupSec: (Date.now() - began) / 1000 };
  writeFileSync(args.out, JSON.stringify(setup));
  process.stdout.write(`ready ${PORT}\n`);
  // Each step bounded (the parent kills the group 8 s after SIGTERM): the temp folder and the database go.
  const bounded = (p: Promise<unknown> | undefined) => Promise.race([p?.catch(() => {}), sleep(2000)]);
  const shutdown = async () => {
    if (sqlStats && process.env.BENCH_SQL_STATS) writeFileSync(process.env.BENCH_SQL_STATS, sqlStats());
    await bounded(app.close());
    await bounded(database.close());
    await bounded(pg?.drop());
    rmSync(dataDir, { recursive: true, force: true });
    process.exit(0);
  };
  process.on('SIGTERM', () => void shutdown());
  process.on('SIGINT', () => void shutdown());
}

/** --pg: a fresh PostgreSQL database (CC_TEST_PG_URL's server, as the test harness does), dropped at the end. */
async function createPgDatabase(): Promise<{ url: string; drop: () => Promise<void> }> {
  const pg = (await import('pg')).default;
  const adminUrl = process.env.CC_TEST_PG_URL ?? 'postgres://hujiao_test:hujiao_test@127.0.0.1:5432/postgres';
  const name = `hj_bench_cti_${Date.now().toString(36)}`;
  const admin = new pg.Client({ connectionString: adminUrl });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(adminUrl);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const c = new pg.Client({ connectionString: adminUrl });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/**
 * BENCH_SQL_STATS=<file>: counts the server's PGlite queries after the set-up (statement → count, total ms from
 * the call to its answer, queue wait included) and writes them to <file> when the server stops.
 */
async function countQueries(): Promise<() => string> {
  const { PGlite } = await import('@electric-sql/pglite');
  const stats = new Map<string, { n: number; ms: number }>();
  const proto = PGlite.prototype as unknown as Record<string, (...a: unknown[]) => Promise<unknown>>;
  for (const method of ['query', 'exec']) {
    const original = proto[method] as (...a: unknown[]) => Promise<unknown>;
    proto[method] = async function (this: unknown, ...a: unknown[]) {
      const key = `${method}: ${String(a[0]).replace(/\s+/g, ' ').slice(0, 110)}`;
      const t0 = performance.now();
      try {
        return await original.apply(this, a);
      } finally {
        const s = stats.get(key) ?? { n: 0, ms: 0 };
        s.n++;
        s.ms += performance.now() - t0;
        stats.set(key, s);
      }
    };
  }
  return () =>
    [...stats]
      .sort((x, y) => y[1].ms - x[1].ms)
      .map(([k, v]) => `${String(v.n).padStart(7)} ${v.ms.toFixed(0).padStart(9)} ms  ${k}`)
      .join('\n');
}

/**
 * Set-up only: the agents share one password, so argon2id (64 MiB, t=3: 0.1-0.5 s a hash here, a thousand for
 * the users and their sign-ins) hashes it once and checks each (hash, password) pair once. The measured paths
 * (live socket, agent state, voicemail mark) never touch a password.
 */
async function sharePasswordWork(): Promise<void> {
  const mod = (await import('argon2')).default as unknown as {
    hash: (password: string, options?: unknown) => Promise<string>;
    verify: (hash: string, password: string) => Promise<boolean>;
  };
  const { hash, verify } = mod;
  const hashes = new Map<string, Promise<string>>();
  const checks = new Map<string, Promise<boolean>>();
  mod.hash = (password, options) => {
    const h = hashes.get(password) ?? hash.call(mod, password, options);
    hashes.set(password, h);
    return h;
  };
  mod.verify = (h, password) => {
    const key = `${h}\0${password}`;
    const ok = checks.get(key) ?? verify.call(mod, h, password);
    checks.set(key, ok);
    return ok;
  };
}

// ---------------------------------------------------------------------------------------------------------------
// --peer: a bare ws server speaking the same messages, nothing behind them.
// ---------------------------------------------------------------------------------------------------------------
async function peer(): Promise<void> {
  const sockets = new Map<number, WebSocket>();
  const states = new Map<number, string>();
  const http = createServer((req, res) => {
    const m = /^\/agent\/(\d+)$/.exec(req.url ?? '');
    let body = '';
    req.on('data', (d) => {
      body += d;
    });
    req.on('end', () => {
      if (req.url === '/broadcast') {
        const read = (JSON.parse(body || '{}') as { read?: boolean }).read ?? false;
        const text = JSON.stringify({
          type: 'update',
          topic: 'voicemail-count',
          data: { mine: read ? 0 : 1, all: null, boxes: [] },
        });
        for (const ws of sockets.values()) ws.send(text);
      } else if (m) {
        const i = Number(m[1]);
        const { state } = JSON.parse(body) as { state: string };
        states.set(i, state);
        sockets.get(i)?.send(stateUpdate(state));
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  const stateUpdate = (state: string) =>
    JSON.stringify({
      type: 'update',
      topic: 'agent-state',
      data: { state, reason: null, since: new Date().toISOString(), callId: null, queueId: null, member: true },
    });
  const wss = new WebSocketServer({ server: http, path: '/api/live' });
  wss.on('connection', (ws, req) => {
    const i = Number(new URL(req.url ?? '/', 'http://x').searchParams.get('agent'));
    sockets.set(i, ws);
    ws.send(JSON.stringify({ type: 'hello', user: { id: String(i) }, serverTime: new Date().toISOString() }));
    ws.on('message', (raw) => {
      const m = JSON.parse(String(raw)) as { type: string; id?: string; state?: string; topics?: string[] };
      if (m.type === 'subscribe') {
        for (const topic of m.topics ?? []) ws.send(JSON.stringify({ type: 'snapshot', topic, data: {} }));
      } else if (m.type === 'agent' && m.state) {
        states.set(i, m.state);
        ws.send(stateUpdate(m.state));
        ws.send(JSON.stringify({ type: 'result', id: m.id, ok: true }));
      }
    });
    ws.on('close', () => sockets.delete(i));
  });
  http.listen(PORT, HOST, () => process.stdout.write(`ready ${PORT}\n`));
  process.on('SIGTERM', () => process.exit(0));
  process.on('SIGINT', () => process.exit(0));
}

// ---------------------------------------------------------------------------------------------------------------
// The measuring side: 500 sockets, the cases, the table.
// ---------------------------------------------------------------------------------------------------------------
interface Client {
  ws: WebSocket;
  /** The agent-state update being waited for: its state, and who to tell. */
  want: { state: string; done: (at: number) => void } | null;
  /** The next voicemail-count update: who to tell. */
  wantCount: ((at: number) => void) | null;
  snapshots: number;
}

function connect(url: string, headers: Record<string, string>): Promise<Client> {
  return new Promise((resolve, reject) => {
    const c: Client = { ws: new WebSocket(url, { headers }), want: null, wantCount: null, snapshots: 0 };
    const timer = setTimeout(() => reject(new Error('no snapshots within 30 s')), 30_000);
    c.ws.on('message', (raw) => {
      const at = performance.now();
      const m = JSON.parse(String(raw)) as { type: string; topic?: string; data?: { state?: string } };
      if (m.type === 'update' && m.topic === 'agent-state') {
        if (c.want && m.data?.state === c.want.state) {
          const w = c.want;
          c.want = null;
          w.done(at);
        }
      } else if (m.type === 'update' && m.topic === 'voicemail-count') {
        const w = c.wantCount;
        c.wantCount = null;
        w?.(at);
      } else if (m.type === 'snapshot') {
        c.snapshots++;
        if (c.snapshots === 2) {
          clearTimeout(timer);
          resolve(c);
        }
      } else if (m.type === 'error') {
        reject(new Error(`live error: ${String(raw)}`));
      }
    });
    c.ws.on('open', () => c.ws.send(JSON.stringify({ type: 'subscribe', topics: ['agent-state', 'voicemail-count'] })));
    c.ws.on('error', (err) => reject(err));
    c.ws.on('close', (code, reason) => {
      if (c.snapshots < 2) reject(new Error(`closed ${code} ${String(reason)}`));
    });
  });
}

/** Resolves with the arrival time of `c`'s agent-state update to `state` (or rejects after 10 s). */
function awaitState(c: Client, state: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no agent-state ${state} within 10 s`)), 10_000);
    c.want = {
      state,
      done: (at) => {
        clearTimeout(timer);
        resolve(at);
      },
    };
  });
}

function awaitCount(c: Client): Promise<number> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('no voicemail-count update within 10 s')), 10_000);
    c.wantCount = (at) => {
      clearTimeout(timer);
      resolve(at);
    };
  });
}

interface Stats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}
function stats(samples: number[]): Stats {
  const s = Float64Array.from(samples).sort();
  const at = (q: number) => s[Math.min(s.length - 1, Math.floor(q * s.length))] ?? Number.NaN;
  return { n: s.length, p50: at(0.5), p95: at(0.95), p99: at(0.99), max: s[s.length - 1] ?? Number.NaN };
}

/** VmRSS and VmHWM (MiB) of a process. */
function memory(pid: number): { rss: number; hwm: number } {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (k: string) => Number(new RegExp(`${k}:\\s+(\\d+)`).exec(status)?.[1] ?? Number.NaN);
  return { rss: kb('VmRSS') / 1024, hwm: kb('VmHWM') / 1024 };
}
/** utime+stime of a process in seconds (clock ticks of 10 ms). */
function cpuSec(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const f = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(f[11]) + Number(f[12])) / 100;
}

interface Target {
  name: string;
  url: (i: number) => string;
  headers: (i: number) => Record<string, string>;
  /** The HTTP form of agent i's state change. */
  setState: (i: number, state: string) => Promise<void>;
  /** A change every socket of the enterprise is told of. */
  broadcast: (round: number) => Promise<void>;
}

interface Row {
  target: string;
  kase: string;
  s: Stats;
  cpu: number;
}

async function measure(t: Target, m: Managed): Promise<{ rows: Row[]; memIdle: { rss: number; hwm: number } }> {
  const before = memory(m.pid).rss;
  const clients = await pool(
    50,
    Array.from({ length: SOCKETS }, (_, i) => i),
    (i) => connect(t.url(i), t.headers(i)),
  );
  await sleep(500);
  const memIdle = memory(m.pid);
  process.stdout.write(
    `${t.name}: ${clients.length} sockets subscribed (RSS ${fixed(before, 0)} → ${fixed(memIdle.rss, 0)} MiB)\n`,
  );
  const rows: Row[] = [];
  const state = new Array<string>(SOCKETS).fill('logged-out');
  const flip = (i: number) => (state[i] === 'ready' ? 'busy' : 'ready');
  const timed = async (kase: string, run: () => Promise<number[]>) => {
    const cpu0 = cpuSec(m.pid);
    const samples = await run();
    rows.push({ target: t.name, kase, s: stats(samples), cpu: cpuSec(m.pid) - cpu0 });
  };
  // Warm-up: every agent signs in to its queues (ready) once, unmeasured.
  await Promise.all(
    clients.map((c, i) => {
      const got = awaitState(c, 'ready');
      c.ws.send(JSON.stringify({ type: 'agent', state: 'ready' }));
      state[i] = 'ready';
      return got;
    }),
  );

  await timed('agent command → own state, one at a time', async () => {
    const out: number[] = [];
    for (let r = 0; r < Number(args.rounds); r++) {
      const i = (r * 7) % SOCKETS;
      const c = clients[i] as Client;
      const next = flip(i);
      const got = awaitState(c, next);
      const sent = performance.now();
      c.ws.send(
        JSON.stringify({ type: 'agent', id: `r${r}`, state: next, ...(next === 'busy' ? { reason: 'rest' } : {}) }),
      );
      state[i] = next;
      out.push((await got) - sent);
    }
    return out;
  });

  const lastOfBurst: number[] = [];
  await timed(`agent command → own state, all ${SOCKETS} at once`, async () => {
    const out: number[] = [];
    for (let b = 0; b < Number(args.bursts); b++) {
      const sent = new Array<number>(SOCKETS);
      const got = clients.map((c, i) => awaitState(c, flip(i)));
      const first = performance.now();
      clients.forEach((c, i) => {
        const next = flip(i);
        sent[i] = performance.now();
        c.ws.send(JSON.stringify({ type: 'agent', state: next, ...(next === 'busy' ? { reason: 'rest' } : {}) }));
        state[i] = next;
      });
      const ats = await Promise.all(got);
      for (const [i, at] of ats.entries()) out.push(at - (sent[i] as number));
      lastOfBurst.push(Math.max(...ats) - first);
      await sleep(200);
    }
    return out;
  });
  rows.push({
    target: t.name,
    kase: `  the last of the ${SOCKETS} (from the first send)`,
    s: stats(lastOfBurst),
    cpu: Number.NaN,
  });

  await timed('PUT /api/agent/state → own state, one at a time', async () => {
    const out: number[] = [];
    for (let r = 0; r < Number(args.http); r++) {
      const i = (r * 11 + 3) % SOCKETS;
      const next = flip(i);
      const got = awaitState(clients[i] as Client, next);
      const sent = performance.now();
      await t.setState(i, next);
      state[i] = next;
      out.push((await got) - sent);
    }
    return out;
  });

  const lastOfBroadcast: number[] = [];
  await timed(`broadcast (voicemail count) → each of ${SOCKETS} sockets`, async () => {
    const out: number[] = [];
    for (let r = 0; r < Number(args.broadcasts); r++) {
      const got = clients.map((c) => awaitCount(c));
      const sent = performance.now();
      await t.broadcast(r);
      const ats = await Promise.all(got);
      for (const at of ats) out.push(at - sent);
      lastOfBroadcast.push(Math.max(...ats) - sent);
      await sleep(100);
    }
    return out;
  });
  rows.push({ target: t.name, kase: `  the last of the ${SOCKETS}`, s: stats(lastOfBroadcast), cpu: Number.NaN });

  for (const c of clients) c.ws.close();
  return { rows, memIdle };
}

async function main(): Promise<void> {
  installCleanup();
  const here = import.meta.filename;
  const dir = mkdtempSync(join(tmpdir(), 'bench-cti-run-'));
  const results: Row[] = [];
  const notes: string[] = [];
  const targets = args.targets.split(',');
  process.stdout.write(
    `${new Date().toISOString().slice(0, 10)}, cores: ${availableParallelism()} (${cpus()[0]?.model ?? '?'}), ` +
      `node ${process.version}, load average ${loadavg()[0]?.toFixed(1)}\n`,
  );
  for (const name of targets) {
    const out = join(dir, `${name}.json`);
    const role = name === 'peer' ? ['--peer'] : name === 'server-pg' ? ['--serve', '--pg'] : ['--serve'];
    const port = name === 'peer' ? PORT + 1 : name === 'server-pg' ? PORT + 2 : PORT;
    // BENCH_SERVER_NODE_ARGS adds node options to the server, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof".
    const extra = (name === 'peer' ? '' : (process.env.BENCH_SERVER_NODE_ARGS ?? '')).split(/\s+/).filter(Boolean);
    const m = start(
      name,
      process.execPath,
      [
        ...extra,
        '--import',
        'tsx',
        here,
        ...role,
        '--out',
        out,
        '--port',
        String(port),
        '--sockets',
        String(SOCKETS),
        '--queues',
        String(QUEUES),
      ],
      { cwd: join(import.meta.dirname, '..') },
    );
    try {
      await waitFor(m, /ready \d+/, 900_000);
      const base = `http://${HOST}:${port}`;
      let target: Target;
      if (name === 'peer') {
        const put = async (path: string, body: unknown) => {
          const res = await fetch(`${base}${path}`, { method: 'PUT', body: JSON.stringify(body) });
          await res.text();
        };
        target = {
          name,
          url: (i) => `ws://${HOST}:${port}/api/live?agent=${i}`,
          headers: () => ({}),
          setState: (i, state) => put(`/agent/${i}`, { state }),
          broadcast: (r) => put('/broadcast', { read: r % 2 === 0 }),
        };
      } else {
        const setup = JSON.parse(readFileSync(out, 'utf8')) as Setup;
        notes.push(
          `${name} set-up (enterprise, ${SOCKETS} agents in ${QUEUES} queues, sign-ins): ${fixed(setup.setupSec, 0)} s`,
        );
        const put = async (who: { cookie: string; csrf: string }, path: string, body: unknown) => {
          const res = await fetch(`${base}${path}`, {
            method: 'PUT',
            headers: { cookie: who.cookie, 'x-csrf-token': who.csrf, 'content-type': 'application/json' },
            body: JSON.stringify(body),
          });
          const text = await res.text();
          if (res.status !== 200) throw new Error(`PUT ${path} -> ${res.status} ${text}`);
        };
        target = {
          name,
          url: () => `ws://${HOST}:${port}/api/live`,
          headers: (i) => ({ cookie: setup.agents[i]?.cookie ?? '' }),
          setState: (i, state) =>
            put(
              setup.agents[i] as Setup['admin'],
              '/api/agent/state',
              state === 'busy' ? { state, reason: 'rest' } : { state },
            ),
          broadcast: (r) => put(setup.admin, `/api/voicemail/messages/${setup.messageId}/read`, { read: r % 2 === 0 }),
        };
      }
      const { rows, memIdle } = await measure(target, m);
      results.push(...rows);
      const end = memory(m.pid);
      notes.push(
        `${name} RSS: ${fixed(memIdle.rss, 0)} MiB with ${SOCKETS} sockets idle, ${fixed(end.rss, 0)} MiB after the runs ` +
          `(peak ${fixed(end.hwm, 0)} MiB)`,
      );
    } catch (err) {
      notes.push(`${name}: failed: ${err instanceof Error ? err.message : String(err)}`);
      process.stdout.write(
        `${name}: failed: ${err instanceof Error ? err.stack : String(err)}\n${m.output().slice(-2000)}\n`,
      );
    } finally {
      await stop(m, 8000);
    }
  }
  rmSync(dir, { recursive: true, force: true });

  const peerOf = (r: Row) => results.find((x) => x.target === 'peer' && x.kase === r.kase);
  const body = results.map((r) => {
    const p = r.target === 'peer' ? undefined : peerOf(r);
    return [
      r.target,
      r.kase,
      r.s.n,
      fixed(r.s.p50, 2),
      fixed(r.s.p95, 2),
      fixed(r.s.p99, 2),
      fixed(r.s.max, 1),
      fixed(r.cpu, 1),
      p ? `${fixed(r.s.p99 / p.s.p99, 1)}×` : '',
    ];
  });
  process.stdout.write(
    `\n${SOCKETS} WebSockets on /api/live (agent-state + voicemail-count), ${QUEUES} queues of ${Math.ceil(SOCKETS / QUEUES)}; ` +
      'times in ms on the client side (send → message received); target of issue 13: p99 < 100 ms\n\n' +
      table(['target', 'case', 'n', 'p50', 'p95', 'p99', 'max', 'cpu s', 'p99/peer'], body) +
      `\n${notes.join('\n')}\n`,
  );
}

if (args.serve) await serve();
else if (args.peer) await peer();
else await main();
