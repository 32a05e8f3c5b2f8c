import { sql, type Kysely, type Transaction } from 'kysely';
import { aggregateTask } from '../../core/aggregate/index.ts';
import type { LabelSchemaT } from '../../core/schema/index.ts';
import type { DB } from '../db/schema.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { enqueueTaskCompleted } from '../outbox/webhook-events.ts';
import type { TaskAnswers } from '../db/queries/store-annotation.ts';
import { loadModels } from './quality-models.ts';
import { KeyedThrottle } from '../throttle.ts';

export interface ProjectPolicy {
  id: number;
  overlap_max: number;
  target_confidence: number;
  review_rate: number;
  aggregation: string;
}

/** Submits within this window share one refit of the project's quality models. */
export const REFIT_DELAY_MS = 1_000;

/**
 * Whether this process should ask for a refit now. The outbox already keeps
 * one pending job per project; skipping the insert for half the delay after
 * asking saves a statement on most submits, and any submit after that asks
 * again, so no answer waits more than one extra refit to reach the model.
 */
const refitAsks = new KeyedThrottle(REFIT_DELAY_MS / 2);

/**
 * Recomputes a task's result from its annotations with the project's fitted
 * models (majority vote until there are any) and routes the task on
 * (design.md, queue semantics): once every needed annotation is in, it asks
 * for one more annotator while unsure and below `overlap_max`; is sent to
 * review when still unsure at `overlap_max` or drawn at `review_rate`; else
 * done. Runs inside the submit transaction with the task row locked, and asks
 * for a background refit so the models learn from this answer. `answers` are
 * the task's annotations as the submit's own statement read them back.
 */
export async function recomputeResult(
  trx: Transaction<DB>,
  cacheKey: Kysely<DB>,
  task: { id: number; org_id: number; project_id: number },
  schema: LabelSchemaT,
  policy: ProjectPolicy,
  answers: TaskAnswers,
) {
  const models = await loadModels(trx, cacheKey, task.project_id);
  const result = aggregateTask(
    schema.fields,
    answers.map((a) => ({ userId: a.user_id, value: a.value })),
    models,
  );
  const unsure = result.confidence !== null && result.confidence < policy.target_confidence;
  const drawnForReview = policy.review_rate > 0 && Math.random() < policy.review_rate;
  // One statement: store the result and route the task (dynamic overlap, review, done).
  const routed = await sql<{ status: string; was: string }>`
    with stored as (
      insert into results (task_id, org_id, project_id, value, confidence, method, agreement, fields)
      values (${task.id}, ${task.org_id}, ${task.project_id}, ${JSON.stringify(result.value)}::jsonb, ${result.confidence},
              ${result.method}, ${result.agreement}, ${JSON.stringify(result.fields)}::jsonb)
      on conflict (task_id) do update set value = excluded.value, confidence = excluded.confidence, method = excluded.method,
        agreement = excluded.agreement, fields = excluded.fields, updated_at = now()
    )
    update tasks t set needed = x.needed, status = x.status, updated_at = now(),
      done_at = case when x.status = 'done' then now() else t.done_at end
    from (
      select id, status as was,
        case when submitted >= needed and ${unsure} and needed < ${policy.overlap_max} then needed + 1 else needed end as needed,
        case
          when submitted < needed or (${unsure} and needed < ${policy.overlap_max}) then status
          when ${unsure} or ${drawnForReview} then 'review'
          else 'done' end as status
      from tasks where id = ${task.id}) x
    where t.id = x.id
    returning t.status, x.was`.execute(trx);
  // Webhooks and the task's callbackUrl hear of it, if this commits (outbox/webhook-events.ts).
  if (routed.rows[0]?.status === 'done' && routed.rows[0].was !== 'done') await enqueueTaskCompleted(trx, task.id);
  if (policy.aggregation !== 'mv' && refitAsks.take(cacheKey, task.project_id)) {
    await enqueue(trx, { kind: 'refit', payload: { projectId: task.project_id }, dedupeKey: `refit:${task.project_id}`, delayMs: REFIT_DELAY_MS });
  }
  return result;
}
