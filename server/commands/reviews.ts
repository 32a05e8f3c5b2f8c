import { sql, type Kysely } from 'kysely';
import type { LabelSchemaT } from '../../core/schema/index.ts';
import type { DB } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import { claimReviewTask } from '../db/queries/claim-review-task.ts';
import { reapIfDue } from '../db/queries/reap-expired-claims.ts';
import { errors } from '../errors.ts';
import type { AuthContext } from '../http/auth-hook.ts';
import { authorize } from '../policies/roles.ts';
import { getProject } from './projects.ts';
import { checkedAnnotation, closedClaimError, lockOwnClaim } from './claims.ts';
import { getTask } from './tasks.ts';
import { enqueueTaskCompleted } from '../outbox/webhook-events.ts';

/** Leases the next task waiting for review, with its annotations and current result. */
export async function claimReview(db: Kysely<DB>, auth: AuthContext, projectId: number) {
  authorize(auth.role, 'reviews.work');
  const project = await getProject(db, auth, projectId);
  await reapIfDue(db, projectId, true);
  const claimed = await claimReviewTask(db, { projectId, userId: auth.userId, leaseSeconds: project.lease_seconds });
  if (!claimed) return undefined;
  const { annotations, result } = await getTask(db, auth, claimed.task_id);
  return { claimed, annotations, result };
}

export interface ReviewInput {
  verdict: 'accept' | 'reject' | 'fix';
  value?: Record<string, unknown>;
  comment?: string;
}

/**
 * Records a reviewer's verdict. accept: the result stands and the task is
 * done. reject: the task goes back to the label queue for one more
 * annotation. fix: the reviewer's value becomes the result, method `review`,
 * confidence 1, and refits never overwrite it.
 */
export async function submitReview(db: Kysely<DB>, auth: AuthContext, claimId: number, input: ReviewInput) {
  authorize(auth.role, 'reviews.work');
  return inTransaction(db, async (trx) => {
    const c = await lockOwnClaim(trx, auth, claimId, 'review');
    if (c.status === 'submitted') {
      const done = await trx.selectFrom('reviews').selectAll().where('claim_id', '=', claimId).executeTakeFirstOrThrow();
      return { review: done, replayed: true };
    }
    // Expired but nobody took the task over: still this reviewer's to finish.
    const stillOurs = c.status === 'active' || (c.status === 'expired' && c.task_status === 'review');
    if (!stillOurs) throw closedClaimError(claimId, c.status);
    let value: Record<string, unknown> | null = null;
    if (input.verdict === 'fix') {
      if (!input.value) throw errors.unprocessable('value_required', 'A fix needs the corrected `value`.');
      // The project's schema came with the claim lock.
      value = checkedAnnotation(c.project.schema as LabelSchemaT, input.value, c.data);
      // Each field the reviewer set is now certain: its per-field details say so (keeping what
      // the annotators' votes showed, e.g. their agreement), so per-field readers such as the
      // dpo/sft exports see confidence 1, not the votes' old one.
      const reviewed = Object.fromEntries(Object.entries(value).map(([k, v]) => [k, { value: v, confidence: 1, method: 'review' }]));
      await sql`
        insert into results (task_id, org_id, project_id, value, confidence, method, agreement, fields)
        values (${c.task_id}, ${auth.orgId}, ${c.project_id}, ${JSON.stringify(value)}::jsonb, 1, 'review', null, ${JSON.stringify(reviewed)}::jsonb)
        on conflict (task_id) do update set value = excluded.value, confidence = 1, method = 'review', updated_at = now(),
          fields = (select coalesce(jsonb_object_agg(k, coalesce(results.fields -> k, '{}'::jsonb) || (excluded.fields -> k)), '{}'::jsonb)
                    from jsonb_object_keys(excluded.fields) k)`.execute(trx);
    }
    const review = await trx
      .insertInto('reviews')
      .values({
        org_id: auth.orgId,
        task_id: c.task_id,
        claim_id: c.id,
        reviewer_id: auth.userId,
        verdict: input.verdict,
        value: value === null ? null : JSON.stringify(value),
        comment: input.comment ?? null,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await trx.updateTable('claims').set({ status: 'submitted', updated_at: new Date() }).where('id', '=', c.id).execute();
    if (input.verdict === 'reject') {
      await sql`update tasks set status = 'open', needed = needed + 1, updated_at = now() where id = ${c.task_id}`.execute(trx);
    } else {
      await sql`update tasks set status = 'done', done_at = now(), updated_at = now() where id = ${c.task_id}`.execute(trx);
      await enqueueTaskCompleted(trx, c.task_id);
    }
    return { review, replayed: false };
  });
}
