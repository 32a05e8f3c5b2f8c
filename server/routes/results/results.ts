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
  fields: z
    .string()
    .transform((v) => v.split(',').map((x) => x.trim()).filter(Boolean))
    .optional()
    .describe('dpo, sft, conll: only these fields, comma-separated (e.g. the answer field, not a notes field)'),
});

export async function resultRoutes(app: TallyApp) {
  const { db } = app.tally.database;
  app.withTypeProvider<ZodTypeProvider>().get(
    '/projects/:id/results',
    {
      schema: {
        tags: ['results'],
        summary: 'Stream every task with its result, confidence and annotations (JSONL or CSV), or training data (dpo, sft, conll)',
        description:
          'Gold tasks are left out unless `gold=true`. Memory stays flat: rows are read page by page. `dpo` gives preference pairs `{prompt, chosen, rejected}` from pairwise and ranking results, `sft` chat demonstrations `{messages}` from text results, `conll` BIO-tagged tokens from spans results; these three from done tasks unless `status` says otherwise.',
        params: IdParam,
        querystring: ExportQuery,
      },
    },
    async (req, reply) => {
      const out = await exportResults(db, req.auth, req.params.id, { format: req.query.format, includeGold: req.query.gold, status: req.query.status, fields: req.query.fields });
      reply.header('content-type', out.contentType);
      reply.header('content-disposition', `attachment; filename="project-${req.params.id}-${out.file}"`);
      return reply.send(Readable.from(out.lines()));
    },
  );
}
