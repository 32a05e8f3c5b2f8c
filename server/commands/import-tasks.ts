import type { Kysely } from 'kysely';
import type { LabelSchemaT } from '../../core/schema/index.ts';
import type { DB } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import { insertTaskChunk } from '../db/queries/insert-tasks.ts';
import { errors } from '../errors.ts';
import type { AuthContext } from '../http/auth-hook.ts';
import { authorize } from '../policies/roles.ts';
import { getProject } from './projects.ts';
import { checkTaskRow } from './task-input.ts';
import type { ImportRow } from './import-sources.ts';

const CHUNK = 5_000;

export interface ImportOptions {
  batch?: string;
  batchPriority?: number;
}

/**
 * Imports tasks all-or-nothing: every row is checked and inserted inside one
 * transaction, streamed in chunks, so a bad row anywhere (even the millionth)
 * rolls back everything and the error names its line.
 */
export async function importTasks(
  db: Kysely<DB>,
  auth: AuthContext,
  projectId: number,
  rows: AsyncIterable<ImportRow> | Iterable<ImportRow>,
  opts: ImportOptions = {},
) {
  authorize(auth.role, 'tasks.import');
  const project = await getProject(db, auth, projectId);
  const schema = project.schema as LabelSchemaT;
  return inTransaction(
    db,
    async (trx) => {
      let batchId: number | null = null;
      if (opts.batch) {
        const b = await trx
          .insertInto('batches')
          .values({ org_id: auth.orgId, project_id: projectId, name: opts.batch, priority: opts.batchPriority ?? 0 })
          .returning('id')
          .executeTakeFirstOrThrow();
        batchId = b.id;
      }
      const target = { orgId: auth.orgId, projectId, needed: project.overlap_min, batchId, batchPriority: opts.batchPriority ?? 0 };
      let total = 0;
      let created = 0;
      let chunk: string[] = [];
      let withPredictions = false;
      // One chunk is inserted while the next is parsed and checked: Node and
      // the database work at the same time instead of taking turns.
      let inflight: Promise<number> | undefined;
      const flush = async () => {
        if (inflight) created += await inflight;
        inflight = undefined;
        if (chunk.length === 0) return;
        inflight = insertTaskChunk(trx, target, chunk, withPredictions);
        inflight.catch(() => {}); // awaited by the next flush; this only avoids an unhandled-rejection warning meanwhile
        chunk = [];
        withPredictions = false;
      };
      for await (const row of rows) {
        const checked = checkTaskRow(schema, row.value, row.line);
        chunk.push(checked.json);
        withPredictions ||= checked.predictions;
        total++;
        if (chunk.length >= CHUNK) await flush();
      }
      await flush(); // the last, partial chunk
      if (inflight) created += await inflight;
      if (total === 0) throw errors.unprocessable('empty_import', 'The import holds no tasks. Send a JSON array or NDJSON lines of {"data": {...}}.');
      return { created, duplicates: total - created, total, batchId };
    },
    // A retry would need to re-read a consumed stream: never retry an import.
    1,
  );
}
