import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { TallyApp } from '../../app.ts';
import { ImportOut, TaskDetailOut, TaskListOut } from '../responses.ts';
import { IdParam } from '../ids.ts';
import { importTasks } from '../../commands/import-tasks.ts';
import { arrayRows, csvRows, ndjsonRows } from '../../commands/import-sources.ts';
import { getTask, listTasks } from '../../commands/tasks.ts';
import { presentResult, presentTask } from '../../presenters/task.ts';
import { presentAnnotation } from '../../presenters/annotation.ts';
import { errors } from '../../errors.ts';
import { TaskInput } from '../../commands/task-input.ts';

const ImportQuery = z.object({
  batch: z.string().min(1).max(200).optional(),
  batchPriority: z.coerce.number().int().min(-1_000_000).max(1_000_000).optional(),
});
/** For the OpenAPI document only: the route reads its body itself, as a stream. */
const ImportBody = {
  description: 'The tasks: a JSON array, NDJSON (one task per line) or CSV (a header row, then one task per row; docs/formats.md)',
  content: { 'application/json': z.array(TaskInput), 'application/x-ndjson': TaskInput.describe('One task per line'), 'text/csv': z.string() },
};
const ListQuery = z.object({
  status: z.enum(['open', 'done', 'review', 'reviewing']).optional(),
  cursor: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
  maxConfidence: z.coerce.number().min(0).max(1).optional(),
  annotator: z.coerce.number().int().positive().optional(),
  gold: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  total: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
});

export async function taskRoutes(app: TallyApp) {
  const { db } = app.tally.database;
  const { config } = app.tally;
  // NDJSON and CSV imports stream straight into the import: never buffered whole.
  app.addContentTypeParser(['application/x-ndjson', 'application/jsonl', 'text/csv'], (_req, payload, done) => done(null, payload));
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/projects/:id/tasks',
    {
      bodyLimit: config.TALLY_MAX_JSON_BYTES,
      schema: {
        tags: ['tasks'],
        summary: 'Import tasks: a JSON array, NDJSON (application/x-ndjson) or CSV (text/csv); all or nothing',
        description:
          'Each task is `{data, uniqueId?, metadata?, priority?, gold?, callbackUrl?}`. A task whose uniqueId already exists is counted in `duplicates`, not created. A bad row rejects the whole import with 422 and its `line`.',
        params: IdParam,
        querystring: ImportQuery,
        documentedBody: ImportBody,
        response: { 201: ImportOut },
      },
    },
    async (req, reply) => {
      const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      const body = req.body as unknown;
      let rows;
      if (type === 'application/x-ndjson' || type === 'application/jsonl') rows = ndjsonRows(body as Readable, config.TALLY_MAX_IMPORT_BYTES);
      else if (type === 'text/csv') rows = csvRows(body as Readable, config.TALLY_MAX_IMPORT_BYTES);
      else if (Array.isArray(body)) rows = arrayRows(body);
      else throw errors.unprocessable('invalid_import', 'The body must be a JSON array of tasks, or NDJSON with Content-Type: application/x-ndjson.');
      const result = await importTasks(app.tally.database, req.auth, req.params.id, rows, req.query);
      return reply.status(201).send(result);
    },
  );

  r.get('/projects/:id/tasks', { schema: { tags: ['tasks'], params: IdParam, querystring: ListQuery, response: { 200: TaskListOut } } }, async (req) => {
    const page = await listTasks(db, req.auth, req.params.id, req.query);
    return {
      items: page.rows.map((t) => ({
        ...presentTask(t),
        result:
          t.r_method === null
            ? null
            : presentResult({ value: t.r_value, confidence: t.r_confidence, method: t.r_method, agreement: t.r_agreement, fields: t.r_fields, updated_at: t.r_updated_at as Date }),
      })),
      nextCursor: page.next,
      ...(page.total !== undefined ? { total: page.total } : {}),
    };
  });

  r.get('/tasks/:id', { schema: { tags: ['tasks'], params: IdParam, response: { 200: TaskDetailOut } } }, async (req) => {
    const { task, annotations, result, reviews, skips, predictions } = await getTask(db, req.auth, req.params.id);
    return {
      ...presentTask(task),
      predictions: predictions.map((p) => ({ model: p.model, value: p.value as Record<string, unknown>, score: p.score })),
      annotations: annotations.map((a) => ({ ...presentAnnotation(a), userName: a.user_name, userEmail: a.user_email })),
      result: presentResult(result),
      reviews: reviews.map((r) => ({
        id: r.id,
        verdict: r.verdict,
        value: r.value,
        comment: r.comment,
        reviewerId: r.reviewer_id,
        reviewerName: r.reviewer_name,
        createdAt: r.created_at,
      })),
      skips: skips.map((k) => ({ userId: k.user_id, userName: k.user_name, stage: k.stage, reason: k.skip_reason, at: k.updated_at })),
    };
  });
}
