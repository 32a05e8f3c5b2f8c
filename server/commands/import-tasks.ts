import { sql, type Kysely } from 'kysely';
import type { LabelSchemaT } from '../../core/schema/index.ts';
import type { BulkTransaction, Database } from '../db/database.ts';
import { copyRow } from '../db/copy-text.ts';
import type { DB } from '../db/schema.ts';
import { errors } from '../errors.ts';
import type { AuthContext } from '../http/auth-hook.ts';
import { authorize } from '../policies/roles.ts';
import { getProject } from './projects.ts';
import { checkTaskRow, type CheckedTask } from './task-input.ts';
import type { ImportRows } from './import-sources.ts';
import { UniqueIdFilter } from './unique-id-filter.ts';
import { enqueueImportCompleted } from '../outbox/webhook-events.ts';
import { appendAudit } from '../db/queries/append-audit.ts';

const CHUNK = 5_000;
const YIELD_EVERY = 250;

/** Gold tasks are shown to every annotator once, so their capacity is unbounded. */
export const GOLD_NEEDED = 2_147_483_647;

export const TASK_COLUMNS = 'org_id, project_id, batch_id, batch_priority, unique_id, data, metadata, priority, gold, needed, callback_url';

export interface ImportOptions {
  batch?: string;
  batchPriority?: number;
}

interface Target {
  orgId: number;
  projectId: number;
  needed: number;
  batchId: number | null;
  batchPriority: number;
  /**
   * The uniqueIds this import has loaded so far, when the project held no
   * tasks as it began: then only a "maybe" from the filter can be a duplicate
   * and needs the database lookup. Undefined: look every uniqueId up.
   */
  seenIds?: UniqueIdFilter;
}

/**
 * Imports tasks all-or-nothing: every row is checked and loaded inside one
 * transaction, streamed in chunks, so a bad row anywhere (even the millionth)
 * rolls back everything and the error names its line.
 *
 * Rows go in with COPY, which PostgreSQL loads several times faster than an
 * INSERT of the same rows. COPY has no ON CONFLICT, so each chunk first asks
 * which of its uniqueIds the project already holds (this import's earlier
 * chunks included: same transaction) and leaves those out as duplicates.
 * Imports into one project take turns (an advisory lock held to commit), so
 * no other import can add a uniqueId between that question and the COPY.
 * The project row is locked FOR KEY SHARE instead of a foreign-key check on
 * every row (see sql/0004).
 */
export async function importTasks(
  database: Database,
  auth: AuthContext,
  projectId: number,
  batches: ImportRows,
  opts: ImportOptions = {},
) {
  authorize(auth.role, 'tasks.import');
  const project = await getProject(database.db, auth, projectId);
  const schema = project.schema as LabelSchemaT;
  return database.bulkTransaction(async (tx) => {
    const trx = tx.db;
    await sql`select pg_advisory_xact_lock(hashtextextended(${`tally:import:${projectId}`}, 0))`.execute(trx);
    // tasks has no row-by-row foreign key to projects (0004): this lock is that check, once per import.
    const held = await sql`select 1 from projects where id = ${projectId} and org_id = ${auth.orgId} for key share`.execute(trx);
    if (held.rows.length === 0) throw errors.notFound('project', projectId);
    let batchId: number | null = null;
    if (opts.batch) {
      const b = await trx
        .insertInto('batches')
        .values({ org_id: auth.orgId, project_id: projectId, name: opts.batch, priority: opts.batchPriority ?? 0 })
        .returning('id')
        .executeTakeFirstOrThrow();
      batchId = b.id;
    }
    const empty = (await sql`select 1 from tasks where project_id = ${projectId} limit 1`.execute(trx)).rows.length === 0;
    const target: Target = {
      orgId: auth.orgId,
      projectId,
      needed: project.overlap_min,
      batchId,
      batchPriority: opts.batchPriority ?? 0,
      seenIds: empty ? new UniqueIdFilter() : undefined,
    };
    let total = 0;
    let created = 0;
    let chunk: CheckedTask[] = [];
    // One chunk is loaded while the next is parsed and checked: Node and
    // the database work at the same time instead of taking turns.
    let inflight: Promise<number> | undefined;
    const flush = async () => {
      if (inflight) created += await inflight;
      inflight = undefined;
      if (chunk.length === 0) return;
      inflight = loadChunk(tx, target, chunk);
      inflight.catch(() => {}); // awaited by the next flush; this only avoids an unhandled-rejection warning meanwhile
      chunk = [];
    };
    for await (const batch of batches) {
      for (const row of batch) {
        chunk.push(checkTaskRow(schema, row.value, row.line));
        total++;
        if (chunk.length >= CHUNK) await flush();
        // Checking a batch runs without a pause, which starves the event loop: the COPY
        // data still queued for the database socket would wait for the whole next chunk.
        else if (total % YIELD_EVERY === 0) await new Promise((resolve) => setImmediate(resolve));
      }
    }
    await flush(); // the last, partial chunk
    if (inflight) created += await inflight;
    if (total === 0) throw errors.unprocessable('empty_import', 'The import holds no tasks. Send a JSON array or NDJSON lines of {"data": {...}}.');
    const summary = { created, duplicates: total - created, total, batchId };
    await enqueueImportCompleted(trx, auth.orgId, { projectId, ...summary });
    await appendAudit(trx, { orgId: auth.orgId, actor: auth.userId, action: 'tasks.import', target: `project:${projectId}`, details: { ...summary, batch: opts.batch ?? null } });
    return summary;
  });
}

/** Which of the chunk's uniqueIds the project already holds (only the filter's "maybe"s are asked about). */
async function existingUniqueIds(trx: Kysely<DB>, target: Target, rows: CheckedTask[]): Promise<Set<string>> {
  const { projectId, seenIds } = target;
  const ids = rows.flatMap((r) => (r.uniqueId === null || (seenIds && !seenIds.mightHave(r.uniqueId)) ? [] : [r.uniqueId]));
  if (ids.length === 0) return new Set();
  const found = await sql<{ unique_id: string }>`
    select t.unique_id
    from jsonb_array_elements_text(${JSON.stringify(ids)}::jsonb) as x(unique_id)
    join tasks t on t.project_id = ${projectId} and t.unique_id = x.unique_id`.execute(trx);
  return new Set(found.rows.map((r) => r.unique_id));
}

/** COPYs the chunk's new tasks (and their pre-annotations); returns how many were created. */
async function loadChunk(tx: BulkTransaction, target: Target, rows: CheckedTask[]): Promise<number> {
  const seen = await existingUniqueIds(tx.db, target, rows);
  const fresh: CheckedTask[] = [];
  for (const r of rows) {
    if (r.uniqueId !== null) {
      if (seen.has(r.uniqueId)) continue; // a duplicate: in the project already, or earlier in this chunk
      seen.add(r.uniqueId);
      target.seenIds?.add(r.uniqueId); // before the next chunk's lookup, which waits for this chunk
    }
    fresh.push(r);
  }
  if (fresh.length === 0) return 0;
  // Pre-annotations point at their task, so a chunk that has any draws its task ids first.
  const withPredictions = fresh.some((r) => r.predictions);
  const ids = withPredictions
    ? (await sql<{ id: number }>`select nextval('tasks_id_seq')::int8 as id from generate_series(1, ${fresh.length}::int)`.execute(tx.db)).rows.map((r) => r.id)
    : undefined;
  let text = '';
  fresh.forEach((r, i) => {
    const row = [
      target.orgId, target.projectId, target.batchId, target.batchPriority, r.uniqueId, r.data, r.metadata, r.priority, r.gold,
      r.gold === null ? target.needed : GOLD_NEEDED, r.callbackUrl,
    ];
    text += copyRow(ids ? [ids[i], ...row] : row);
  });
  const created = await tx.copyFrom(`tasks (${ids ? 'id, ' : ''}${TASK_COLUMNS})`, text);
  if (ids) {
    let predictions = '';
    fresh.forEach((r, i) => {
      for (const p of r.predictions ?? []) predictions += copyRow([ids[i], p.model, p.value, p.score]);
    });
    if (predictions) await tx.copyFrom('predictions (task_id, model, value, score)', predictions);
  }
  return created;
}
