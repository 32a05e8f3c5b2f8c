import { z } from 'zod';
import { describeValue, listValues } from '../describe.ts';
import { type Checked, type Problem, fail, pass, settle } from '../errors.ts';
import { baseShape, SourceKeySchema } from './base.ts';
import { OptionListSchema } from './options.ts';

/**
 * `choice`: pick one option, or several with `multiple: true`.
 * `source` optionally names the task-data key the UI shows next to the options.
 */
export const ChoiceFieldSchema = z.strictObject({
  ...baseShape,
  type: z.literal('choice'),
  source: SourceKeySchema.optional(),
  multiple: z.boolean().default(false),
  options: OptionListSchema,
});

/** A parsed `choice` field (options normalized). */
export type ChoiceField = z.output<typeof ChoiceFieldSchema>;

/**
 * Check a choice value: one option value (a string), or for `multiple` a list of distinct
 * option values. An empty list is a valid multi-choice answer ("none of these apply").
 */
export function checkChoice(field: ChoiceField, value: unknown): Checked {
  const values = field.options.map((o) => o.value);
  const known = new Set(values);
  if (!field.multiple) {
    if (typeof value !== 'string') {
      return fail('invalid_type', `expected one option (a string: ${listValues(values)}), got ${describeValue(value)}`);
    }
    if (!known.has(value)) return fail('invalid_option', `${describeValue(value)} is not one of ${listValues(values)}`);
    return pass(value);
  }
  if (!Array.isArray(value)) {
    return fail('invalid_type', `expected a list of options from ${listValues(values)}, got ${describeValue(value)}`);
  }
  const problems: Problem[] = [];
  const seen = new Set<string>();
  value.forEach((item: unknown, i) => {
    if (typeof item !== 'string') {
      problems.push({ code: 'invalid_type', message: `item ${i} must be an option value (a string), got ${describeValue(item)}` });
    } else if (!known.has(item)) {
      problems.push({ code: 'invalid_option', message: `${describeValue(item)} is not one of ${listValues(values)}` });
    } else if (seen.has(item)) {
      problems.push({ code: 'duplicate_option', message: `${describeValue(item)} is selected twice; list each option once` });
    } else {
      seen.add(item);
    }
  });
  return settle(problems, [...value]);
}
