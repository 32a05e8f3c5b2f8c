import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { PGlitePool, pgliteParsers } from './pglite-pool.ts';
import type { DB } from './schema.ts';
import { migrate } from './migrate.ts';

export type DbKind = 'pglite' | 'postgres';

/** One handle over either engine; code above this folder never asks which. */
export interface Database {
  readonly kind: DbKind;
  readonly db: Kysely<DB>;
  close(): Promise<void>;
}

export interface OpenOptions {
  /** postgres://... selects PostgreSQL; otherwise PGlite in `dataDir` (or memory when undefined). */
  databaseUrl?: string;
  dataDir?: string;
  poolSize?: number;
  migrate?: boolean;
}

const pgTypes = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 || oid === 1700) return (v: string) => Number(v);
    return pg.types.getTypeParser(oid, format as 'text');
  },
};

/** Opens the database, and applies pending migrations unless told not to. */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  const database = opts.databaseUrl ? openPostgres(opts.databaseUrl, opts.poolSize ?? 10) : await openPGlite(opts.dataDir);
  if (opts.migrate !== false) await migrate(database);
  return database;
}

function openPostgres(url: string, max: number): Database {
  const pool = new pg.Pool({ connectionString: url, max, types: pgTypes, connectionTimeoutMillis: 5000 });
  // An idle client losing its server (restart, outage) must not crash the process.
  pool.on('error', () => {});
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool }) });
  return {
    kind: 'postgres',
    db,
    close: () => db.destroy(),
  };
}

async function openPGlite(dataDir?: string): Promise<Database> {
  // Loaded on demand: a PostgreSQL deployment never pays for the WASM engine's memory.
  const { PGlite } = await import('@electric-sql/pglite');
  const pglite = await PGlite.create({ dataDir, parsers: pgliteParsers });
  const pool = new PGlitePool(pglite);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: pool as unknown as pg.Pool }) });
  return {
    kind: 'pglite',
    db,
    close: () => db.destroy(),
  };
}

export { sql };
