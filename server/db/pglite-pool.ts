import { createRequire } from 'node:module';
import type { PGlite } from '@electric-sql/pglite';
import { PriorityGate } from './priority.ts';

/**
 * PGlite's CommonJS build, loaded with require() on first use (a PostgreSQL
 * deployment never pays for the WASM engine's memory). Not import(): `tally
 * serve` runs TypeScript through tsx's ESM loader hooks, and PGlite's ~1 MB of
 * ES modules passing through them left ~40 MB more resident memory (Node 20,
 * tsx 4: +46 MB vs +4 MB to load it, measured in a process set up like
 * cli/bin.js), most of the server's start-up margin under 300 MB. require() of
 * a .cjs file does not go through those hooks.
 */
export function loadPGlite(): typeof import('@electric-sql/pglite') {
  return createRequire(import.meta.url)('@electric-sql/pglite');
}

/**
 * Adapts one embedded PGlite instance to the small pool interface Kysely's
 * PostgresDialect drives (`connect() -> {query, release}`), so both databases
 * share one dialect, one query compiler and one SQL text.
 *
 * PGlite is a single connection. A transaction must own it from BEGIN to
 * COMMIT, so `connect()` hands it out under a one-permit gate: callers
 * queue instead of interleaving statements into someone else's transaction,
 * and claims go ahead of other waiters (see priority.ts). PGlite runs SQL in
 * this thread, so the turns are deferred: the event loop reads the requests
 * that arrived during one transaction before the next one starts. Without
 * that, requests ran in arrival order: at 64 annotators the claim p99 was
 * 397-510 ms instead of 20.
 */
export class PGlitePool {
  readonly #pg: PGlite;
  readonly #gate = new PriorityGate(1, 'deferred');

  constructor(pg: PGlite) {
    this.#pg = pg;
  }

  async connect(): Promise<PGliteClient> {
    await this.#gate.acquire();
    return new PGliteClient(this.#pg, () => this.#gate.release());
  }

  async end(): Promise<void> {
    await this.#gate.acquire('normal');
    await this.#pg.close();
  }
}

const COMMAND = /^\s*(insert|update|delete|merge|select|with)/i;

class PGliteClient {
  #released = false;
  constructor(
    private readonly pg: PGlite,
    private readonly releaseTurn: () => void,
  ) {}

  async query(text: string, params: unknown[] = []) {
    // A parameterless script may hold several statements (migrations): only the
    // simple protocol (exec) accepts that.
    const res =
      params.length === 0 && text.includes(';')
        ? ((await this.pg.exec(text)).at(-1) ?? { rows: [], affectedRows: 0 })
        : await this.pg.query<Record<string, unknown>>(text, params);
    const command = (COMMAND.exec(text)?.[1] ?? '').toUpperCase();
    return { command, rowCount: res.affectedRows ?? res.rows.length, rows: res.rows };
  }

  release(): void {
    if (this.#released) return;
    this.#released = true;
    this.releaseTurn();
  }
}

/** int8 and numeric as JS numbers, like the pg pool (ids stay below 2^53). */
export const pgliteParsers = {
  20: (v: string) => Number(v),
  1700: (v: string) => Number(v),
};
