import { z } from 'zod';
import { describeValue } from '../describe.ts';
import { type Checked, fail, pass } from '../errors.ts';
import { ALWAYS, baseShape, checkRange, SourceKeySchema, noNegativeZero } from './base.ts';

/** `rating`: an integer on a scale `min..max` (defaults 1..5). */
export const RatingFieldSchema = z
  .strictObject({
    ...baseShape,
    type: z.literal('rating'),
    source: SourceKeySchema.optional(),
    min: z.int().overwrite(noNegativeZero).default(1),
    max: z.int().overwrite(noNegativeZero).default(5),
  })
  // A scale needs at least two points, so min === max is refused too.
  .superRefine(checkRange(true), ALWAYS);

/** A parsed `rating` field, with `min` and `max` filled in. */
export type RatingField = z.output<typeof RatingFieldSchema>;

/** Check a rating: an integer within `[min, max]`. */
export function checkRating(field: RatingField, value: unknown): Checked {
  const scale = `${field.min} to ${field.max}`;
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return fail('invalid_type', `expected an integer from ${scale}, got ${describeValue(value)}`);
  }
  if (!Number.isInteger(value)) return fail('not_integer', `${value} is not a whole number; give an integer from ${scale}`);
  if (value < field.min || value > field.max) return fail('out_of_range', `${value} is outside the scale ${scale}`);
  return pass(value);
}
