import { sql, type Kysely } from 'kysely';
import type { DB } from '../schema.ts';
import { leaseFromWork, workableProject, type Claimer, type ClaimedTask } from './claim-next-task.ts';

/**
 * Leases a gold task (known answer) the user has never been shown. Gold tasks
 * have unbounded capacity (every annotator sees each once), so the only race is
 * one user claiming twice at once, which the unique (task_id, user_id, stage)
 * index turns into a 23505 the caller retries. The order is a per-user hash,
 * so annotators meet gold tasks in different orders and cannot share answers
 * by position.
 */
export async function claimGoldTask(
  db: Kysely<DB>,
  p: Claimer,
): Promise<ClaimedTask | undefined> {
  const res = await sql<ClaimedTask>`
    with ${workableProject(p)}, candidate as (
      select t.id, t.org_id, t.project_id, t.data
      from tasks t
      where exists (select 1 from work) and t.project_id = ${p.projectId} and t.gold is not null
        and not exists (select 1 from claims c where c.task_id = t.id and c.user_id = ${p.userId} and c.stage = 'label')
      order by md5(t.id::text || ':' || ${String(p.userId)})
      limit 1
    ), taken as (
      update tasks t set active = t.active + 1 from candidate where t.id = candidate.id
      returning t.id, t.org_id, t.project_id, t.data
    ), ${leaseFromWork(p.userId)}`.execute(db);
  return res.rows[0];
}
