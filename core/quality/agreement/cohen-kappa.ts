import { QualityInputError } from '../errors.ts';
import { isPresent, sortRatings, type Missing, type Rating } from './values.ts';

/** Options of {@link cohenKappa}. */
export interface CohenKappaOptions {
  /** Disagreement weights by label position: none (default), |i - j|, or (i - j)^2. */
  weights?: 'linear' | 'quadratic';
  /** Label order (matters for weighted kappa); default: the labels seen, sorted. */
  labels?: readonly Rating[];
}

/**
 * Cohen's kappa between two raters, Cohen (1960) "A coefficient of agreement
 * for nominal scales"; weighted form Cohen (1968):
 * kappa = 1 - sum(w * observed) / sum(w * expected), with expected =
 * outer(marginals) / n, as scikit-learn's `cohen_kappa_score` computes it.
 * Pairs where either rating is missing are skipped.
 *
 * @returns kappa in [-1, 1]; NaN when chance agreement is total (both raters
 *   used one and the same label), where kappa is undefined.
 * @throws QualityInputError on arrays of different length or no complete pair.
 */
export function cohenKappa(
  a: ReadonlyArray<Rating | Missing>,
  b: ReadonlyArray<Rating | Missing>,
  options: CohenKappaOptions = {},
): number {
  if (a.length !== b.length) throw new QualityInputError(`cohenKappa: raters have ${a.length} and ${b.length} ratings`);
  const pairs: Array<[Rating, Rating]> = [];
  for (let u = 0; u < a.length; u++) {
    const x = a[u];
    const y = b[u];
    if (isPresent(x) && isPresent(y)) pairs.push([x, y]);
  }
  if (pairs.length === 0) throw new QualityInputError('cohenKappa: no unit rated by both raters');
  const labels = options.labels ? [...options.labels] : sortRatings(pairs.flat());
  const index = new Map(labels.map((l, i) => [l, i]));
  const K = labels.length;
  const observed = new Float64Array(K * K);
  for (const [x, y] of pairs) {
    const i = index.get(x);
    const j = index.get(y);
    if (i === undefined || j === undefined) throw new QualityInputError(`cohenKappa: rating "${i === undefined ? x : y}" is not in options.labels`);
    observed[i * K + j]++;
  }
  const rows = new Float64Array(K);
  const cols = new Float64Array(K);
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      rows[i] += observed[i * K + j];
      cols[j] += observed[i * K + j];
    }
  }
  const n = pairs.length;
  let num = 0;
  let den = 0;
  for (let i = 0; i < K; i++) {
    for (let j = 0; j < K; j++) {
      const d = Math.abs(i - j);
      const w = options.weights === 'linear' ? d : options.weights === 'quadratic' ? d * d : d === 0 ? 0 : 1;
      num += w * observed[i * K + j];
      den += (w * rows[i] * cols[j]) / n;
    }
  }
  return den === 0 ? Number.NaN : 1 - num / den;
}
