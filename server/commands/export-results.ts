import type { Kysely } from 'kysely';
import { stringify } from 'csv-stringify/sync';
import type { DB } from '../db/schema.ts';
import { exportPages, type ExportPageRow } from '../db/queries/export-page.ts';
import type { AuthContext } from '../http/auth-hook.ts';
import { authorize } from '../policies/roles.ts';
import { getProject } from './projects.ts';
import { errors } from '../errors.ts';
import type { LabelSchemaT } from '../../core/schema/index.ts';
import { dpoRecords, sftRecords, type ExportTask } from '../../core/export/llm-records.ts';
import { conllBlocks } from '../../core/export/conll.ts';
import type { ImageSize, RegionField, Units } from '../../core/export/image-regions.ts';
import { fieldsForFormat, PIECE_CHARS, toExportTask } from './export-fields.ts';
import { imageExport } from './export-images.ts';

export const EXPORT_FORMATS = ['jsonl', 'csv', 'dpo', 'sft', 'conll', 'coco', 'yolo'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  format: string;
  includeGold?: boolean;
  status?: string;
  pageSize?: number;
  /** dpo, sft, conll, coco, yolo: only these fields (names), e.g. a project's answer field and not its notes. */
  fields?: string[];
  /** coco, yolo: how the project writes coordinates (default pixels, what the workspace stores). */
  units?: Units;
  /** coco, yolo: the size of every image whose task data has no width and height. */
  imageSize?: ImageSize;
}

const CSV_COLUMNS = ['id', 'uniqueId', 'status', 'data', 'result', 'confidence', 'method', 'agreement', 'annotationCount', 'annotations'];


/**
 * Streams a project's results page by page (constant memory). Checks access
 * and format before the first byte so errors still get a proper status.
 */
export async function exportResults(db: Kysely<DB>, auth: AuthContext, projectId: number, opts: ExportOptions) {
  authorize(auth.role, 'results.export');
  if (!(EXPORT_FORMATS as readonly string[]).includes(opts.format)) {
    throw errors.badRequest('unsupported_format', `Unknown export format "${opts.format}". Use one of: ${EXPORT_FORMATS.join(', ')}.`);
  }
  const format = opts.format as ExportFormat;
  const project = await getProject(db, auth, projectId);
  const pageSize = opts.pageSize ?? 1000;
  if (format === 'dpo' || format === 'sft' || format === 'conll') {
    return derivedExport(db, auth, projectId, project.schema as LabelSchemaT, format, opts.status ?? 'done', pageSize, opts.fields);
  }
  if (format === 'coco' || format === 'yolo') {
    const fields = fieldsForFormat(project.schema as LabelSchemaT, format, opts.fields);
    return imageExport(db, auth, project, fields as RegionField[], format, {
      status: opts.status ?? 'done',
      pageSize,
      units: opts.units ?? 'pixels',
      imageSize: opts.imageSize,
    });
  }
  async function* lines(): AsyncGenerator<string> {
    if (format === 'csv') yield stringify([CSV_COLUMNS]);
    for await (const page of exportPages(db, { projectId, orgId: auth.orgId, limit: pageSize, includeGold: !!opts.includeGold, status: opts.status, format: format as 'jsonl' | 'csv' })) {
      for (const rows of pieces(page, format)) {
        yield format === 'jsonl'
          ? `${rows.map((r) => r.line).join('\n')}\n`
          : stringify(
              rows.map((r) => [r.id, r.unique_id ?? '', r.status, r.data, r.result ?? 'null', r.confidence ?? '', r.method ?? '', r.agreement ?? '', r.annotation_count, r.annotations]),
            );
      }
    }
  }
  const file = format === 'csv' ? 'results.csv' : 'results.jsonl';
  return { format, file, contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8', lines };
}

type FieldList = LabelSchemaT['fields'];
const jsonLines = <T>(records: (f: FieldList, t: ExportTask) => T[]) => (f: FieldList, t: ExportTask) => records(f, t).map((r) => `${JSON.stringify(r)}\n`);

/** Per derived format: its file, and how a task becomes its text (the field types it reads are in export-fields.ts). */
const DERIVED: Record<'dpo' | 'sft' | 'conll', { file: string; contentType: string; text: (f: FieldList, t: ExportTask) => string[] }> = {
  dpo: { file: 'dpo.jsonl', contentType: 'application/x-ndjson; charset=utf-8', text: jsonLines(dpoRecords) },
  sft: { file: 'sft.jsonl', contentType: 'application/x-ndjson; charset=utf-8', text: jsonLines(sftRecords) },
  conll: { file: 'spans.conll', contentType: 'text/plain; charset=utf-8', text: conllBlocks },
};

/**
 * Formats derived from the aggregated results of finished tasks (`status`
 * done unless asked otherwise; gold tasks never): `dpo` preference pairs
 * `{prompt, chosen, rejected}` from pairwise and ranking fields, `sft` chat
 * demonstrations `{messages}` from text fields (core/export/llm-records.ts),
 * `conll` BIO-tagged tokens from spans fields (core/export/conll.ts). A
 * project without such a field gets 400 `format_not_applicable`; `only`
 * naming a field the format cannot use, 400 `invalid_fields`
 * (export-fields.ts). `gold` does not apply: gold tasks have no aggregated
 * result.
 */
function derivedExport(
  db: Kysely<DB>,
  auth: AuthContext,
  projectId: number,
  schema: LabelSchemaT,
  format: keyof typeof DERIVED,
  status: string,
  pageSize: number,
  only?: string[],
) {
  const derived = DERIVED[format];
  const fields = fieldsForFormat(schema, format, only);
  async function* lines(): AsyncGenerator<string> {
    for await (const page of exportPages(db, { projectId, orgId: auth.orgId, limit: pageSize, includeGold: false, status, format: 'fields' })) {
      let text = '';
      for (const r of page) {
        for (const piece of derived.text(fields, toExportTask(r))) text += piece;
        if (text.length >= PIECE_CHARS) {
          yield text;
          text = '';
        }
      }
      if (text) yield text;
    }
  }
  return { format, file: derived.file, contentType: derived.contentType, lines };
}

/** Splits a page into runs of rows whose text is about PIECE_CHARS long (a longer row is a piece of its own). */
function* pieces(page: ExportPageRow[], format: ExportFormat): Generator<ExportPageRow[]> {
  let start = 0;
  let chars = 0;
  for (let i = 0; i < page.length; i++) {
    const r = page[i];
    chars += format === 'jsonl' ? r.line!.length : (r.data?.length ?? 0) + (r.result?.length ?? 0) + (r.annotations?.length ?? 0);
    if (chars >= PIECE_CHARS) {
      yield page.slice(start, i + 1);
      start = i + 1;
      chars = 0;
    }
  }
  if (start < page.length) yield page.slice(start);
}
