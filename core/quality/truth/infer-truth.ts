import { QualityInputError } from '../errors.ts';
import { dawidSkene, oneCoinDawidSkene } from './dawid-skene.ts';
import { checkEncoded, encodeAnswers, isEncoded, type Answer, type EncodedAnswers } from './encode.ts';
import { glad, type GladOptions } from './glad.ts';
import { mace, type MaceOptions } from './mace.ts';
import { majorityVote, weightedMajorityVote, type WeightedVoteOptions } from './majority-vote.ts';
import { buildResult } from './result.ts';
import type { RawTruth, TruthMethod, TruthOptions, TruthResult } from './types.ts';

/** Options of {@link inferTruth}: the common ones plus each method's extras (ignored by the others). */
export type InferTruthOptions = TruthOptions &
  WeightedVoteOptions &
  Omit<GladOptions, 'tol' | 'maxIter'> &
  Omit<MaceOptions, 'tol' | 'maxIter'>;

const METHODS: Record<TruthMethod, (enc: EncodedAnswers, o: InferTruthOptions) => RawTruth> = {
  mv: (enc) => majorityVote(enc),
  wmv: weightedMajorityVote,
  ds: dawidSkene,
  'one-coin': oneCoinDawidSkene,
  glad,
  mace,
};

/** The method names {@link inferTruth} accepts. */
export const TRUTH_METHODS = Object.keys(METHODS) as TruthMethod[];

/**
 * Infers the true label of each item from workers' categorical answers.
 *
 * - `mv`: majority vote; `wmv`: weighted by `options.weights`;
 * - `ds`: Dawid-Skene (1979) EM, full confusion matrices, started from MV;
 * - `one-coin`: Dawid-Skene with one accuracy per worker;
 * - `glad`: Whitehill et al. (2009), worker ability x item difficulty;
 * - `mace`: Hovy et al. (2013), workers who know or spam.
 *
 * A worker's repeated answer to the same item counts once (the last one).
 * Ties go to the label first in `options.labels` (default: sorted).
 *
 * @example
 * const r = inferTruth('ds', [
 *   { item: 't1', worker: 'ann', label: 'cat' },
 *   { item: 't1', worker: 'bob', label: 'dog' },
 *   { item: 't1', worker: 'cy', label: 'cat' },
 * ]);
 * r.items.get('t1'); // { label: 'cat', confidence: ..., posterior: { cat: ..., dog: ... } }
 *
 * @param answers objects, or the pre-encoded form from {@link encodeAnswers}
 *   (then `options.labels` is ignored: the encoded labels are the order).
 * @throws QualityInputError on empty input, an unknown method or bad options.
 */
export function inferTruth(
  method: TruthMethod,
  answers: readonly Answer[] | EncodedAnswers,
  options: InferTruthOptions = {},
): TruthResult {
  const run = Object.hasOwn(METHODS, method) ? METHODS[method] : undefined;
  if (!run) throw new QualityInputError(`unknown truth method "${String(method)}"; use one of ${TRUTH_METHODS.join(', ')}`);
  if (options.tol !== undefined && !(options.tol >= 0)) throw new QualityInputError('tol must be >= 0');
  if (options.maxIter !== undefined && !(Number.isInteger(options.maxIter) && options.maxIter >= 1)) {
    throw new QualityInputError('maxIter must be an integer >= 1');
  }
  const enc = isEncoded(answers) ? checkEncoded(answers) : encodeAnswers(answers, options);
  return buildResult(enc, method, run(enc, options));
}
