import { z } from 'zod';
import type { SchemaError } from './errors.ts';
import { ALWAYS } from './fields/base.ts';
import { BoxesFieldSchema } from './fields/boxes.ts';
import { ChoiceFieldSchema } from './fields/choice.ts';
import type { FieldType } from './fields/index.ts';
import { NumberFieldSchema } from './fields/number.ts';
import { PairwiseFieldSchema } from './fields/pairwise.ts';
import { PolygonsFieldSchema } from './fields/polygons.ts';
import { RankingFieldSchema } from './fields/ranking.ts';
import { RatingFieldSchema } from './fields/rating.ts';
import { SpansFieldSchema } from './fields/spans.ts';
import { TextFieldSchema } from './fields/text.ts';
import { toSchemaErrors } from './schema-errors.ts';

/** One field of a label schema: a union discriminated on `type`. */
export const FieldSchema = z.discriminatedUnion('type', [
  ChoiceFieldSchema,
  SpansFieldSchema,
  BoxesFieldSchema,
  PolygonsFieldSchema,
  RatingFieldSchema,
  PairwiseFieldSchema,
  RankingFieldSchema,
  TextFieldSchema,
  NumberFieldSchema,
]);

/** A parsed field (defaults filled in, options and labels normalized). */
export type LabelField = z.output<typeof FieldSchema>;

/** A parsed field of one type, e.g. `FieldOf<'choice'>`. */
export type FieldOf<T extends FieldType> = Extract<LabelField, { type: T }>;

/**
 * A project's label schema: `{fields: [...]}` with at least one field and distinct names.
 * It parses to {@link LabelSchemaT}; prefer {@link parseLabelSchema}, whose errors name the
 * field and what to fix. Its JSON Schema exists for `io: 'input'` only (options are normalized
 * by a transform).
 */
export const LabelSchema = z.strictObject({
  fields: z.array(FieldSchema).superRefine((fields: unknown, ctx) => {
    // With ALWAYS this runs even when `fields` is missing or not a list.
    if (!Array.isArray(fields)) return;
    if (fields.length === 0) {
      ctx.addIssue({ code: 'custom', message: 'a schema needs at least one field', params: { code: 'no_fields' } });
      return;
    }
    for (const issue of duplicateNameIssues(fields)) ctx.addIssue(issue);
  }, ALWAYS),
});

/**
 * Issues for field names used twice, read defensively: it runs on partly invalid input too.
 * Paths are relative to the `fields` array.
 */
function duplicateNameIssues(fields: readonly unknown[]) {
  const firstAt = new Map<string, number>();
  const issues: { code: 'custom'; path: [number, 'name']; message: string; params: { code: 'duplicate_field_name' } }[] = [];
  fields.forEach((field, i) => {
    const name = typeof field === 'object' && field !== null ? (field as { name?: unknown }).name : undefined;
    if (typeof name !== 'string') return;
    const first = firstAt.get(name);
    if (first === undefined) firstAt.set(name, i);
    else {
      issues.push({
        code: 'custom',
        path: [i, 'name'],
        message: `the name is already used by fields[${first}]; field names must be distinct`,
        params: { code: 'duplicate_field_name' },
      });
    }
  });
  return issues;
}

/** A parsed, normalized label schema: what the server stores and what validation takes. */
export type LabelSchemaT = z.output<typeof LabelSchema>;

/** A label schema as authors write it (strings allowed for options, defaults omitted). */
export type LabelSchemaInput = z.input<typeof LabelSchema>;

/** The result of {@link parseLabelSchema}. */
export type ParseLabelSchemaResult = { ok: true; schema: LabelSchemaT } | { ok: false; errors: SchemaError[] };

/**
 * Parse and normalize a project's label schema, reporting every problem at once.
 * Parsing its own output gives the same output, so the stored form can be re-parsed safely.
 *
 * @example
 * const r = parseLabelSchema({ fields: [{ name: 'sentiment', type: 'choice', options: ['pos', 'neg'] }] });
 * if (r.ok) r.schema.fields[0]; // { name: 'sentiment', type: 'choice', required: true, multiple: false,
 *                               //   options: [{ value: 'pos', label: 'pos', hotkey: '1' }, ...] }
 * else r.errors; // [{ path: 'fields[0].options', code: 'empty_options', message: '...' }]
 */
export function parseLabelSchema(input: unknown): ParseLabelSchemaResult {
  const result = LabelSchema.safeParse(input);
  if (result.success) return { ok: true, schema: result.data };
  const issues: z.core.$ZodIssue[] = [...result.error.issues];
  // zod skips whole-list checks when a field has an aborting issue (e.g. 2.5 where an
  // integer belongs); look for duplicate names anyway so one round trip shows every problem.
  const fields = typeof input === 'object' && input !== null ? (input as { fields?: unknown }).fields : undefined;
  if (Array.isArray(fields)) {
    for (const issue of duplicateNameIssues(fields)) issues.push({ ...issue, path: ['fields', ...issue.path] });
  }
  return { ok: false, errors: toSchemaErrors(issues, input) };
}
