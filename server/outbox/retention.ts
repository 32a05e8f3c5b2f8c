import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';

/** Rows deleted per statement, so a first prune of a large backlog takes no long lock. */
const BATCH = 5_000;

/**
 * Deletes what is finished and older than `days`: outbox jobs done that long
 * ago, and webhook deliveries delivered or failed with their last attempt
 * that long ago (each keeps a full copy of its event's data). Pending
 * deliveries and jobs still to run are never touched. Safe to run from every
 * process at once. Returns how many rows of each went.
 */
export async function pruneFinished(db: Kysely<DB>, days: number): Promise<{ outbox: number; deliveries: number }> {
  const cutoff = sql`now() - make_interval(days => ${days})`;
  const drain = async (del: () => Promise<number>) => {
    let total = 0;
    let n: number;
    do {
      n = await del();
      total += n;
    } while (n === BATCH);
    return total;
  };
  const outbox = await drain(async () => {
    const r = await sql`
      delete from outbox where id in (select id from outbox where done_at < ${cutoff} limit ${BATCH})`.execute(db);
    return Number(r.numAffectedRows ?? 0);
  });
  const deliveries = await drain(async () => {
    const r = await sql`
      delete from webhook_deliveries where id in (
        select id from webhook_deliveries
        where status in ('delivered', 'failed') and coalesce(last_attempt_at, created_at) < ${cutoff} limit ${BATCH})`.execute(db);
    return Number(r.numAffectedRows ?? 0);
  });
  return { outbox, deliveries };
}
