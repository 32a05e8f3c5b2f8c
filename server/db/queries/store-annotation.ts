import { sql, type Transaction } from 'kysely';
import type { DB } from '../schema.ts';
import type { LockedClaim } from './lock-claim.ts';

export interface StoredAnnotation {
  id: number;
  task_id: number;
  user_id: number;
  claim_id: number;
  value: unknown;
  active_ms: number;
  created_at: Date;
}

/** Every annotation of a task (the new one included), oldest first: what the result is computed from. */
export type TaskAnswers = Array<{ user_id: number; value: Record<string, unknown> }>;

/**
 * Writes a submission in one statement: the annotation, the claim's new
 * status, and the task's counters; and reads back all of the task's
 * annotations with the new one, which the result is recomputed from (the
 * task row is locked, so no other answer can arrive in between). The
 * statement's snapshot does not see its own insert, hence the union. Runs
 * with the claim and task rows locked (lockClaim). An active claim moves its
 * slot from `active` to `submitted`; an expired one already gave its slot
 * back, so only `submitted` grows. The
 * unique claim_id on annotations is the backstop against a double write.
 */
export async function storeAnnotation(
  trx: Transaction<DB>,
  p: { orgId: number; claim: LockedClaim; userId: number; value: Record<string, unknown>; activeMs: number },
): Promise<{ annotation: StoredAnnotation; answers: TaskAnswers }> {
  const c = p.claim;
  const fromActive = c.status === 'active' ? 1 : 0;
  const res = await sql<StoredAnnotation & { answers: TaskAnswers }>`
    with ann as (
      insert into annotations (org_id, project_id, task_id, user_id, claim_id, value, active_ms)
      values (${p.orgId}, ${c.project_id}, ${c.task_id}, ${p.userId}, ${c.id}, ${JSON.stringify(p.value)}::jsonb, ${p.activeMs})
      returning id, task_id, user_id, claim_id, value, active_ms, created_at
    ), closed as (
      update claims set status = 'submitted', active_ms = ${p.activeMs}, updated_at = now() where id = ${c.id}
    ), counted as (
      update tasks set active = active - ${fromActive}, submitted = submitted + 1, updated_at = now() where id = ${c.task_id}
    )
    select ann.*, (
      select json_agg(json_build_object('user_id', x.user_id, 'value', x.value) order by x.id)
      from (select id, user_id, value from annotations where task_id = ${c.task_id}
            union all select id, user_id, value from ann) x) as answers
    from ann`.execute(trx);
  const { answers, ...annotation } = res.rows[0];
  return { annotation, answers };
}
