import type { LabelSchemaT } from '../../core/schema/index.ts';
import { errors } from '../errors.ts';

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
