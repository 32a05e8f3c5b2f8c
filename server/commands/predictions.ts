import { sql } from 'kysely';
import { z } from 'zod';
import type { LabelSchemaT } from '../../core/schema/index.ts';
import type { BulkTransaction, Database } from '../db/database.ts';
import { copyRow } from '../db/copy-text.ts';
import { errors } from '../errors.ts';
import type { AuthContext } from '../http/auth-hook.ts';
import { authorize } from '../policies/roles.ts';
import { getProject } from './projects.ts';
import { checkPrediction, PredictionInput, unstorableMessage, unstorableText, type CheckedPrediction } from './task-input.ts';
import type { ImportRows } from './import-sources.ts';
import { appendAudit } from '../db/queries/append-audit.ts';

const CHUNK = 1_000;
/** At most this many predictions per task, as at import (TaskInput's `predictions`). */
export const MAX_PREDICTIONS_PER_TASK = 20;

/** How many model names a push's audit entry lists (modelCount gives them all). */
const AUDIT_MODELS = 100;

/**
 * The (task, model) pairs a push has sent so far, compactly: each model name
 * once, and per model a set of numeric task ids (no string per row).
 */
class Seen {
  readonly models = new Map<string, Set<number>>();
  /** Records the pair; false when the push already sent it. */
  add(taskId: number, model: string): boolean {
    let tasks = this.models.get(model);
    if (!tasks) this.models.set(model, (tasks = new Set()));
    if (tasks.has(taskId)) return false;
    tasks.add(taskId);
    return true;
  }
}

/** An error thrown by the row source (malformed JSON, a too-long line, a body too large), not by a row's checks. */
class SourceError {
  constructor(readonly error: unknown) {}
}

async function* guarded(batches: ImportRows) {
  try {
    for await (const batch of batches) yield batch;
  } catch (e) {
    throw new SourceError(e);
  }
}

/** One prediction pushed for an existing task: the task by `taskId` or by `uniqueId`, never both. */
export const PredictionRowInput = PredictionInput.extend({
  taskId: z.number().int().positive().optional(),
  uniqueId: z.union([z.string().min(1).max(500), z.number().transform(String)]).optional(),
})
  .strict()
  .refine((r) => (r.taskId === undefined) !== (r.uniqueId === undefined), { message: 'give exactly one of taskId or uniqueId' });
type PredictionRow = z.infer<typeof PredictionRowInput>;

interface Pending {
  line: number;
  row: PredictionRow;
}

interface Ready extends CheckedPrediction {
  taskId: number;
}

export function predictionRowError(line: number, message: string) {
  return errors.unprocessable('invalid_prediction', `line ${line}: ${message} Nothing was imported.`, { line });
}

/**
 * Adds model predictions (pre-annotations) to tasks the project already
 * holds, all-or-nothing in one transaction: every row is checked against the
 * project's schema and its task's data exactly as import-time predictions are
 * (checkPrediction), and the first bad row (bad shape, bad value, a task this
 * project does not hold, the same task and model twice) rejects everything
 * with its line.
 *
 * A prediction replaces the task's earlier ones from the same model: the old
 * rows are deleted and the new one inserted (no unique index: tasks imported
 * with two predictions from one model may hold both, and keep them until a
 * push replaces them). One push per project runs at a time (an advisory
 * lock, tried, not waited for: a second push is a 409), so two racing pushes
 * cannot both keep a prediction for one task and model.
 */
export async function importPredictions(database: Database, auth: AuthContext, projectId: number, batches: ImportRows) {
  authorize(auth.role, 'predictions.import');
  const project = await getProject(database.db, auth, projectId);
  const schema = project.schema as LabelSchemaT;
  return database.bulkTransaction(async (tx) => {
    // One push per project at a time; a second one is refused at once rather than holding a pool connection while it waits for the first body to stream.
    const lock = await sql<{ ok: boolean }>`select pg_try_advisory_xact_lock(hashtextextended(${`tally:predictions:${projectId}`}, 0)) as ok`.execute(tx.db);
    if (!lock.rows[0].ok) {
      throw errors.conflict('predictions_push_in_progress', `Another predictions push into project ${projectId} is still running; only one push per project runs at a time. Retry once it has finished.`);
    }
    const seen = new Seen();
    let total = 0;
    let replaced = 0;
    let chunk: Pending[] = [];
    const flush = async () => {
      if (chunk.length === 0) return;
      const ready = await resolveChunk(tx, schema, projectId, chunk, seen);
      replaced += await writeChunk(tx, ready);
      chunk = [];
    };
    try {
      for await (const batch of guarded(batches)) {
        for (const { line, value } of batch) {
          const parsed = PredictionRowInput.safeParse(value);
          if (!parsed.success) {
            await flush(); // an earlier line's error comes first
            const issue = parsed.error.issues[0];
            throw predictionRowError(line, `${issue.path.join('.') || '(row)'}: ${issue.message}`);
          }
          // Checked before the task lookup: PostgreSQL cannot take these as query parameters either.
          const bad = parsed.data.uniqueId !== undefined && unstorableText(parsed.data.uniqueId) ? 'uniqueId' : unstorableText(parsed.data.model) ? 'model' : null;
          if (bad) {
            await flush();
            throw predictionRowError(line, unstorableMessage(bad));
          }
          chunk.push({ line, row: parsed.data });
          total++;
          if (chunk.length >= CHUNK) await flush();
        }
      }
    } catch (e) {
      if (!(e instanceof SourceError)) throw e;
      await flush(); // the rows read before a malformed or too-long line are checked first: an earlier line's error comes first
      throw e.error;
    }
    await flush();
    if (total === 0) throw errors.unprocessable('empty_import', 'The body holds no predictions. Send a JSON array or NDJSON lines of {"taskId" or "uniqueId", "model", "value", "score"?}.');
    const summary = { created: total - replaced, replaced };
    await appendAudit(tx.db, {
      orgId: auth.orgId,
      actor: auth.userId,
      action: 'predictions.import',
      target: `project:${projectId}`,
      // At most AUDIT_MODELS names: a push naming thousands of models keeps its audit entry small.
      details: { ...summary, total, modelCount: seen.models.size, models: [...seen.models.keys()].sort().slice(0, AUDIT_MODELS) },
    });
    return summary;
  });
}

/** Finds each row's task in the project and checks its value, in line order. */
async function resolveChunk(tx: BulkTransaction, schema: LabelSchemaT, projectId: number, rows: Pending[], seen: Seen): Promise<Ready[]> {
  const ids = rows.flatMap((r) => (r.row.taskId !== undefined ? [r.row.taskId] : []));
  const uids = rows.flatMap((r) => (r.row.uniqueId !== undefined ? [r.row.uniqueId] : []));
  type Found = { id: number; unique_id: string | null; data: Record<string, unknown> };
  const byId = new Map<number, Found>();
  const byUid = new Map<string, Found>();
  if (ids.length > 0) {
    const found = await sql<Found>`
      select t.id::int8 as id, t.unique_id, t.data from tasks t
      where t.project_id = ${projectId} and t.id in (select x::int8 from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb) as x)`.execute(tx.db);
    for (const t of found.rows) byId.set(Number(t.id), t);
  }
  if (uids.length > 0) {
    const found = await sql<Found>`
      select t.id::int8 as id, t.unique_id, t.data from tasks t
      where t.project_id = ${projectId} and t.unique_id in (select x from jsonb_array_elements_text(${JSON.stringify(uids)}::jsonb) as x)`.execute(tx.db);
    for (const t of found.rows) byUid.set(t.unique_id as string, t);
  }
  const tasks = rows.map(({ row }) => (row.taskId !== undefined ? byId.get(row.taskId) : byUid.get(row.uniqueId as string)));
  // Predictions each task keeps after this chunk's replacements (rows written by earlier chunks of this push included).
  const pairs = rows.flatMap(({ row }, i) => (tasks[i] ? [{ task_id: Number(tasks[i].id), model: row.model }] : []));
  const kept = new Map<number, number>();
  if (pairs.length > 0) {
    const counts = await sql<{ task_id: number; n: number }>`
      select p.task_id::int8 as task_id, count(*)::int as n from predictions p
      where p.task_id in (select distinct x.task_id from jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) as x(task_id int8, model text))
        and not exists (select 1 from jsonb_to_recordset(${JSON.stringify(pairs)}::jsonb) as y(task_id int8, model text) where y.task_id = p.task_id and y.model = p.model)
      group by p.task_id`.execute(tx.db);
    for (const c of counts.rows) kept.set(Number(c.task_id), Number(c.n));
  }
  return rows.map(({ line, row }, i) => {
    const task = tasks[i];
    if (!task) {
      const which = row.taskId !== undefined ? `taskId ${row.taskId}` : `uniqueId ${JSON.stringify(row.uniqueId)}`;
      throw predictionRowError(line, `this project holds no task with ${which}.`);
    }
    const taskId = Number(task.id);
    if (!seen.add(taskId, row.model)) throw predictionRowError(line, `task ${taskId} already has a prediction from model "${row.model}" earlier in this body; send one per task and model.`);
    const n = (kept.get(taskId) ?? 0) + 1;
    if (n > MAX_PREDICTIONS_PER_TASK) {
      throw predictionRowError(line, `task ${taskId} would hold more than ${MAX_PREDICTIONS_PER_TASK} predictions (one per model); delete an old model's predictions (DELETE /projects/:id/predictions?model=) or push fewer models.`);
    }
    kept.set(taskId, n);
    return { taskId, ...checkPrediction(schema, row, task.data, line, '', predictionRowError) };
  });
}

/** Deletes the same model's earlier predictions for these tasks, loads the new ones; returns how many rows replaced some. */
async function writeChunk(tx: BulkTransaction, rows: Ready[]): Promise<number> {
  const pairs = JSON.stringify(rows.map((r) => ({ task_id: r.taskId, model: r.model })));
  const gone = await sql<{ n: number }>`
    with d as (
      delete from predictions p
      using jsonb_to_recordset(${pairs}::jsonb) as x(task_id int8, model text)
      where p.task_id = x.task_id and p.model = x.model
      returning p.task_id, p.model
    )
    select count(*)::int as n from (select distinct task_id, model from d) s`.execute(tx.db);
  let text = '';
  for (const r of rows) text += copyRow([r.taskId, r.model, r.value, r.score]);
  await tx.copyFrom('predictions (task_id, model, value, score)', text);
  return Number(gone.rows[0].n);
}

/** Removes every prediction of one model from the project's tasks; returns how many. */
export async function deletePredictions(database: Database, auth: AuthContext, projectId: number, model: string) {
  authorize(auth.role, 'predictions.import');
  if (unstorableText(model)) throw errors.badRequest('invalid_model', `model ${unstorableMessage('').trim()} No prediction can have that model name; send the name as it was pushed.`);
  await getProject(database.db, auth, projectId);
  return database.db.transaction().execute(async (trx) => {
    const gone = await sql<{ n: number }>`
      with d as (
        delete from predictions p using tasks t
        where t.id = p.task_id and t.project_id = ${projectId} and p.model = ${model}
        returning 1
      )
      select count(*)::int as n from d`.execute(trx);
    const deleted = Number(gone.rows[0].n);
    await appendAudit(trx, { orgId: auth.orgId, actor: auth.userId, action: 'predictions.delete', target: `project:${projectId}`, details: { model, deleted } });
    return { deleted };
  });
}
