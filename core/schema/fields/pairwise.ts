import { z } from 'zod';
import { describeValue, extraKeys, isPlainObject, own, quoteAll } from '../describe.ts';
import { type Checked, type Problem, fail, settle } from '../errors.ts';
import { baseShape, SourceKeySchema } from './base.ts';

/**
 * `pairwise`: compare response A with response B. `strength: true` lets the annotator say
 * how strongly (1 slightly, 2 clearly, 3 much better); `allowTie: true` adds a "tie" answer.
 * `source` optionally names the task-data key holding the pair.
 */
export const PairwiseFieldSchema = z.strictObject({
  ...baseShape,
  type: z.literal('pairwise'),
  source: SourceKeySchema.optional(),
  strength: z.boolean().default(false),
  allowTie: z.boolean().default(false),
});

/** A parsed `pairwise` field. */
export type PairwiseField = z.output<typeof PairwiseFieldSchema>;

/** A pairwise answer. `strength` appears only when the field enables it, never with a tie. */
export interface PairwiseValue {
  choice: 'A' | 'B' | 'tie';
  strength?: 1 | 2 | 3;
}

const KEYS = ['choice', 'strength'] as const;

/** Check a pairwise answer `{choice: "A" | "B" | "tie", strength?: 1 | 2 | 3}`. */
export function checkPairwise(field: PairwiseField, value: unknown): Checked {
  const choices = field.allowTie ? '"A", "B" or "tie"' : '"A" or "B"';
  const shape = field.strength ? `{choice: ${choices}, strength?: 1 | 2 | 3}` : `{choice: ${choices}}`;
  if (!isPlainObject(value)) return fail('invalid_type', `expected ${shape}, got ${describeValue(value)}`);
  const problems: Problem[] = [];
  const extra = extraKeys(value, KEYS);
  if (extra.length > 0) {
    problems.push({ code: 'unknown_property', message: `unexpected ${quoteAll(extra)}; expected ${shape}` });
  }
  const choice = own(value, 'choice');
  const strength = own(value, 'strength');
  if (choice !== 'A' && choice !== 'B' && choice !== 'tie') {
    problems.push({ code: 'invalid_choice', message: `choice must be ${choices}, got ${describeValue(choice)}` });
  } else if (choice === 'tie' && !field.allowTie) {
    problems.push({ code: 'tie_not_allowed', message: 'ties are not allowed here; choose "A" or "B"' });
  }
  if (strength !== undefined && strength !== null) {
    if (!field.strength) {
      problems.push({ code: 'strength_not_allowed', message: 'this field does not take a strength; remove "strength"' });
    } else if (strength !== 1 && strength !== 2 && strength !== 3) {
      problems.push({ code: 'invalid_strength', message: `strength must be 1, 2 or 3, got ${describeValue(strength)}` });
    } else if (choice === 'tie') {
      problems.push({ code: 'invalid_strength', message: 'a tie has no strength; remove "strength" or choose "A" or "B"' });
    }
  }
  if (problems.length > 0) return settle(problems, null);
  const out: PairwiseValue = { choice: choice as PairwiseValue['choice'] };
  if (typeof strength === 'number') out.strength = strength as 1 | 2 | 3;
  return settle(problems, out);
}
