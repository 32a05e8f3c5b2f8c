import type { Kysely } from 'kysely';
import { stringify } from 'csv-stringify/sync';
import type { DB } from '../db/schema.ts';
import { exportPage, type ExportRow } from '../db/queries/export-page.ts';
import type { AuthContext } from '../http/auth-hook.ts';
import { authorize } from '../policies/roles.ts';
import { getProject } from './projects.ts';
import { errors } from '../errors.ts';

export const EXPORT_FORMATS = ['jsonl', 'csv'] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];
const PLANNED = ['coco', 'yolo', 'conll', 'dpo', 'sft'];

export interface ExportOptions {
  format: string;
  includeGold?: boolean;
  status?: string;
  pageSize?: number;
}

function exportLine(r: ExportRow) {
  return {
    id: r.id,
    uniqueId: r.unique_id,
    data: r.data,
    status: r.status,
    ...(r.gold ? { gold: r.gold } : {}),
    result: r.result ?? null,
    confidence: r.confidence,
    method: r.method,
    agreement: r.agreement,
    annotations: r.annotations ?? [],
  };
}

const CSV_COLUMNS = ['id', 'uniqueId', 'status', 'data', 'result', 'confidence', 'method', 'agreement', 'annotationCount', 'annotations'];

/**
 * Streams a project's results page by page (constant memory). Checks access
 * and format before the first byte so errors still get a proper status.
 */
export async function exportResults(db: Kysely<DB>, auth: AuthContext, projectId: number, opts: ExportOptions) {
  authorize(auth.role, 'results.export');
  if (!(EXPORT_FORMATS as readonly string[]).includes(opts.format)) {
    const planned = PLANNED.includes(opts.format) ? ` (${opts.format} is planned, not yet available)` : '';
    throw errors.badRequest('unsupported_format', `Unknown export format "${opts.format}"${planned}. Use one of: ${EXPORT_FORMATS.join(', ')}.`);
  }
  const format = opts.format as ExportFormat;
  await getProject(db, auth, projectId);
  const pageSize = opts.pageSize ?? 1000;
  async function* lines(): AsyncGenerator<string> {
    if (format === 'csv') yield stringify([CSV_COLUMNS]);
    let afterId = 0;
    for (;;) {
      const page = await exportPage(db, { projectId, orgId: auth.orgId, afterId, limit: pageSize, includeGold: !!opts.includeGold, status: opts.status });
      if (page.length === 0) return;
      let chunk = '';
      for (const r of page) {
        const o = exportLine(r);
        chunk +=
          format === 'jsonl'
            ? `${JSON.stringify(o)}\n`
            : stringify([[o.id, o.uniqueId ?? '', o.status, JSON.stringify(o.data), JSON.stringify(o.result), o.confidence ?? '', o.method ?? '', o.agreement ?? '', o.annotations.length, JSON.stringify(o.annotations)]]);
      }
      yield chunk;
      afterId = page[page.length - 1].id;
      if (page.length < pageSize) return;
    }
  }
  return { format, contentType: format === 'csv' ? 'text/csv; charset=utf-8' : 'application/x-ndjson; charset=utf-8', lines };
}
