import type { LabelSchemaT } from '../../core/schema/index.ts';
import type { ExportTask } from '../../core/export/llm-records.ts';
import type { ExportPageRow } from '../db/queries/export-page.ts';
import { errors } from '../errors.ts';

/**
 * The response gets an export as pieces of about this many characters, not as
 * one string. A 1,000-task page is ~700 KB of JSONL; V8 puts a string that big
 * in its large-object space, and one still queued in the response stream at a
 * young-generation GC is promoted at once, so the old generation filled with
 * dead pages until the next full GC. 1M-task export on PGlite, server peak RSS:
 * 349-383 MB with whole pages, 302-316 MB in 64 K pieces, and no slower.
 */
export const PIECE_CHARS = 64 * 1024;

/** A `fields`-format export row as the task the formats built in Node read. */
export function toExportTask(r: ExportPageRow): ExportTask {
  return {
    id: r.id,
    uniqueId: r.unique_id ?? null,
    data: JSON.parse(r.data!),
    result: r.result ? JSON.parse(r.result) : null,
    fields: r.fields ? JSON.parse(r.fields) : null,
  };
}

/** Per format built from some field types: which types. jsonl and csv take every field. */
export const FORMAT_FIELD_TYPES = {
  dpo: ['pairwise', 'ranking'],
  sft: ['text'],
  conll: ['spans'],
  coco: ['boxes', 'polygons'],
  yolo: ['boxes', 'polygons'],
} as const satisfies Record<string, readonly string[]>;

export type FieldFormat = keyof typeof FORMAT_FIELD_TYPES;

/**
 * The fields a format is built from: the schema's fields of its types, or of
 * those the ones `only` names (the export's `fields=`). 400
 * `format_not_applicable` when the schema has none (naming the formats that
 * do apply); 400 `invalid_fields` when `only` names another field, or none.
 */
export function fieldsForFormat(schema: LabelSchemaT, format: FieldFormat, only?: string[]): LabelSchemaT['fields'] {
  const types: readonly string[] = FORMAT_FIELD_TYPES[format];
  const usableFor = (ts: readonly string[]) => schema.fields.filter((f) => ts.includes(f.type));
  const usable = usableFor(types);
  if (usable.length === 0) {
    const formats = ['jsonl', 'csv', ...Object.entries(FORMAT_FIELD_TYPES).flatMap(([name, ts]) => (usableFor(ts).length > 0 ? [name] : []))];
    throw errors.badRequest(
      'format_not_applicable',
      `The ${format} export is built from ${types.join(' or ')} fields, and this project's schema has none. Use ${formats.join(', ')}.`,
    );
  }
  const names = usable.map((f) => f.name);
  const bad = only?.filter((name) => !names.includes(name)) ?? [];
  if (only !== undefined && (bad.length > 0 || only.length === 0)) {
    throw errors.badRequest(
      'invalid_fields',
      `fields=${only.join(',')}: ${bad.length ? `${bad.map((b) => `"${b}"`).join(', ')} ${bad.length === 1 ? 'is' : 'are'} not` : 'name at least one of'} this project's ${types.join(' or ')} fields (${names.join(', ')}).`,
    );
  }
  return only === undefined ? usable : usable.filter((f) => only.includes(f.name));
}
