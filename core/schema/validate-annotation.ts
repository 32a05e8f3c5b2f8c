import { describeValue, isPlainObject, listValues, own } from './describe.ts';
import type { AnnotationError, Checked } from './errors.ts';
import { describeExpectedValue } from './field-kinds.ts';
import { checkBoxes } from './fields/boxes.ts';
import { checkChoice } from './fields/choice.ts';
import { checkNumber } from './fields/number.ts';
import { checkPairwise } from './fields/pairwise.ts';
import { checkPolygons } from './fields/polygons.ts';
import { checkRanking } from './fields/ranking.ts';
import { checkRating } from './fields/rating.ts';
import { checkSpans } from './fields/spans.ts';
import { checkText } from './fields/text.ts';
import type { LabelField, LabelSchemaT } from './label-schema.ts';

/** At most this many problems are reported per field, so a huge bad list stays readable. */
export const MAX_ERRORS_PER_FIELD = 20;

/** The result of {@link validateAnnotation}. */
export type ValidateAnnotationResult =
  | { ok: true; value: Record<string, unknown> }
  | { ok: false; errors: AnnotationError[] };

/**
 * Check one field's (present, non-null) value. Exported for editors that validate
 * field by field; most callers want {@link validateAnnotation}.
 */
export function checkFieldValue(field: LabelField, value: unknown, taskData?: Record<string, unknown>): Checked {
  switch (field.type) {
    case 'choice':
      return checkChoice(field, value);
    case 'spans':
      return checkSpans(field, value, taskData);
    case 'boxes':
      return checkBoxes(field, value);
    case 'polygons':
      return checkPolygons(field, value);
    case 'rating':
      return checkRating(field, value);
    case 'pairwise':
      return checkPairwise(field, value);
    case 'ranking':
      return checkRanking(field, value, taskData);
    case 'text':
      return checkText(field, value);
    case 'number':
      return checkNumber(field, value);
  }
}

/**
 * Validate an annotation against a parsed label schema; the same code runs in the browser
 * and on the server. `value` is an object keyed by field name. `taskData`, when given, lets
 * checks that depend on the task run too: span offsets against the source text's length,
 * and the number of ranking candidates.
 *
 * On success `value` is a fresh, normalized copy holding every schema field: optional fields
 * that were absent or null are `null`. On failure every problem is listed (up to
 * {@link MAX_ERRORS_PER_FIELD} per field), each naming its field and what to fix.
 * Never throws, whatever `value` is.
 *
 * @example
 * validateAnnotation(schema, { sentiment: 'maybe' });
 * // { ok: false, errors: [{ field: 'sentiment', code: 'invalid_option',
 * //   message: 'field "sentiment": "maybe" is not one of pos, neg, neutral' }] }
 */
export function validateAnnotation(
  schema: LabelSchemaT,
  value: unknown,
  taskData?: Record<string, unknown>,
): ValidateAnnotationResult {
  const names = schema.fields.map((f) => f.name);
  if (!isPlainObject(value)) {
    return {
      ok: false,
      errors: [
        {
          field: '',
          code: 'not_an_object',
          message: `an annotation must be an object keyed by field name (${listValues(names)}), got ${describeValue(value)}`,
        },
      ],
    };
  }
  const data = isPlainObject(taskData) ? taskData : undefined;
  const errors: AnnotationError[] = [];
  const known = new Set(names);
  for (const key of Object.keys(value)) {
    if (!known.has(key)) {
      errors.push({
        field: key,
        code: 'unknown_field',
        message: `unknown field ${JSON.stringify(key)}: remove it; this project's fields are ${listValues(names)}`,
      });
    }
  }
  const out: Record<string, unknown> = {};
  for (const field of schema.fields) {
    const given = own(value, field.name);
    if (given === undefined || given === null) {
      if (field.required) {
        errors.push({
          field: field.name,
          code: 'required',
          message: `field ${JSON.stringify(field.name)} is required: ${describeExpectedValue(field)}`,
        });
      } else {
        out[field.name] = null;
      }
      continue;
    }
    const checked = checkFieldValue(field, given, data);
    if (checked.ok) {
      out[field.name] = checked.value;
      continue;
    }
    for (const problem of checked.problems.slice(0, MAX_ERRORS_PER_FIELD)) {
      errors.push({ field: field.name, code: problem.code, message: `field ${JSON.stringify(field.name)}: ${problem.message}` });
    }
  }
  return errors.length > 0 ? { ok: false, errors } : { ok: true, value: out };
}
