import type { Kysely, Transaction } from 'kysely';
import type { DB } from './schema.ts';
import { isRetryable } from '../errors.ts';

/**
 * Runs `fn` in a transaction, retrying the whole of it on serialization
 * failures and deadlocks (SQLSTATE 40001/40P01), which PostgreSQL may raise
 * under contention and which are safe to retry because nothing was committed.
 */
export async function inTransaction<T>(db: Kysely<DB>, fn: (trx: Transaction<DB>) => Promise<T>, attempts = 5): Promise<T> {
  for (let i = 1; ; i++) {
    try {
      return await db.transaction().execute(fn);
    } catch (err) {
      if (i >= attempts || !isRetryable(err)) throw err;
      await new Promise((r) => setTimeout(r, 5 * i + Math.random() * 10));
    }
  }
}
