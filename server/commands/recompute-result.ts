import { sql, type Transaction } from 'kysely';
import { aggregateTask } from '../../core/aggregate/aggregate-task.ts';
import type { LabelSchemaT } from '../../core/schema/index.ts';
import type { DB } from '../db/schema.ts';

export interface ProjectPolicy {
  overlap_max: number;
  target_confidence: number;
}

/**
 * Recomputes a task's result from its annotations and applies dynamic
 * overlap: once every needed annotation is in, the task is done when it is
 * confident enough, or asks for one more annotator while `needed` is below
 * `overlap_max`. Runs inside the submit transaction, with the task row locked.
 */
export async function recomputeResult(
  trx: Transaction<DB>,
  task: { id: number; org_id: number; project_id: number },
  schema: LabelSchemaT,
  policy: ProjectPolicy,
) {
  const anns = await trx
    .selectFrom('annotations')
    .select(['user_id', 'value'])
    .where('task_id', '=', task.id)
    .orderBy('id')
    .execute();
  const result = aggregateTask(
    schema.fields,
    anns.map((a) => ({ userId: a.user_id, value: a.value as Record<string, unknown> })),
  );
  await trx
    .insertInto('results')
    .values({
      task_id: task.id,
      org_id: task.org_id,
      project_id: task.project_id,
      value: JSON.stringify(result.value),
      confidence: result.confidence,
      method: result.method,
      agreement: result.agreement,
      fields: JSON.stringify(result.fields),
    })
    .onConflict((oc) =>
      oc.column('task_id').doUpdateSet((eb) => ({
        value: eb.ref('excluded.value'),
        confidence: eb.ref('excluded.confidence'),
        method: eb.ref('excluded.method'),
        agreement: eb.ref('excluded.agreement'),
        fields: eb.ref('excluded.fields'),
        updated_at: new Date(),
      })),
    )
    .execute();
  // Dynamic overlap (design.md): grow `needed` while unsure, else close the task.
  const grow = result.confidence !== null && result.confidence < policy.target_confidence;
  await sql`
    update tasks set
      needed = case when submitted >= needed and ${grow} and needed < ${policy.overlap_max} then needed + 1 else needed end,
      status = case
        when submitted >= needed and not (${grow} and needed < ${policy.overlap_max}) then 'done'
        else status end,
      updated_at = now()
    where id = ${task.id} and gold is null`.execute(trx);
  return result;
}
