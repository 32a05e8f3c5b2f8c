import { QualityInputError } from '../errors.ts';
import type { EncodedAnswers } from './encode.ts';
import { argmaxRow } from './result.ts';
import type { RawTruth } from './types.ts';

/**
 * Soft (weighted) vote shares: posterior[i][k] = sum of the weights of the
 * answers "k" on item i / sum of the weights of all answers on item i.
 * An item whose answers all weigh 0 gets a uniform row.
 */
export function voteShares(enc: EncodedAnswers, weight?: Float64Array): Float64Array {
  const K = enc.labels.length;
  const post = new Float64Array(enc.items.length * K);
  for (let a = 0; a < enc.item.length; a++) {
    post[enc.item[a] * K + enc.label[a]] += weight ? weight[enc.worker[a]] : 1;
  }
  for (let i = 0; i < enc.items.length; i++) {
    let sum = 0;
    for (let k = 0; k < K; k++) sum += post[i * K + k];
    for (let k = 0; k < K; k++) post[i * K + k] = sum > 0 ? post[i * K + k] / sum : 1 / K;
  }
  return post;
}

/** Share of each worker's answers that match the item's winning label. */
function agreementWithWinner(enc: EncodedAnswers, post: Float64Array): Float64Array {
  const K = enc.labels.length;
  const winner = new Int32Array(enc.items.length);
  for (let i = 0; i < enc.items.length; i++) winner[i] = argmaxRow(post, i, K);
  const hits = new Float64Array(enc.workers.length);
  const total = new Float64Array(enc.workers.length);
  for (let a = 0; a < enc.item.length; a++) {
    const w = enc.worker[a];
    total[w]++;
    if (winner[enc.item[a]] === enc.label[a]) hits[w]++;
  }
  for (let w = 0; w < hits.length; w++) hits[w] = total[w] > 0 ? hits[w] / total[w] : 0;
  return hits;
}

/**
 * Majority vote. Posterior = vote shares; ties go to the label first in
 * `labels` order (sorted by default, as crowd-kit's MajorityVote). Worker
 * quality = share of the worker's answers that agree with the winner.
 */
export function majorityVote(enc: EncodedAnswers): RawTruth {
  const posterior = voteShares(enc);
  return { posterior, workerQuality: agreementWithWinner(enc, posterior), iterations: 0, converged: true };
}

/** Options of weighted majority vote. */
export interface WeightedVoteOptions {
  /** Weight per worker id, e.g. their accuracy on gold tasks. Must be >= 0. */
  weights?: ReadonlyMap<string, number> | Readonly<Record<string, number>>;
  /** Weight of a worker missing from `weights`; default: mean of the given weights (1 if none). */
  defaultWeight?: number;
}

/** Resolves per-worker weights to a dense array, validating them. */
export function resolveWeights(enc: EncodedAnswers, options: WeightedVoteOptions): Float64Array {
  const given = options.weights;
  const lookup = (id: string): number | undefined =>
    given instanceof Map ? given.get(id) : given && Object.hasOwn(given, id) ? (given as Record<string, number>)[id] : undefined;
  const values = given instanceof Map ? [...given.values()] : given ? Object.values(given) : [];
  for (const v of values) {
    if (!Number.isFinite(v) || v < 0) throw new QualityInputError(`worker weights must be finite and >= 0, got ${v}`);
  }
  const fallback = options.defaultWeight ?? (values.length ? values.reduce((s, v) => s + v, 0) / values.length : 1);
  if (!Number.isFinite(fallback) || fallback < 0) throw new QualityInputError('defaultWeight must be finite and >= 0');
  const weight = new Float64Array(enc.workers.length);
  for (let w = 0; w < weight.length; w++) weight[w] = lookup(enc.workers[w]) ?? fallback;
  return weight;
}

/**
 * Weighted majority vote: each answer counts with its worker's weight (for
 * instance gold accuracy). Worker quality is agreement with the winner, as
 * for MV; `weight` reports the weight used.
 */
export function weightedMajorityVote(enc: EncodedAnswers, options: WeightedVoteOptions = {}): RawTruth {
  const weight = resolveWeights(enc, options);
  const posterior = voteShares(enc, weight);
  return { posterior, workerQuality: agreementWithWinner(enc, posterior), weight, iterations: 0, converged: true };
}
