import { type ChildProcess, spawn } from 'node:child_process';
import { createServer } from 'node:net';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The real server as a child process (tsx apps/server/src/main.ts), for kill -9 tests, and a client of its API. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../../..');
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** A free TCP port on 127.0.0.1. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/** A signed-in API client (session cookie and CSRF header, like the console). */
export class Api {
  private cookie = '';
  private csrf = '';
  constructor(private readonly url: string) {}
  async login(account: string, password: string, mode: 'account' | 'agent' = 'account'): Promise<void> {
    const res = await fetch(`${this.url}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ mode, account, password }),
    });
    if (!res.ok) throw new Error(`login ${account}: ${res.status} ${await res.text()}`);
    this.cookie = (res.headers.get('set-cookie') ?? '').split(';')[0] ?? '';
    this.csrf = ((await res.json()) as { csrfToken: string }).csrfToken;
  }
  async request<T>(method: string, url: string, body?: unknown): Promise<T> {
    const res = await fetch(`${this.url}${url}`, {
      method,
      headers: {
        cookie: this.cookie,
        'x-csrf-token': this.csrf,
        ...(body === undefined ? {} : { 'content-type': 'application/json' }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${method} ${url}: ${res.status} ${await res.text()}`);
    const type = res.headers.get('content-type') ?? '';
    return (type.includes('json') ? await res.json() : Buffer.from(await res.arrayBuffer())) as T;
  }
}

/** One run of the server process on the given data directory and ports. */
export class ServerProcess {
  private child: ChildProcess | null = null;
  output = '';
  constructor(
    private readonly env: Record<string, string>,
    readonly url: string,
  ) {}

  async start(): Promise<void> {
    const child = spawn(process.execPath, ['--import', 'tsx', 'apps/server/src/main.ts'], {
      cwd: root,
      env: { ...process.env, ...this.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    this.child = child;
    child.stdout?.on('data', (d: Buffer) => {
      this.output += d.toString();
    });
    child.stderr?.on('data', (d: Buffer) => {
      this.output += d.toString();
    });
    const deadline = Date.now() + 60_000;
    for (;;) {
      if (child.exitCode !== null) throw new Error(`server exited: ${this.output}`);
      try {
        if ((await fetch(`${this.url}/api/health`)).ok) return;
      } catch {}
      if (Date.now() > deadline) throw new Error(`server did not start: ${this.output}`);
      await sleep(300);
    }
  }

  /** SIGKILL (or SIGTERM), and waits for the exit. */
  async stop(signal: 'SIGKILL' | 'SIGTERM'): Promise<void> {
    const child = this.child;
    this.child = null;
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((r) => child.once('exit', r));
    child.kill(signal);
    await Promise.race([exited, sleep(10_000)]);
  }
}

const PG_ADMIN_URL = process.env.CC_TEST_PG_URL ?? 'postgres://hujiao_test:hujiao_test@127.0.0.1:5432/postgres';

/**
 * On the PostgreSQL project (CC_TEST_DATABASE=postgres) a database of its own for one server process: its
 * CC_DATABASE_URL, and drop() for afterAll. On PGlite: no variables (the data directory holds the database).
 */
export async function processDatabase(prefix: string): Promise<{ env: Record<string, string>; drop(): Promise<void> }> {
  if (process.env.CC_TEST_DATABASE !== 'postgres') return { env: {}, drop: async () => {} };
  const { randomBytes } = await import('node:crypto');
  const pg = (await import('pg')).default;
  const name = `${prefix}_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    env: { CC_DATABASE_URL: url.toString() },
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}
