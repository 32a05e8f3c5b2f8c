import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';

/**
 * Adds a background job in the caller's transaction (the transactional
 * outbox: the job exists if and only if the change that asked for it
 * committed). With a `dedupeKey`, at most one job per key is pending: many
 * submits to one project ask for one refit.
 */
export async function enqueue(
  db: Kysely<DB> | Transaction<DB>,
  job: { kind: string; payload: unknown; dedupeKey?: string; delayMs?: number },
): Promise<void> {
  await sql`
    insert into outbox (kind, payload, dedupe_key, run_at)
    values (${job.kind}, ${JSON.stringify(job.payload)}::jsonb, ${job.dedupeKey ?? null},
            now() + make_interval(secs => ${(job.delayMs ?? 0) / 1000}))
    on conflict (dedupe_key) where done_at is null do nothing`.execute(db);
}
