import { Readable } from 'node:stream';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { TallyApp } from '../../app.ts';
import { IdParam } from '../ids.ts';
import { exportResults } from '../../commands/export-results.ts';

const ExportQuery = z.object({
  format: z.string().default('jsonl'),
  gold: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  status: z.enum(['open', 'done', 'review']).optional(),
});

export async function resultRoutes(app: TallyApp) {
  const { db } = app.tally.database;
  app.withTypeProvider<ZodTypeProvider>().get(
    '/projects/:id/results',
    {
      schema: {
        tags: ['results'],
        summary: 'Stream every task with its result, confidence and annotations (JSONL or CSV)',
        description: 'Gold tasks are left out unless `gold=true`. Memory stays flat: rows are read page by page.',
        params: IdParam,
        querystring: ExportQuery,
      },
    },
    async (req, reply) => {
      const out = await exportResults(db, req.auth, req.params.id, { format: req.query.format, includeGold: req.query.gold, status: req.query.status });
      reply.header('content-type', out.contentType);
      reply.header('content-disposition', `attachment; filename="project-${req.params.id}-results.${out.format}"`);
      return reply.send(Readable.from(out.lines()));
    },
  );
}
