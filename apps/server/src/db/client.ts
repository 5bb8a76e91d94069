import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { PGlite } from '@electric-sql/pglite';
import { drizzle as drizzlePg } from 'drizzle-orm/node-postgres';
import { migrate as migratePg } from 'drizzle-orm/node-postgres/migrator';
import type { PgDatabase, PgQueryResultHKT } from 'drizzle-orm/pg-core';
import { drizzle as drizzlePglite } from 'drizzle-orm/pglite';
import { migrate as migratePglite } from 'drizzle-orm/pglite/migrator';
import pg from 'pg';
import * as schema from './schema.ts';

export type Schema = typeof schema;
/** The common surface of the PGlite and node-postgres Drizzle databases; repositories take this. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;
export type Tx = Parameters<Parameters<Db['transaction']>[0]>[0];

export interface Database {
  db: Db;
  kind: 'pglite' | 'postgres';
  close(): Promise<void>;
}

const migrationsFolder = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../drizzle');

/**
 * Opens PostgreSQL when a URL is given, otherwise embedded PGlite in `dataDir/pglite`
 * (`memory://` for tests), then applies the committed migrations.
 */
export async function openDatabase(opts: {
  url?: string;
  dataDir?: string;
  onIdleError?: (err: Error) => void;
}): Promise<Database> {
  if (opts.url) {
    const pool = new pg.Pool({ connectionString: opts.url, max: 10 });
    // An idle connection that the server closes (restart, admin command) must not crash the process: the pool
    // drops it and the next query opens a new one.
    pool.on('error', (err) => opts.onIdleError?.(err));
    const db = drizzlePg(pool, { schema });
    await migratePg(db, { migrationsFolder });
    return { db: db as unknown as Db, kind: 'postgres', close: () => pool.end() };
  }
  let location = 'memory://';
  if (opts.dataDir && opts.dataDir !== 'memory://') {
    location = path.join(opts.dataDir, 'pglite');
    mkdirSync(location, { recursive: true });
  }
  // PostgreSQL's default 128 MB of shared buffers was ~90 MB of the idle server's memory; PGlite's files are read
  // through the operating system's page cache anyway, and large installations use PostgreSQL (CC_DATABASE_URL).
  // (A start parameter, not `postgresqlconf`: that option replaces the data folder's postgresql.conf.)
  const client = await PGlite.create(location, {
    startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=32MB'],
  });
  const db = drizzlePglite(client, { schema });
  await migratePglite(db, { migrationsFolder });
  return { db: db as unknown as Db, kind: 'pglite', close: () => client.close() };
}
