import { Readable } from 'node:stream';
import { z } from 'zod';
import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { TallyApp } from '../../app.ts';
import { IdParam } from '../ids.ts';
import { exportResults } from '../../commands/export-results.ts';
import { inTransaction } from '../../db/transaction.ts';
import { appendAudit } from '../../db/queries/append-audit.ts';

const ExportQuery = z.object({
  format: z.string().default('jsonl'),
  gold: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  status: z.enum(['open', 'done', 'review']).optional(),
  fields: z
    .string()
    .transform((v) => v.split(',').map((x) => x.trim()).filter(Boolean))
    .optional()
    .describe('dpo, sft, conll, coco, yolo: only these fields, comma-separated (e.g. the answer field, not a notes field)'),
  units: z
    .enum(['pixels', 'fractions'])
    .optional()
    .describe('coco, yolo: how the project writes box and polygon coordinates: image pixels (default; what the web workspace writes) or 0..1 fractions of the image size'),
  imageSize: z
    .string()
    .regex(/^[1-9]\d{0,5}x[1-9]\d{0,5}$/, 'imageSize must be WIDTHxHEIGHT in pixels, e.g. 1920x1080')
    .transform((v) => {
      const [width, height] = v.split('x').map(Number);
      return { width, height };
    })
    .optional()
    .describe('coco, yolo: the size in pixels (WIDTHxHEIGHT) of every image whose task data has no width and height'),
});

export async function resultRoutes(app: TallyApp) {
  const { db } = app.tally.database;
  app.withTypeProvider<ZodTypeProvider>().get(
    '/projects/:id/results',
    {
      schema: {
        tags: ['results'],
        summary: 'Stream every task with its result, confidence and annotations (JSONL or CSV), or training data (dpo, sft, conll, coco, yolo)',
        description:
          'Gold tasks are left out unless `gold=true`. Memory stays flat: rows are read page by page. `dpo` gives preference pairs `{prompt, chosen, rejected}` from pairwise and ranking results, `sft` chat demonstrations `{messages}` from text results, `conll` BIO-tagged tokens from spans results, `coco` a COCO detection JSON document and `yolo` an Ultralytics YOLO dataset (zip) from boxes and polygons results; these from done tasks unless `status` says otherwise. YOLO (and COCO with `units=fractions`) needs each image size: `data.width`/`data.height` of the task, else `imageSize`; 422 `image_size_unknown` names tasks without one.',
        params: IdParam,
        querystring: ExportQuery,
      },
    },
    async (req, reply) => {
      const out = await exportResults(db, req.auth, req.params.id, {
        format: req.query.format,
        includeGold: req.query.gold,
        status: req.query.status,
        fields: req.query.fields,
        units: req.query.units,
        imageSize: req.query.imageSize,
      });
      // Recorded once the export's checks passed and before its first byte: an export is a read, but one that takes the data out.
      await inTransaction(db, (trx) =>
        appendAudit(trx, {
          orgId: req.auth.orgId,
          actor: req.auth.userId,
          action: 'results.export',
          target: `project:${req.params.id}`,
          details: { format: req.query.format, status: req.query.status ?? null, gold: !!req.query.gold },
        }),
      );
      reply.header('content-type', out.contentType);
      reply.header('content-disposition', `attachment; filename="project-${req.params.id}-${out.file}"`);
      return reply.send(Readable.from(out.lines()));
    },
  );
}
