import { z } from 'zod';
import { describeValue } from '../describe.ts';
import { type Checked, fail, pass } from '../errors.ts';
import { ALWAYS, baseShape, checkRange, SourceKeySchema, noNegativeZero } from './base.ts';

/** `number`: a finite number, optionally bounded by `min`/`max` and restricted to integers. */
export const NumberFieldSchema = z
  .strictObject({
    ...baseShape,
    type: z.literal('number'),
    source: SourceKeySchema.optional(),
    min: z.number().overwrite(noNegativeZero).optional(),
    max: z.number().overwrite(noNegativeZero).optional(),
    integer: z.boolean().default(false),
  })
  .superRefine(checkRange(false), ALWAYS);

/** A parsed `number` field. */
export type NumberField = z.output<typeof NumberFieldSchema>;

/** Check a number: finite, within `[min, max]` when set, whole when `integer`. */
export function checkNumber(field: NumberField, value: unknown): Checked {
  const kind = field.integer ? 'an integer' : 'a number';
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    return fail('invalid_type', `expected ${kind}, got ${describeValue(value)}`);
  }
  if (field.integer && !Number.isInteger(value)) return fail('not_integer', `${value} is not a whole number`);
  if (field.min !== undefined && value < field.min) {
    return fail('out_of_range', `${value} is below the minimum ${field.min}`);
  }
  if (field.max !== undefined && value > field.max) {
    return fail('out_of_range', `${value} is above the maximum ${field.max}`);
  }
  return pass(value);
}
