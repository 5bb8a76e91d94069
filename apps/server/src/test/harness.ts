import { randomBytes } from 'node:crypto';
import pg from 'pg';
import { type App, buildApp } from '../app.ts';
import { ensurePlatformAdmin } from '../bootstrap.ts';
import { loadConfig } from '../config.ts';
import { type Database, openDatabase } from '../db/client.ts';
import { createLogger } from '../logger.ts';
import type { CallRecordInsert } from '../modules/call-record/index.ts';
import type { ServiceOptions } from '../services.ts';

export const ADMIN_PASSWORD = 'Platform#2026';
/** Where CC_TEST_DATABASE=postgres suites create their own database (trust auth on loopback). */
const PG_ADMIN_URL = process.env.CC_TEST_PG_URL ?? 'postgres://hujiao_test:hujiao_test@127.0.0.1:5432/postgres';

export interface TestApp extends App {
  database: Database;
  close(): Promise<void>;
}

async function openTestDatabase(): Promise<{ database: Database; drop: () => Promise<void> }> {
  if (process.env.CC_TEST_DATABASE !== 'postgres') {
    return { database: await openDatabase({ dataDir: 'memory://' }), drop: async () => {} };
  }
  const name = `hj_test_${randomBytes(6).toString('hex')}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  const database = await openDatabase({ url: url.toString() });
  return {
    database,
    drop: async () => {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** A whole server (no socket) on a fresh database, with the platform admin created. */
export async function createTestApp(env: Record<string, string> = {}, services?: ServiceOptions): Promise<TestApp> {
  const config = loadConfig({
    CC_LOG_LEVEL: 'silent',
    CC_ADMIN_PASSWORD: ADMIN_PASSWORD,
    CC_WEB_DIR: '/nonexistent',
    ...env,
  });
  const { database, drop } = await openTestDatabase();
  const built = await buildApp({ config, database, logger: createLogger(config), services });
  await built.app.ready();
  await ensurePlatformAdmin(built.services, config);
  return {
    ...built,
    database,
    close: async () => {
      await built.services.telephony.stop();
      await built.app.close();
      await database.close();
      await drop();
    },
  };
}

export interface Reply<T = unknown> {
  status: number;
  body: T;
}

/** A signed-in browser: keeps the session cookie and sends the CSRF header, like the web console. */
export class Session {
  cookie = '';
  csrf = '';
  constructor(
    private readonly app: App['app'],
    readonly locale = 'zh-CN',
  ) {}

  async login(mode: 'account' | 'agent' | 'mobile', account: string, password: string): Promise<Reply> {
    const res = await this.app.inject({
      method: 'POST',
      url: '/api/auth/login',
      payload: { mode, account, password },
      headers: { 'accept-language': this.locale },
    });
    const setCookie = res.cookies.find((c) => c.name === 'hj_sid');
    if (setCookie) this.cookie = `hj_sid=${setCookie.value}`;
    const body = res.json();
    if (res.statusCode === 200) this.csrf = body.csrfToken;
    return { status: res.statusCode, body };
  }

  async call<T = unknown>(
    method: string,
    url: string,
    payload?: unknown,
    extra: Record<string, string> = {},
  ): Promise<Reply<T>> {
    const headers: Record<string, string> = { 'accept-language': this.locale, ...extra };
    if (this.cookie) headers.cookie = this.cookie;
    if (this.csrf) headers['x-csrf-token'] = this.csrf;
    const res = await this.app.inject({ method: method as 'GET', url, payload: payload as object, headers });
    const isJson = String(res.headers['content-type'] ?? '').includes('json');
    return { status: res.statusCode, body: (isJson ? res.json() : res.body) as T };
  }

  /** Like call, but fails loudly unless the answer is 200. */
  async ok<T = Record<string, unknown>>(method: string, url: string, payload?: unknown): Promise<T> {
    const res = await this.call<T>(method, url, payload);
    if (res.status !== 200) throw new Error(`${method} ${url} -> ${res.status} ${JSON.stringify(res.body)}`);
    return res.body;
  }
}

export async function platformAdmin(t: TestApp): Promise<Session> {
  const s = new Session(t.app);
  const res = await s.login('account', 'admin', ADMIN_PASSWORD);
  if (res.status !== 200) throw new Error(`platform admin login failed: ${JSON.stringify(res.body)}`);
  return s;
}

/** Creates an enterprise through the API and returns its admin's session. */
export async function createEnterprise(t: TestApp, platform: Session, account: string, maxAgents = 50) {
  const tenant = await platform.ok<{ id: string }>('POST', '/api/tenants', {
    account,
    name: `${account} 企业`,
    adminPassword: 'Admin#2026x',
    maxAgents,
  });
  const admin = new Session(t.app);
  const res = await admin.login('account', account, 'Admin#2026x');
  if (res.status !== 200) throw new Error(`enterprise admin login failed: ${JSON.stringify(res.body)}`);
  return { tenantId: tenant.id, admin };
}

/** A finished call as the switch would report it, for tests that need call records without a call. */
export function callRecordOf(tenantId: string, callId: string, over: Partial<CallRecordInsert> = {}): CallRecordInsert {
  const startedAt = new Date(Date.now() - 60_000);
  return {
    tenantId,
    callId,
    caller: '1001',
    callee: '1002',
    direction: 'internal',
    startedAt,
    answeredAt: new Date(startedAt.getTime() + 5_000),
    endedAt: new Date(startedAt.getTime() + 35_000),
    durationSec: 35,
    billedSec: 30,
    hangupCause: 'normal',
    hangupSide: 'caller',
    recordingPath: null,
    legs: [],
    ...over,
  };
}
