import { PGlite } from '@electric-sql/pglite';
import { sql } from 'drizzle-orm';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import { openDatabase } from '../apps/server/src/db/client.ts';

/*
 * Does a database made by an earlier release upgrade cleanly? Runs that release's migrations (a copy of its
 * apps/server/drizzle) on a fresh PGlite folder and a fresh PostgreSQL database (CC_TEST_PG_URL's server), writes a
 * call record, then opens both with this release (its migrations run) and checks the row and the new column.
 *   git archive <old-commit> apps/server/drizzle | tar -x -C /tmp/old
 *   npx tsx scripts/check-upgrade.mts /tmp/old/apps/server/drizzle
 */
const OLD = process.argv[2] ?? '/tmp/old/apps/server/drizzle';
const seed = async (db: { execute: (q: ReturnType<typeof sql>) => Promise<unknown> }) => {
  await db.execute(
    sql`insert into tenants (id, account, name) values ('00000000-0000-0000-0000-0000000000a1', 'upg', '升级')`,
  );
  await db.execute(sql`insert into call_records (id, tenant_id, call_id, caller, callee, direction, started_at, state)
    values ('00000000-0000-0000-0000-0000000000c1', '00000000-0000-0000-0000-0000000000a1', 'old-call', '13900000001', '1001', 'inbound', now(), 'ended')`);
};
const check = async (db: { execute: (q: ReturnType<typeof sql>) => Promise<unknown> }, what: string) => {
  const r = (await db.execute(sql`select call_id, satisfaction from call_records`)) as { rows: unknown[] };
  console.log(what, JSON.stringify(r.rows));
  await db.execute(sql`update call_records set satisfaction = 5 where call_id = 'old-call'`);
  try {
    await db.execute(sql`update call_records set satisfaction = 9 where call_id = 'old-call'`);
    console.log(what, 'CHECK MISSING');
  } catch {
    console.log(what, 'check constraint refuses 9');
  }
};

// PGlite: the previous release's migrations, a row, then this release's openDatabase on the same folder.
const dir = `/tmp/upg-${Date.now()}`;
(await import('node:fs')).mkdirSync(`${dir}/pglite`, { recursive: true });
const oldClient = await PGlite.create(`${dir}/pglite`);
const oldDb = drizzlePglite(oldClient);
await migratePglite(oldDb, { migrationsFolder: OLD });
await seed(oldDb);
await oldClient.close();
const now = await openDatabase({ dataDir: dir });
await check(now.db as never, 'pglite');
await now.close();

// PostgreSQL: the same on a fresh database.
const base = process.env.CC_TEST_PG_URL ?? 'postgres://hujiao_test:hujiao_test@127.0.0.1:5432/postgres';
const admin = new pg.Client({ connectionString: base });
await admin.connect();
const name = `upg_${Date.now()}`;
await admin.query(`create database ${name}`);
const url = base.replace(/\/[^/]*$/, `/${name}`);
const pool = new pg.Pool({ connectionString: url });
const oldPg = drizzlePg(pool);
await migratePg(oldPg, { migrationsFolder: OLD });
await seed(oldPg);
await pool.end();
const nowPg = await openDatabase({ url });
await check(nowPg.db as never, 'postgres');
await nowPg.close();
await admin.query(`drop database ${name}`);
await admin.end();
