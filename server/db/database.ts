import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import { PGlitePool, pgliteParsers } from './pglite-pool.ts';
import { PriorityGate } from './priority.ts';
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
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: gated(pool, max) as unknown as pg.Pool }) });
  return {
    kind: 'postgres',
    db,
    close: () => db.destroy(),
  };
}

/**
 * The pool behind a gate with as many permits as connections, so that when
 * all are busy the waiters are served claims first (priority.ts) instead of
 * in pg.Pool's own FIFO order. Each checkout holds one permit until release.
 */
function gated(pool: pg.Pool, permits: number) {
  const gate = new PriorityGate(permits);
  return {
    async connect(): Promise<pg.PoolClient> {
      await gate.acquire();
      let client: pg.PoolClient;
      try {
        client = await pool.connect();
      } catch (err) {
        gate.release();
        throw err;
      }
      const release = client.release; // pg-pool sets a fresh one at every checkout
      let released = false;
      client.release = (err?: Error | boolean) => {
        if (released) return;
        released = true;
        release.call(client, err);
        gate.release();
      };
      return client;
    },
    end: () => pool.end(),
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
