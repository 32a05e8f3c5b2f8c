import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { resolve } from 'node:path';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import type { PGlite } from '@electric-sql/pglite';
import { loadPGlite, PGlitePool, pgliteParsers } from './pglite-pool.ts';
import { initdbInChild, needsInitdb, pgliteSettings } from './pglite-initdb.ts';
import { PriorityGate } from './priority.ts';
import type { DB } from './schema.ts';
import { migrate } from './migrate.ts';

export type DbKind = 'pglite' | 'postgres';

/** One handle over either engine; code above this folder never asks which. */
export interface Database {
  readonly kind: DbKind;
  readonly db: Kysely<DB>;
  /**
   * Runs `fn` in one transaction on one connection that can also bulk-load
   * with COPY. Never retried (a bulk load usually consumes a stream).
   */
  bulkTransaction<T>(fn: (tx: BulkTransaction) => Promise<T>): Promise<T>;
  close(): Promise<void>;
}

/** A transaction that can COPY: the fast way to put many rows into a table with indexes. */
export interface BulkTransaction {
  /** Queries on the transaction's connection. */
  readonly db: Kysely<DB>;
  /**
   * `COPY <target> FROM` with `text` as the data, in COPY's text format (tab
   * between columns, `\N` for null, see copyField). Returns the rows loaded.
   */
  copyFrom(target: string, text: string): Promise<number>;
}

/** The small client surface both engines' connections share (pg.PoolClient and PGliteClient). */
interface QueryClient {
  query(text: string, params?: unknown[]): Promise<unknown>;
  release(err?: Error): void;
}

/** BEGIN, `fn` with a Kysely bound to `client`, then COMMIT, or ROLLBACK on any error; the client is released either way. */
async function runBulk<T>(client: QueryClient, copyFrom: BulkTransaction['copyFrom'], fn: (tx: BulkTransaction) => Promise<T>): Promise<T> {
  const one = { connect: async () => ({ query: (text: string, params?: unknown[]) => client.query(text, params), release() {} }), end: async () => {} };
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: one as unknown as pg.Pool }) });
  let committed = false;
  try {
    await client.query('begin');
    const out = await fn({ db, copyFrom });
    await client.query('commit');
    committed = true;
    return out;
  } finally {
    // A connection whose rollback fails is broken: the pool must drop it, not reuse it.
    const clean = committed || (await client.query('rollback').then(() => true, () => false));
    client.release(clean ? undefined : new Error('rollback failed'));
  }
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
  const database = opts.databaseUrl ? openPostgres(opts.databaseUrl, opts.poolSize ?? 10) : await openPGlite(opts.dataDir, opts.migrate !== false);
  if (opts.migrate !== false) await migrate(database);
  return database;
}

function openPostgres(url: string, max: number): Database {
  const pool = new pg.Pool({ connectionString: url, max, types: pgTypes, connectionTimeoutMillis: 5000 });
  // An idle client losing its server (restart, outage) must not crash the process.
  pool.on('error', () => {});
  // A checked-out client has no pool listener: a server that ends its connection between two
  // statements (shutdown, outage) would emit an unhandled 'error' and kill the process. Its next query fails instead.
  pool.on('connect', (client) => client.on('error', () => {}));
  const connections = gated(pool, max);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: connections as unknown as pg.Pool }) });
  return {
    kind: 'postgres',
    db,
    async bulkTransaction(fn) {
      const client = await connections.connect();
      const copyFrom = async (target: string, text: string) => {
        const sink = client.query(copyStreams.from(`copy ${target} from stdin`));
        await pipeline(Readable.from([Buffer.from(text)]), sink);
        return sink.rowCount;
      };
      return runBulk(client as QueryClient, copyFrom, fn);
    },
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

async function openPGlite(dataDir: string | undefined, migrated: boolean): Promise<Database> {
  const { PGlite } = loadPGlite();
  // A plain folder (not memory://, idb:// ...) without a cluster gets one from a
  // short-lived child process, which also applies the migrations when asked, so
  // this process never holds initdb's second PGlite instance nor runs the DDL
  // (pglite-initdb.ts has the figures). In memory (tests), initdb runs
  // in-process: nothing outlives the process anyway.
  const folder = dataDir && !dataDir.includes('://') ? dataDir : undefined;
  if (folder !== undefined && needsInitdb(folder)) {
    const { peakRssMb } = await initdbInChild(folder, { migrate: migrated });
    // Said once, on the folder's first start, so a measurement of the server alone can count the child too.
    console.log(`Created a PGlite database in ${resolve(folder)} (initdb in a child process, peak RSS ${peakRssMb} MB)`);
  }
  return pgliteDatabase(await PGlite.create({ dataDir, parsers: pgliteParsers, ...pgliteSettings(PGlite) }));
}

/** One PGlite instance as a Database (also used by the initdb child to migrate a new folder). */
export function pgliteDatabase(pglite: PGlite): Database {
  const pool = new PGlitePool(pglite);
  const db = new Kysely<DB>({ dialect: new PostgresDialect({ pool: pool as unknown as pg.Pool }) });
  return {
    kind: 'pglite',
    db,
    async bulkTransaction(fn) {
      const client = await pool.connect();
      // PGlite reads COPY data from a Blob it mounts at /dev/blob.
      const copyFrom = async (target: string, text: string) =>
        (await pglite.query(`copy ${target} from '/dev/blob'`, [], { blob: new Blob([text]) })).affectedRows ?? 0;
      return runBulk(client, copyFrom, fn);
    },
    close: () => db.destroy(),
  };
}

export { sql };
