/**
 * CRM at scale: generates a CSV of N customers (default 1,000,000), imports it through the import service (not
 * HTTP; the same code path as POST /api/customers/import) on PGlite and on PostgreSQL, spreads the customers over
 * 10 agents, then measures list queries at that size (p50/p95 over repeated runs, total count included as the
 * console asks for it). Prints the core count and the figures; asserts nothing.
 *
 *   npx tsx bench/crm-import.ts [--rows 1000000] [--runs 100] [--targets pglite,postgres]
 *   CC_IMPORT_BATCH_ROWS is passed on (rows per import transaction).
 *   PostgreSQL: BENCH_PG_URL (default postgres://hujiao_test:hujiao_test@127.0.0.1:5432/postgres); a database is
 *   created and dropped.
 */
import { randomBytes } from 'node:crypto';
import { copyFileSync, createWriteStream, mkdtempSync, rmSync, statSync } from 'node:fs';
import { availableParallelism, cpus, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
// The server's Fastify plugin augmentations, which its route files (type-checked through services.ts) rely on.
import type {} from '@fastify/cookie';
import type {} from '@fastify/multipart';
import { TENANT_PERMISSIONS } from '@hujiao/shared';
import { sql } from 'drizzle-orm';
import pg from 'pg';
import { loadConfig } from '../apps/server/src/config.ts';
import { openDatabase } from '../apps/server/src/db/client.ts';
import type { Actor } from '../apps/server/src/http/actor.ts';
import { createServices } from '../apps/server/src/services.ts';
import { bootstrapBench } from './lib/crm-setup.ts';
import { fixed, table } from './lib/table.ts';

const { values: args } = parseArgs({
  options: {
    rows: { type: 'string', default: '1000000' },
    runs: { type: 'string', default: '100' },
    targets: { type: 'string', default: 'pglite,postgres' },
  },
});
const ROWS = Number(args.rows);
const RUNS = Number(args.runs);
const PG_URL = process.env.BENCH_PG_URL ?? 'postgres://hujiao_test:hujiao_test@127.0.0.1:5432/postgres';

const SURNAMES = '王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗'.split('');
const SOURCES = ['呼入', '外呼', '网站', '转介绍'];
const STATUSES = ['新客户', '跟进中', '有意向', '未接通'];
const TAGS = ['VIP', '重要', '潜在', '老客户', '华东', '华南'];

async function writeCsv(path: string, rows: number): Promise<void> {
  const out = createWriteStream(path);
  const write = (s: string) => (out.write(s) ? Promise.resolve() : new Promise<void>((r) => out.once('drain', r)));
  await write('\uFEFF姓名,电话,公司,邮箱,来源,标签,跟进状态,备注\n');
  let chunk = '';
  for (let i = 0; i < rows; i++) {
    const phone = `1${3 + (i % 7)}${String(i).padStart(9, '0')}`;
    const name = `${SURNAMES[i % SURNAMES.length]}客户${i}`;
    chunk += `${name},${phone},公司${i % 5000},c${i}@example.com,${SOURCES[i % 4]},"${TAGS[i % 6]},${TAGS[(i >> 3) % 6]}",${STATUSES[i % 4]},备注${i}\n`;
    if (chunk.length > 1 << 16) {
      await write(chunk);
      chunk = '';
    }
  }
  await write(chunk);
  await new Promise<void>((resolve) => out.end(resolve));
}

function pct(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

interface Figures {
  target: string;
  importS: number;
  rowsPerS: number;
  created: number;
  failed: number;
  queries: Array<{ name: string; p50: number; p95: number; total: string }>;
}

async function runTarget(target: 'pglite' | 'postgres', csv: string): Promise<Figures> {
  const dataDir = mkdtempSync(join(tmpdir(), `bench-crm-${target}-`));
  let dbName: string | undefined;
  let url: string | undefined;
  if (target === 'postgres') {
    dbName = `hj_bench_${randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: PG_URL });
    await admin.connect();
    await admin.query(`create database ${dbName}`);
    await admin.end();
    const u = new URL(PG_URL);
    u.pathname = `/${dbName}`;
    url = u.toString();
  }
  const config = loadConfig({
    CC_DATA_DIR: dataDir,
    CC_ADMIN_PASSWORD: 'Bench#2026x',
    CC_LOG_LEVEL: 'warn',
    ...(url ? { CC_DATABASE_URL: url } : {}),
    ...(process.env.CC_IMPORT_BATCH_ROWS ? { CC_IMPORT_BATCH_ROWS: process.env.CC_IMPORT_BATCH_ROWS } : {}),
  });
  const database = await openDatabase({ url: config.databaseUrl, dataDir: config.dataDir });
  try {
    const services = createServices(database.db, config);
    const { tenantId, adminId, agentIds } = await bootstrapBench(services, config);
    const actor = (userId: string, permissions: Iterable<string>): Actor => ({
      userId,
      tenantId,
      isPlatform: false,
      name: 'bench',
      permissions: new Set(permissions),
      via: 'token',
      ip: '127.0.0.1',
    });
    const admin = await services.viewers.of(actor(adminId, TENANT_PERMISSIONS));

    // ---- import ----
    const copy = join(dataDir, 'import.csv');
    copyFileSync(csv, copy);
    const started = performance.now();
    const job = await services.imports.start(
      admin,
      { path: copy, fileName: 'bench.csv', format: 'csv' },
      {
        dedup: 'skip',
        blacklist: 'flag',
        batch: 'BENCH',
      },
    );
    await services.imports.idle();
    const importS = (performance.now() - started) / 1000;
    const done = await services.imports.get(tenantId, job.id);
    if (done.status !== 'succeeded') throw new Error(`import ${done.status}: ${done.error}`);

    // ---- spread over 10 agents (setup, not measured) ----
    const ids = sql.join(
      agentIds.map((a) => sql`${a}::uuid`),
      sql`, `,
    );
    await database.db.execute(
      sql`update customers set owner_id = (array[${ids}])[1 + (abs(hashtext(id::text)) % ${agentIds.length})]
        where tenant_id = ${tenantId}`,
    );
    // Steady state (what autovacuum reaches after a bulk load): visibility map set, statistics current.
    await database.db.execute(sql`vacuum analyze customers`);
    await database.db.execute(sql`vacuum analyze customer_phones`);

    const agentId = agentIds[0] as string;
    const agent = await services.viewers.of(actor(agentId, ['customer:view']));
    const base = { page: 1, pageSize: 20, sort: 'createdAt' as const, order: 'desc' as const };
    const cases: Array<{ name: string; run: () => Promise<{ total: number; totalCapped?: boolean }> }> = [
      { name: 'agent: own customers (1/10), newest first', run: () => services.customers.list(agent, base) },
      {
        name: 'agent: own + 跟进状态 filter',
        run: () => services.customers.list(agent, { ...base, followUpStatus: 'interested' }),
      },
      {
        name: 'agent: own, page 50',
        run: () => services.customers.list(agent, { ...base, page: 50 }),
      },
      {
        name: 'admin: tags VIP+重要 + batch',
        run: () => services.customers.list(admin, { ...base, tags: ['VIP', '重要'], importBatch: 'BENCH' }),
      },
      {
        name: 'admin: owner + status filter',
        run: () => services.customers.list(admin, { ...base, ownerId: agentId, followUpStatus: 'following' }),
      },
      {
        name: 'admin: keyword = a whole phone number',
        run: () => services.customers.list(admin, { ...base, keyword: '14000000001' }),
      },
      {
        name: 'screen pop: by phone',
        run: async () => ({ total: (await services.customers.byPhone(admin, '14000000001')).customers.length }),
      },
    ];
    const queries: Figures['queries'] = [];
    for (const c of cases) {
      let total = '';
      for (let i = 0; i < 3; i++) {
        const r = await c.run(); // warm-up
        total = `${r.total}${r.totalCapped ? '+' : ''}`;
      }
      const times: number[] = [];
      for (let i = 0; i < RUNS; i++) {
        const t0 = performance.now();
        await c.run();
        times.push(performance.now() - t0);
      }
      times.sort((a, b) => a - b);
      queries.push({ name: c.name, p50: pct(times, 50), p95: pct(times, 95), total });
    }
    return { target, importS, rowsPerS: done.total / importS, created: done.created, failed: done.failed, queries };
  } finally {
    await database.close();
    rmSync(dataDir, { recursive: true, force: true });
    if (dbName) {
      const admin = new pg.Client({ connectionString: PG_URL });
      await admin.connect();
      await admin.query(`drop database if exists ${dbName} with (force)`);
      await admin.end();
    }
  }
}

async function main() {
  const dir = mkdtempSync(join(tmpdir(), 'bench-crm-'));
  const csv = join(dir, 'customers.csv');
  const t0 = performance.now();
  await writeCsv(csv, ROWS);
  const mb = statSync(csv).size / 1024 / 1024;
  process.stdout.write(
    `CRM bench: ${ROWS.toLocaleString()} rows, ${fixed(mb)} MB CSV (generated in ${fixed((performance.now() - t0) / 1000)} s)\n` +
      `cores: ${availableParallelism()} (${cpus()[0]?.model ?? '?'}), node ${process.version}\n\n`,
  );
  const results: Figures[] = [];
  for (const target of (args.targets ?? '').split(',') as Array<'pglite' | 'postgres'>) {
    process.stdout.write(`${target}: importing...\n`);
    const f = await runTarget(target, csv);
    results.push(f);
    process.stdout.write(
      `${target}: import ${fixed(f.importS)} s (${fixed(f.rowsPerS, 0)} rows/s), created ${f.created}, failed ${f.failed}\n` +
        table(
          ['query', 'p50 ms', 'p95 ms', 'total'],
          f.queries.map((q) => [q.name, fixed(q.p50), fixed(q.p95), q.total]),
        ) +
        '\n',
    );
  }
  rmSync(dir, { recursive: true, force: true });
  process.stdout.write(
    `summary (targets: import < 60 s, list p95 < 100 ms on PostgreSQL)\n${table(
      ['target', 'import s', 'worst list p95 ms'],
      results.map((r) => [r.target, fixed(r.importS), fixed(Math.max(...r.queries.map((q) => q.p95)))]),
    )}`,
  );
}

main().catch((err: unknown) => {
  process.stderr.write(`crm-import bench failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
});
