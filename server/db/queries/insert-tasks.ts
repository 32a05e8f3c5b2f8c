import { sql, type Transaction } from 'kysely';
import type { DB } from '../schema.ts';

/** Gold tasks are shown to every annotator once, so their capacity is unbounded. */
export const GOLD_NEEDED = 2_147_483_647;

/**
 * Inserts one chunk of tasks with a single statement (one jsonb parameter,
 * expanded server-side), skipping rows whose unique_id already exists in the
 * project, in the table or earlier in the same import. Returns how many were
 * created; the rest of the chunk were duplicates.
 */
export async function insertTaskChunk(
  trx: Transaction<DB>,
  p: { orgId: number; projectId: number; needed: number; batchId: number | null; batchPriority: number },
  /** JSON texts of TaskRecord, as checkTaskRow returns them. */
  rows: string[],
  /** Whether any row carries predictions (the slower statement that links them). */
  withPredictions: boolean,
): Promise<number> {
  const input = `[${rows.join(',')}]`;
  const values = sql`${p.orgId}, ${p.projectId}, ${p.batchId}, ${p.batchPriority}::int, unique_id, data, metadata, priority,
             nullif(gold, 'null'::jsonb),
             case when gold is null or gold = 'null'::jsonb then ${p.needed}::int else ${GOLD_NEEDED}::int end,
             callback_url`;
  const columns = sql`org_id, project_id, batch_id, batch_priority, unique_id, data, metadata, priority, gold, needed, callback_url`;
  const recordset = sql`jsonb_to_recordset(${input}::jsonb)
        as x(unique_id text, data jsonb, metadata jsonb, priority int, gold jsonb, callback_url text, predictions jsonb)`;
  const res = withPredictions
    ? // Ids are drawn up front so pre-annotations can join to their task in the same statement.
      await sql<{ n: number }>`
    with input as materialized (
      select x.*, nextval('tasks_id_seq') as id from ${recordset}
    ), ins as (
      insert into tasks (id, ${columns}) overriding system value
      select id, ${values} from input
      on conflict (project_id, unique_id) do nothing
      returning id
    ), preds as (
      insert into predictions (task_id, model, value, score)
      select ins.id, pr.model, pr.value, pr.score
      from ins join input i on i.id = ins.id
      cross join lateral jsonb_to_recordset(coalesce(i.predictions, '[]'::jsonb)) as pr(model text, value jsonb, score float8)
    )
    select count(*)::int as n from ins`.execute(trx)
    : await sql<{ n: number }>`
    with ins as (
      insert into tasks (${columns})
      select ${values} from ${recordset}
      on conflict (project_id, unique_id) do nothing
      returning 1
    )
    select count(*)::int as n from ins`.execute(trx);
  return res.rows[0].n;
}
