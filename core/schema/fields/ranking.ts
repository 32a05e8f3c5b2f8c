import { z } from 'zod';
import { describeValue, isPlainObject, listValues, own } from '../describe.ts';
import { type Checked, type Problem, fail, settle } from '../errors.ts';
import { baseShape, SourceKeySchema } from './base.ts';

/**
 * `ranking`: order N candidate responses, best first. N comes from `candidates`, else from
 * the length of the array at `taskData[source]`; with neither, any distinct indices are accepted.
 */
export const RankingFieldSchema = z.strictObject({
  ...baseShape,
  type: z.literal('ranking'),
  source: SourceKeySchema.optional(),
  candidates: z.int().min(2).optional(),
});

/** A parsed `ranking` field. */
export type RankingField = z.output<typeof RankingFieldSchema>;

/** How many candidates a ranking orders for this task, or null when unknown. */
export function candidateCount(field: RankingField, taskData?: Record<string, unknown>): number | null {
  if (field.candidates !== undefined) return field.candidates;
  if (field.source === undefined || !isPlainObject(taskData)) return null;
  const list = own(taskData, field.source);
  return Array.isArray(list) ? list.length : null;
}

/**
 * Check a ranking: a list of candidate indices, best first, that is a permutation of
 * `0..n-1` when n is known, else a list of distinct non-negative integers.
 */
export function checkRanking(field: RankingField, value: unknown, taskData?: Record<string, unknown>): Checked {
  const n = candidateCount(field, taskData);
  const want = n === null ? 'a list of distinct candidate indices (0, 1, …)' : `an order of all ${n} candidates (each of 0..${n - 1} once)`;
  if (!Array.isArray(value)) return fail('invalid_type', `expected ${want}, got ${describeValue(value)}`);
  const problems: Problem[] = [];
  const seen = new Set<number>();
  value.forEach((item: unknown, i) => {
    if (typeof item !== 'number' || !Number.isInteger(item) || item < 0) {
      problems.push({ code: 'invalid_ranking', message: `item ${i} must be a candidate index (an integer from 0), got ${describeValue(item)}` });
    } else if (n !== null && item >= n) {
      problems.push({ code: 'invalid_ranking', message: `item ${i} is ${item}, but there are only ${n} candidates (0..${n - 1})` });
    } else if (seen.has(item)) {
      problems.push({ code: 'invalid_ranking', message: `candidate ${item} appears twice; rank each candidate once` });
    } else {
      seen.add(item);
    }
  });
  if (problems.length === 0 && n !== null && value.length !== n) {
    const missing = Array.from({ length: n }, (_, k) => k).filter((k) => !seen.has(k));
    problems.push({ code: 'invalid_ranking', message: `rank all ${n} candidates; missing ${listValues(missing)}` });
  }
  return settle(problems, [...value]);
}
