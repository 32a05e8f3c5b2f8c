import { sql, type Kysely } from 'kysely';
import { aggregateTask, fieldModelFrom, isInferable, type FieldModel } from '../../core/aggregate/index.ts';
import { choiceValues, type LabelField, type LabelSchemaT } from '../../core/schema/index.ts';
import { inferTruth, type EncodedAnswers, type InferTruthOptions, type TruthMethod, type TruthResult } from '../../core/quality/index.ts';
import type { DB } from '../db/schema.ts';

/** Below this many answers a project is "tiny": majority vote, no model (design.md). */
export const AUTO_MODEL_MIN_ANSWERS = 50;
const ANSWER_PAGE = 50_000;
const TASK_PAGE = 500;

/** The method a project's setting resolves to, given how many answers it has. */
export function resolveMethod(setting: string, answers: number): TruthMethod {
  if (setting === 'auto') return answers >= AUTO_MODEL_MIN_ANSWERS ? 'ds' : 'mv';
  return setting as TruthMethod;
}

function labelSql(field: LabelField) {
  return field.type === 'pairwise' ? sql`a.value -> ${field.name} ->> 'choice'` : sql`a.value ->> ${field.name}`;
}

/** Reads one field's answers page by page straight into the encoded form the inference loops use. */
async function encodeField(db: Kysely<DB>, projectId: number, field: LabelField): Promise<EncodedAnswers | undefined> {
  const labels = choiceValues(field).map(String);
  const labelIdx = new Map(labels.map((l, i) => [l, i]));
  const items: string[] = [];
  const workers: string[] = [];
  const itemIdx = new Map<number, number>();
  const workerIdx = new Map<number, number>();
  const item: number[] = [];
  const worker: number[] = [];
  const label: number[] = [];
  let after = 0;
  for (;;) {
    const page = await sql<{ id: number; task_id: number; user_id: number; label: string | null }>`
      select a.id, a.task_id, a.user_id, ${labelSql(field)} as label
      from annotations a join tasks t on t.id = a.task_id
      where a.project_id = ${projectId} and t.gold is null and a.id > ${after}
      order by a.id limit ${ANSWER_PAGE}`.execute(db);
    for (const r of page.rows) {
      const l = r.label === null ? undefined : labelIdx.get(r.label);
      if (l === undefined) continue;
      let i = itemIdx.get(r.task_id);
      if (i === undefined) itemIdx.set(r.task_id, (i = items.push(String(r.task_id)) - 1));
      let w = workerIdx.get(r.user_id);
      if (w === undefined) workerIdx.set(r.user_id, (w = workers.push(String(r.user_id)) - 1));
      item.push(i);
      worker.push(w);
      label.push(l);
    }
    if (page.rows.length < ANSWER_PAGE) break;
    after = page.rows[page.rows.length - 1].id;
  }
  if (item.length === 0) return undefined;
  return { items, workers, labels, item: Int32Array.from(item), worker: Int32Array.from(worker), label: Int32Array.from(label) };
}

/** Worker weights for weighted majority vote: their gold accuracy, 0.5 when unknown. */
async function goldWeights(db: Kysely<DB>, projectId: number) {
  const rows = await db.selectFrom('annotator_quality').select(['user_id', 'accuracy']).where('project_id', '=', projectId).execute();
  return Object.fromEntries(rows.map((r) => [String(r.user_id), r.accuracy ?? 0.5]));
}

/**
 * Refits a project's quality models: runs truth inference over every answer
 * of each categorical field, stores one model per field, recomputes every
 * task's result with it (the same aggregateTask the submit path runs), reopens
 * done tasks that are no longer confident while overlap_max allows, and
 * records each annotator's estimated accuracy. Runs as a background job.
 */
/** Where the CPU-heavy inference runs: in-thread by default, a worker thread in the server. */
export type Infer = (method: TruthMethod, enc: EncodedAnswers, options: InferTruthOptions) => Promise<TruthResult>;
const inThread: Infer = async (method, enc, options) => inferTruth(method, enc, options);

export async function refitProject(db: Kysely<DB>, projectId: number, infer: Infer = inThread) {
  const project = await db.selectFrom('projects').selectAll().where('id', '=', projectId).executeTakeFirst();
  if (!project) return { method: 'none' as const, fields: 0 };
  const schema = project.schema as LabelSchemaT;
  const fields = schema.fields.filter(isInferable);
  const count = await db
    .selectFrom('annotations')
    .select((eb) => eb.fn.countAll<number>().as('n'))
    .where('project_id', '=', projectId)
    .executeTakeFirstOrThrow();
  const method = resolveMethod(project.aggregation, Number(count.n));
  const models: Record<string, FieldModel> = {};
  const stats: Record<string, { iterations: number; answers: number }> = {};
  if (method !== 'mv') {
    const weights = method === 'wmv' ? await goldWeights(db, projectId) : undefined;
    for (const field of fields) {
      const enc = await encodeField(db, projectId, field);
      if (!enc) continue;
      const truth = await infer(method, enc, { weights });
      models[field.name] = fieldModelFrom(truth);
      stats[field.name] = { iterations: truth.iterations, answers: enc.item.length };
    }
  }
  await db.transaction().execute(async (trx) => {
    await trx.deleteFrom('quality_models').where('project_id', '=', projectId).execute();
    for (const [name, model] of Object.entries(models)) {
      await trx
        .insertInto('quality_models')
        .values({ project_id: projectId, field: name, method, model: JSON.stringify(model), ...stats[name], fitted_at: new Date() })
        .execute();
    }
  });
  await recomputeAll(db, project, schema, models);
  await recordAccuracy(db, projectId, models);
  return { method, fields: Object.keys(models).length };
}

async function recomputeAll(
  db: Kysely<DB>,
  project: { id: number; org_id: number; overlap_max: number; target_confidence: number },
  schema: LabelSchemaT,
  models: Record<string, FieldModel>,
) {
  let after = 0;
  for (;;) {
    // The tasks with a submitted answer are those with a result (the submit writes
    // one): walked through results (project_id, task_id), a page costs its rows,
    // not a scan of all the project's tasks (sql/0005).
    const tasks = await sql<{ id: number }>`
      select r.task_id as id from results r join tasks t on t.id = r.task_id
      where r.project_id = ${project.id} and r.task_id > ${after} and t.gold is null
      order by r.task_id limit ${TASK_PAGE}`.execute(db);
    if (tasks.rows.length === 0) return;
    const ids = tasks.rows.map((t) => t.id);
    after = ids[ids.length - 1];
    const anns = await db.selectFrom('annotations').select(['task_id', 'user_id', 'value']).where('task_id', 'in', ids).orderBy('id').execute();
    const byTask = new Map<number, Array<{ userId: number; value: Record<string, unknown> }>>();
    for (const a of anns) {
      const list = byTask.get(a.task_id) ?? [];
      list.push({ userId: a.user_id, value: a.value as Record<string, unknown> });
      byTask.set(a.task_id, list);
    }
    const rows = [...byTask].map(([taskId, list]) => {
      const r = aggregateTask(schema.fields, list, models);
      return { task_id: taskId, value: r.value, confidence: r.confidence, method: r.method, agreement: r.agreement, fields: r.fields };
    });
    const unsure = rows.filter((r) => r.confidence !== null && r.confidence < project.target_confidence).map((r) => r.task_id);
    await db.transaction().execute(async (trx) => {
      // A reviewer's fix is final: refits never overwrite it.
      await sql`
        insert into results (task_id, org_id, project_id, value, confidence, method, agreement, fields)
        select x.task_id, ${project.org_id}, ${project.id}, x.value, x.confidence, x.method, x.agreement, x.fields
        from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb)
          as x(task_id bigint, value jsonb, confidence float8, method text, agreement float8, fields jsonb)
        on conflict (task_id) do update set value = excluded.value, confidence = excluded.confidence,
          method = excluded.method, agreement = excluded.agreement, fields = excluded.fields, updated_at = now()
        where results.method <> 'review'`.execute(trx);
      if (unsure.length) {
        // Dynamic overlap, seen with the better model: ask for one more annotator.
        await sql`
          update tasks set status = 'open', needed = needed + 1, updated_at = now()
          where id = any(${unsure}::bigint[]) and status = 'done' and needed < ${project.overlap_max}
            and not exists (select 1 from results r where r.task_id = tasks.id and r.method = 'review')`.execute(trx);
      }
    });
  }
}

async function recordAccuracy(db: Kysely<DB>, projectId: number, models: Record<string, FieldModel>) {
  const sums = new Map<string, { sum: number; n: number }>();
  for (const m of Object.values(models)) {
    for (const [user, acc] of Object.entries(m.accuracy)) {
      const s = sums.get(user) ?? { sum: 0, n: 0 };
      s.sum += acc;
      s.n++;
      sums.set(user, s);
    }
  }
  if (sums.size === 0) return;
  const rows = [...sums].map(([user, s]) => ({ user_id: Number(user), acc: s.sum / s.n }));
  await sql`
    insert into annotator_quality (project_id, user_id, estimated_accuracy)
    select ${projectId}, x.user_id, x.acc from jsonb_to_recordset(${JSON.stringify(rows)}::jsonb) as x(user_id bigint, acc float8)
    on conflict (project_id, user_id) do update set estimated_accuracy = excluded.estimated_accuracy, updated_at = now()`.execute(db);
}
