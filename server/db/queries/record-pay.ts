import { sql, type Transaction } from 'kysely';
import type { DB } from '../schema.ts';
import { errors } from '../../errors.ts';

/**
 * The per-project lock that seals settled pay periods. Writers of pieces and
 * bonuses take it shared (they never wait on each other); settling a period,
 * and changing a project's pay (PATCH), take it exclusive, so they wait for
 * every in-flight writer to commit and hold back new ones until they commit.
 */
export function payLockKey(projectId: number) {
  return sql`hashtextextended(${`tally:pay:${projectId}`}, 0)`;
}

/** One annotator's pieces in one project are written one at a time, so parallel claims cannot pay the same time twice. */
function pieceLockKey(projectId: number, userId: number) {
  return sql`hashtextextended(${`tally:pay:${projectId}:${userId}`}, 0)`;
}

export interface PayEntry {
  orgId: number;
  userId: number;
  projectId: number;
  annotationId: number | null;
  kind: 'piece' | 'bonus';
  amountMinor: number;
  currency: string;
  /** For a piece: the reported active time, already capped at the project's maxActiveMsPerTask. */
  activeMs: number;
  /**
   * For a piece: when its claim was taken. The time stored is then at most
   * the time the server saw the claim held, and at most the time since the
   * annotator's previous piece in the project (docs/pay.md, "Active time").
   */
  heldSince?: Date;
  /** For a bonus: the caller's idempotency key, unique per project (sql/0011_bonus_idempotency.sql). */
  idempotencyKey?: string;
}

/** What {@link recordPayEntry} wrote, or, for a key already used, the entry first written with it. */
export interface PayEntryRow {
  id: number;
  created_at: Date;
  active_ms: number;
  user_id: number;
  amount_minor: number;
  /** True when the idempotency key was already used: nothing new was written. */
  replayed: boolean;
}

/**
 * Writes a piece (from a submit, in its transaction) or a bonus, in the
 * caller's transaction: one statement takes the locks, the next writes.
 *
 * The race it guards: a settlement missing an entry of the period it settles.
 * The entry's time is read with clock_timestamp() *after* the shared pay lock
 * is granted (by the statement after the one that took it), not the
 * transaction's start time. A settlement holds the lock exclusive from before
 * it checks `to <= clock_timestamp()` until it commits, so an entry either
 * committed before the settlement read the ledger, or is stamped after the
 * period's end: it can never land, late, inside a settled period.
 *
 * A PATCH of the project's pay also holds that lock exclusive across its
 * currency check and its update. The write runs in a statement begun after
 * the lock was granted, so it sees a currency changed by a PATCH that
 * committed meanwhile: it then writes nothing and answers 409 `pay_changed`
 * instead of an entry in the old currency.
 *
 * A piece with `heldSince` also takes a per-annotator lock (exclusive) first,
 * so the annotator's previous piece it bounds the time by is committed and
 * seen. The unique index on (annotation_id) where kind = 'piece' is the
 * backstop against paying one annotation twice.
 */
export async function recordPayEntry(trx: Transaction<DB>, e: PayEntry): Promise<PayEntryRow> {
  const own = e.heldSince ? sql`, pg_advisory_xact_lock(${pieceLockKey(e.projectId, e.userId)})` : sql``;
  await sql`select pg_advisory_xact_lock_shared(${payLockKey(e.projectId)})${own}`.execute(trx);
  // least() skips nulls: with no previous piece only the claim's hold bounds the time.
  const activeMs = e.heldSince
    ? sql`greatest(0, least(${e.activeMs}::bigint,
        floor(extract(epoch from n.now - ${e.heldSince}::timestamptz) * 1000)::bigint,
        floor(extract(epoch from n.now - (select max(l.created_at) from pay_ledger l
          where l.user_id = ${e.userId} and l.project_id = ${e.projectId} and l.kind = 'piece')) * 1000)::bigint))`
    : sql`${e.activeMs}::bigint`;
  // A key already used: the insert does nothing (waiting for a concurrent holder of the key to
  // commit first), and the entry written with the key is answered instead.
  const res = await sql<Omit<PayEntryRow, 'replayed'>>`
    insert into pay_ledger (org_id, user_id, project_id, annotation_id, kind, amount_minor, currency, active_ms, created_at, idempotency_key)
    select ${e.orgId}, ${e.userId}, ${e.projectId}, ${e.annotationId}, ${e.kind}, ${e.amountMinor}, ${e.currency}, ${activeMs}, n.now, ${e.idempotencyKey ?? null}
    from (select clock_timestamp() as now) n
    where exists (select 1 from projects p where p.id = ${e.projectId} and p.pay->>'currency' = ${e.currency})
    on conflict (project_id, idempotency_key) where idempotency_key is not null do nothing
    returning id, created_at, active_ms, user_id, amount_minor`.execute(trx);
  if (res.rows[0]) return { ...res.rows[0], replayed: false };
  if (e.idempotencyKey !== undefined) {
    const first = await sql<Omit<PayEntryRow, 'replayed'>>`
      select id, created_at, active_ms, user_id, amount_minor from pay_ledger
      where project_id = ${e.projectId} and idempotency_key = ${e.idempotencyKey}`.execute(trx);
    if (first.rows[0]) return { ...first.rows[0], replayed: true };
  }
  throw errors.conflict(
    'pay_changed',
    `Project ${e.projectId}'s pay changed (it is no longer paid in ${e.currency}) while this was being written; nothing was stored. Send the request again.`,
    { currency: e.currency },
  );
}
