import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../schema.ts';

/**
 * The per-project lock that seals settled pay periods. Writers of pieces and
 * bonuses take it shared (they never wait on each other); settling a period
 * takes it exclusive, so it waits for every in-flight writer to commit and
 * holds back new ones until it commits.
 */
export function payLockKey(projectId: number) {
  return sql`hashtextextended(${`tally:pay:${projectId}`}, 0)`;
}

export interface PayEntry {
  orgId: number;
  userId: number;
  projectId: number;
  annotationId: number | null;
  kind: 'piece' | 'bonus';
  amountMinor: number;
  currency: string;
  activeMs: number;
}

/**
 * Writes a piece (from a submit, in its transaction) or a bonus, in one
 * statement.
 *
 * The race it guards: a settlement missing an entry of the period it settles.
 * The entry's time is read with clock_timestamp() *after* the shared pay lock
 * is granted (the FROM subquery runs before the select list), not the
 * transaction's start time. A settlement holds the lock exclusive from before
 * it checks `to <= clock_timestamp()` until it commits, so an entry either
 * committed before the settlement read the ledger, or is stamped after the
 * period's end: it can never land, late, inside a settled period.
 * The unique index on (annotation_id) where kind = 'piece' is the backstop
 * against paying one annotation twice.
 */
export async function recordPayEntry(db: Transaction<DB> | Kysely<DB>, e: PayEntry): Promise<{ id: number; created_at: Date }> {
  const res = await sql<{ id: number; created_at: Date }>`
    insert into pay_ledger (org_id, user_id, project_id, annotation_id, kind, amount_minor, currency, active_ms, created_at)
    select ${e.orgId}, ${e.userId}, ${e.projectId}, ${e.annotationId}, ${e.kind}, ${e.amountMinor}, ${e.currency}, ${e.activeMs}, clock_timestamp()
    from (select pg_advisory_xact_lock_shared(${payLockKey(e.projectId)})) locked
    returning id, created_at`.execute(db);
  return res.rows[0];
}
