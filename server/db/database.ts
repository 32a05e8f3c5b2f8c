import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { existsSync, mkdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { Kysely, PostgresDialect, sql } from 'kysely';
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { PGlitePool, pgliteParsers } from './pglite-pool.ts';
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
  const database = opts.databaseUrl ? openPostgres(opts.databaseUrl, opts.poolSize ?? 10) : await openPGlite(opts.dataDir);
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

async function openPGlite(dataDir?: string): Promise<Database> {
  // Loaded on demand: a PostgreSQL deployment never pays for the WASM engine's memory.
  const { PGlite, MemoryFS } = await import('@electric-sql/pglite');
  // A plain folder (not memory://, idb:// ...): the one case initdb writes to disk.
  const folder = dataDir && !dataDir.includes('://') ? dataDir : undefined;
  const fresh = folder !== undefined && !existsSync(join(folder, 'PG_VERSION'));
  const pglite = await PGlite.create({
    dataDir,
    fs: folder ? folderFs(MemoryFS, PGlite.paths.PGDATA, folder) : undefined,
    parsers: pgliteParsers,
    // Shared buffers live in the WASM heap, which never gives memory back: at
    // PostgreSQL's default 128 MB they alone fill ~130 MB of resident memory once
    // a big import or export has cycled through them. Pages beyond these 16 MB are
    // read from and written to the data folder's files (the OS page cache), as in
    // any PostgreSQL. Durability is unchanged: PGlite's own start flags (fsync off)
    // are kept, and a commit still writes its WAL before it returns.
    startParams: [...PGlite.defaultStartParams, '-c', 'shared_buffers=16MB'],
    initDbStartParams: ['--set', 'shared_buffers=16MB'],
  });
  // initdb's inner instance is garbage now, ~250 MB of it, but V8 may not run a
  // full collection for minutes and would carry it into the first import.
  if (fresh) await collectGarbageOnce();
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

/**
 * PGlite's NodeFS (the data folder mounted with Emscripten's NODEFS at PGDATA),
 * declared as a MemoryFS. On a fresh folder PGlite.create runs initdb in a second,
 * inner PGlite instance (its own >= 128 MB WASM heap plus a 128 MB copy of it).
 * For a MemoryFS the inner instance writes straight into this instance's PGDATA;
 * for any other filesystem it builds the cluster in memory, tars it and unpacks
 * the tar here, ~200 MB more peak RSS (0.5.16). Otherwise this is NodeFS: the
 * same mount, the same close. Should PGlite drop that branch, this still works as
 * NodeFS, only with the higher first-start peak.
 */
function folderFs(MemoryFS: typeof import('@electric-sql/pglite').MemoryFS, pgdata: string, folder: string) {
  const root = resolve(folder);
  mkdirSync(root, { recursive: true });
  return new (class extends MemoryFS {
    override async init(...args: Parameters<InstanceType<typeof MemoryFS>['init']>) {
      const { emscriptenOpts } = await super.init(...args);
      const mountFolder = (mod: { FS: any; NODEFS: unknown }) => {
        mod.FS.mkdirTree(pgdata);
        mod.FS.mount(mod.NODEFS, { root }, pgdata);
      };
      return { emscriptenOpts: { ...emscriptenOpts, preRun: [...(emscriptenOpts.preRun ?? []), mountFolder] } };
    }
  })();
}

/** One full garbage collection, without running the whole process with --expose-gc. */
async function collectGarbageOnce() {
  await new Promise((r) => setImmediate(r)); // PGlite.create's last references to the inner instance go with this turn
  setFlagsFromString('--expose-gc');
  try {
    (runInNewContext('gc') as () => void)();
  } finally {
    setFlagsFromString('--no-expose-gc');
  }
}

export { sql };
