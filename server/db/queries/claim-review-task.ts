import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema.ts';
import { leaseTaken } from './lease-task.ts';
import type { ClaimedTask } from './claim-next-task.ts';

/**
 * Leases the next task waiting for review to a reviewer.
 *
 * The race it guards: two reviewers taking one task. The lease is recorded on
 * the task row itself (`status = 'reviewing'`), so the capacity test is on the
 * row the statement locks: a concurrent claimer either skips the locked row or
 * re-checks the new status and moves on. Reviewers never review their own work,
 * nor a task they skipped.
 */
export async function claimReviewTask(
  db: Kysely<DB>,
  p: { projectId: number; userId: number; leaseSeconds: number },
): Promise<ClaimedTask | undefined> {
  const res = await sql<ClaimedTask>`
    with candidate as (
      select t.id
      from tasks t
      where t.project_id = ${p.projectId} and t.status = 'review'
        and not exists (select 1 from annotations a where a.task_id = t.id and a.user_id = ${p.userId})
        and not exists (
          select 1 from claims c
          where c.task_id = t.id and c.user_id = ${p.userId} and c.stage = 'review' and c.status = 'skipped')
      order by t.priority desc, t.id
      limit 1
      for update skip locked
    ), taken as (
      update tasks t set status = 'reviewing', updated_at = now()
      from candidate where t.id = candidate.id
      returning t.id, t.org_id, t.project_id, t.data
    ), ${leaseTaken({ userId: p.userId, stage: 'review', leaseSeconds: p.leaseSeconds })}`.execute(db);
  return res.rows[0];
}
