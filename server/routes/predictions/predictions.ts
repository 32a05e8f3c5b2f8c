import type { Readable } from 'node:stream';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { TallyApp } from '../../app.ts';
import { PredictionsDeleteOut, PredictionsImportOut } from '../responses.ts';
import { IdParam } from '../ids.ts';
import { arrayRows, ndjsonRows } from '../../commands/import-sources.ts';
import { deletePredictions, importPredictions, predictionRowError, PredictionRowInput } from '../../commands/predictions.ts';
import { errors } from '../../errors.ts';

/** For the OpenAPI document only: the route reads its body itself (NDJSON as a stream). */
const PredictionsBody = {
  description: 'The predictions: a JSON array, or NDJSON (one prediction per line; docs/formats.md)',
  content: { 'application/json': z.array(PredictionRowInput), 'application/x-ndjson': PredictionRowInput.describe('One prediction per line') },
};
const DeleteQuery = z.object({ model: z.string().min(1).max(200) });

/**
 * Model predictions for tasks a project already holds. The NDJSON body parser
 * (a stream, never buffered whole) is the task import's, registered in
 * routes/tasks.
 */
export async function predictionRoutes(app: TallyApp) {
  const { config } = app.tally;
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/projects/:id/predictions',
    {
      bodyLimit: config.TALLY_MAX_JSON_BYTES,
      schema: {
        tags: ['predictions'],
        summary: "Add model predictions to existing tasks: a JSON array or NDJSON (application/x-ndjson); all or nothing; replaces the same model's earlier prediction",
        description:
          'Each row is `{taskId | uniqueId, model, value, score?}`; `value` is checked against the project schema like an imported task\'s predictions. A bad row, or a task this project does not hold, rejects everything with 422 and its `line`.',
        params: IdParam,
        documentedBody: PredictionsBody,
        response: { 201: PredictionsImportOut },
      },
    },
    async (req, reply) => {
      const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
      const body = req.body as unknown;
      let rows;
      if (type === 'application/x-ndjson' || type === 'application/jsonl') rows = ndjsonRows(body as Readable, config.TALLY_MAX_IMPORT_BYTES, predictionRowError);
      else if (Array.isArray(body)) rows = arrayRows(body);
      else throw errors.unprocessable('invalid_import', 'The body must be a JSON array of predictions, or NDJSON with Content-Type: application/x-ndjson.');
      const result = await importPredictions(app.tally.database, req.auth, req.params.id, rows);
      return reply.status(201).send(result);
    },
  );

  r.delete(
    '/projects/:id/predictions',
    {
      schema: {
        tags: ['predictions'],
        summary: "Remove one model's predictions from every task of the project",
        params: IdParam,
        querystring: DeleteQuery,
        response: { 200: PredictionsDeleteOut },
      },
    },
    async (req) => deletePredictions(app.tally.database, req.auth, req.params.id, req.query.model),
  );
}
