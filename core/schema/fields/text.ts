import { z } from 'zod';
import { describeValue } from '../describe.ts';
import { type Checked, fail, pass } from '../errors.ts';
import { ALWAYS, baseShape, checkRange, SourceKeySchema, noNegativeZero } from './base.ts';

/**
 * `text`: free text. `min`/`max` bound its length in characters (Unicode code points,
 * so an emoji counts as one).
 */
export const TextFieldSchema = z
  .strictObject({
    ...baseShape,
    type: z.literal('text'),
    source: SourceKeySchema.optional(),
    min: z.int().min(0).overwrite(noNegativeZero).optional(),
    max: z.int().min(0).overwrite(noNegativeZero).optional(),
  })
  .superRefine(checkRange(false), ALWAYS);

/** A parsed `text` field. */
export type TextField = z.output<typeof TextFieldSchema>;

/** Length in code points, the unit `min`/`max` use. */
export function textLength(text: string): number {
  let n = 0;
  for (const _ of text) n++;
  return n;
}

/**
 * Check free text: a string within the length bounds. A required field also refuses
 * a blank answer (empty or only whitespace) with code `required`.
 */
export function checkText(field: TextField, value: unknown): Checked {
  if (typeof value !== 'string') return fail('invalid_type', `expected text (a string), got ${describeValue(value)}`);
  if (field.required && value.trim() === '') return fail('required', 'the answer is blank; enter some text');
  const length = textLength(value);
  if (field.min !== undefined && length < field.min) {
    return fail('too_short', `the text has ${length} characters; write at least ${field.min}`);
  }
  if (field.max !== undefined && length > field.max) {
    return fail('too_long', `the text has ${length} characters; shorten it to at most ${field.max}`);
  }
  return pass(value);
}
