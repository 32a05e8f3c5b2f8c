import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema.ts';
import { KeyedThrottle } from '../../throttle.ts';

/**
 * Frees the slots of expired leases in a project: marks claims `expired` and
 * gives their capacity back to the task (`active - n`), or, for a review
 * lease, puts the task back in the review queue.
 *
 * The race it guards: several processes reaping at once. Each locks the
 * claims it reaps with SKIP LOCKED, so a claim is reaped once, and a claim
 * being submitted right now (row locked by the submit) is left to the submit.
 * Cheap when nothing expired: a range scan of a partial index.
 */
export async function reapExpiredClaims(db: Kysely<DB>, projectId: number, limit = 500): Promise<number> {
  const res = await sql<{ n: number }>`
    with expired as (
      select id from claims
      where project_id = ${projectId} and status = 'active' and lease_until < now()
      order by id
      limit ${limit}
      for update skip locked
    ), marked as (
      update claims c set status = 'expired', updated_at = now()
      from expired e
      where c.id = e.id
      returning c.task_id, c.stage
    ), freed as (
      update tasks t set active = t.active - m.n, updated_at = now()
      from (select task_id, count(*)::int as n from marked where stage = 'label' group by task_id) m
      where t.id = m.task_id
      returning 1
    ), unreviewed as (
      -- A review lease holds the task by status, not by the counters: give it back to the review queue.
      update tasks t set status = 'review', updated_at = now()
      from marked m
      where m.stage = 'review' and t.id = m.task_id and t.status = 'reviewing'
      returning 1
    )
    select count(*)::int as n from marked`.execute(db);
  return res.rows[0]?.n ?? 0;
}

/** How often one process reaps a project on the claim path when the queue is not empty. */
export const REAP_INTERVAL_MS = 1_000;
const reapThrottle = new KeyedThrottle(REAP_INTERVAL_MS);

/**
 * Reaps a project at most once per REAP_INTERVAL_MS per process, or at once
 * with `force` (the claim path forces it before answering "nothing left", so
 * an expired slot is never hidden from a claimer). Saves a statement on most
 * claims; expired slots are freed within a second under load.
 */
export async function reapIfDue(db: Kysely<DB>, projectId: number, force = false, conn: Kysely<DB> = db): Promise<void> {
  // The throttle is per database (`db`); the statement runs on `conn`, the caller's connection when it holds one.
  if (reapThrottle.take(db, projectId, force)) await reapExpiredClaims(conn, projectId);
}
