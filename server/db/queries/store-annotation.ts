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

/**
 * Writes a submission in one statement: the annotation, the claim's new
 * status, and the task's counters. Runs with the claim and task rows locked
 * (lockClaim). An active claim moves its slot from `active` to `submitted`;
 * an expired one already gave its slot back, so only `submitted` grows. The
 * unique claim_id on annotations is the backstop against a double write.
 */
export async function storeAnnotation(
  trx: Transaction<DB>,
  p: { orgId: number; claim: LockedClaim; userId: number; value: Record<string, unknown>; activeMs: number },
): Promise<StoredAnnotation> {
  const c = p.claim;
  const fromActive = c.status === 'active' ? 1 : 0;
  const res = await sql<StoredAnnotation>`
    with ann as (
      insert into annotations (org_id, project_id, task_id, user_id, claim_id, value, active_ms)
      values (${p.orgId}, ${c.project_id}, ${c.task_id}, ${p.userId}, ${c.id}, ${JSON.stringify(p.value)}::jsonb, ${p.activeMs})
      returning id, task_id, user_id, claim_id, value, active_ms, created_at
    ), closed as (
      update claims set status = 'submitted', active_ms = ${p.activeMs}, updated_at = now() where id = ${c.id}
    ), counted as (
      update tasks set active = active - ${fromActive}, submitted = submitted + 1, updated_at = now() where id = ${c.task_id}
    )
    select * from ann`.execute(trx);
  return res.rows[0];
}
