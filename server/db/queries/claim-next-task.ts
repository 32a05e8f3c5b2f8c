import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema.ts';
import { leaseTaken } from './lease-task.ts';

export interface ClaimedTask {
  claim_id: number;
  /** The project's gold rate as the claim saw it (label claims; the caller keeps it for the next claim's draw). */
  gold_rate?: number;
  lease_until: Date;
  task_id: number;
  data: Record<string, unknown>;
  predictions: Array<{ model: string; value: Record<string, unknown>; score: number | null }>;
}

/** Who is claiming what: the project must be the caller's org's. */
export interface Claimer {
  projectId: number;
  orgId: number;
  userId: number;
}

/**
 * The `work` CTE of a label claim: the project's lease length and gold rate,
 * and a row only when the caller may work on it now (the project is their
 * org's and active, and they are not paused on it for quality). A claim that
 * holds this test needs no separate round trip to read the project first;
 * when the claim comes back empty, the caller asks why (commands/claims.ts).
 */
export function workableProject(p: Claimer) {
  return sql`work as (
      select p.lease_seconds, p.gold_rate
      from projects p
      where p.id = ${p.projectId} and p.org_id = ${p.orgId} and p.status = 'active'
        and not exists (
          select 1 from annotator_quality q
          where q.project_id = p.id and q.user_id = ${p.userId} and q.state = 'paused')
    )`;
}

/** The tail of a label claim: the lease from `work`'s lease length, and `work`'s gold rate in the answer. */
export function leaseFromWork(userId: number) {
  return leaseTaken({ userId, stage: 'label', leaseSeconds: sql<number>`(select lease_seconds from work)`, goldRate: true });
}

/**
 * Leases the next task of a project to one user, in one statement.
 *
 * The race it guards: many annotators claim at once. `FOR UPDATE SKIP LOCKED`
 * makes concurrent claimers pass over a task row another claimer holds, so
 * no two claimers block on one row. The capacity test
 * `active + submitted < needed` reads only counters on the locked row, so
 * when a claimer does lock a row that changed under it, PostgreSQL re-checks
 * the test against the row's newest version and an over-claim is impossible.
 * The `not exists` test sees the statement's snapshot; the unique index
 * (task_id, user_id, stage) is its backstop when one user claims twice
 * concurrently (the caller retries on 23505).
 *
 * Order: batch priority, task priority, then age (id).
 *
 * SKIP LOCKED has a blind spot: a task whose row is locked for a moment (a
 * submit or another claim on it in flight) is invisible, so near the end of
 * a queue the statement can find nothing although a slot is open for this
 * user. `wait: true` runs the same statement with a plain FOR UPDATE, which
 * waits for such a row and then re-checks it; the caller uses it only when
 * the SKIP LOCKED pass came back empty, so the common path never blocks.
 */
export async function claimNextTask(
  db: Kysely<DB>,
  p: Claimer & { wait?: boolean },
): Promise<ClaimedTask | undefined> {
  const res = await sql<ClaimedTask>`
    with ${workableProject(p)}, candidate as (
      select t.id
      from tasks t
      where exists (select 1 from work)
        and t.project_id = ${p.projectId}
        and t.status = 'open'
        and t.gold is null
        and t.active + t.submitted < t.needed
        and not exists (
          select 1 from claims c
          where c.task_id = t.id and c.user_id = ${p.userId} and c.stage = 'label'
        )
      order by t.batch_priority desc, t.priority desc, t.id
      limit 1
      ${p.wait ? sql`for update` : sql`for update skip locked`}
    ), taken as (
      update tasks t
      set active = t.active + 1, updated_at = now()
      from candidate
      where t.id = candidate.id
      returning t.id, t.org_id, t.project_id, t.data
    ), ${leaseFromWork(p.userId)}`.execute(db);
  return res.rows[0];
}
