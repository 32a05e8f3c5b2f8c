import { QualityInputError } from '../errors.ts';
import { isPresent, sortRatings, type Missing, type Rating } from './values.ts';

/** Level of measurement; it picks the difference function delta^2. */
export type AlphaLevel = 'nominal' | 'ordinal' | 'interval' | 'ratio';

/** Options of {@link krippendorffAlpha}. */
export interface AlphaOptions {
  /** Default 'nominal'. */
  level?: AlphaLevel;
  /** Order of the values for 'ordinal' when they are not numbers; default: sorted. */
  order?: readonly Rating[];
}

/**
 * Krippendorff's alpha with missing data, by the coincidence-matrix method of
 * Krippendorff (2011) "Computing Krippendorff's Alpha-Reliability":
 *
 * - o_ck = sum over units u with m_u >= 2 pairable values of
 *   (number of c-k pairs in u) / (m_u - 1); n_c = sum_k o_ck; n = sum_c n_c;
 * - alpha = 1 - (n - 1) * sum o_ck delta^2_ck / sum n_c n_k delta^2_ck.
 *
 * delta^2 (Krippendorff 2011, sec. E): nominal [c != k]; ordinal
 * (sum_{g=c..k} n_g - (n_c + n_k) / 2)^2; interval (c - k)^2;
 * ratio ((c - k) / (c + k))^2.
 *
 * @param units one array per unit holding every observer's value for it;
 *   `null`, `undefined` or `NaN` = missing. Observer-by-unit rows go through
 *   {@link unitsFromObserverRows} first.
 * @returns alpha (1 = perfect, 0 = chance), or NaN when there is no variation
 *   among the pairable values (alpha is undefined then).
 * @throws QualityInputError on no pairable values, or non-numbers at interval/ratio level.
 */
export function krippendorffAlpha(units: ReadonlyArray<ReadonlyArray<Rating | Missing>>, options: AlphaOptions = {}): number {
  const level = options.level ?? 'nominal';
  const pairable = units.map((u) => u.filter(isPresent)).filter((u) => u.length >= 2);
  if (pairable.length === 0) throw new QualityInputError('krippendorffAlpha: no unit has two values');
  const values = options.order && level === 'ordinal' ? [...options.order] : sortRatings(pairable.flat());
  if ((level === 'interval' || level === 'ratio') && values.some((v) => typeof v !== 'number')) {
    throw new QualityInputError(`krippendorffAlpha: ${level} level needs numbers`);
  }
  const index = new Map(values.map((v, i) => [v, i]));
  const V = values.length;

  // Coincidence matrix.
  const o = new Float64Array(V * V);
  const count = new Float64Array(V);
  const seen: number[] = [];
  for (const unit of pairable) {
    for (const v of unit) {
      const c = index.get(v);
      if (c === undefined) throw new QualityInputError(`krippendorffAlpha: value "${v}" is not in options.order`);
      if (count[c]++ === 0) seen.push(c);
    }
    const scale = 1 / (unit.length - 1);
    for (const c of seen) {
      for (const k of seen) o[c * V + k] += count[c] * (c === k ? count[k] - 1 : count[k]) * scale;
    }
    for (const c of seen) count[c] = 0;
    seen.length = 0;
  }
  const nc = new Float64Array(V);
  let n = 0;
  for (let c = 0; c < V; c++) {
    for (let k = 0; k < V; k++) nc[c] += o[c * V + k];
    n += nc[c];
  }

  const delta2 = differenceFunction(level, values as number[], nc);
  let observed = 0;
  let expected = 0;
  for (let c = 0; c < V; c++) {
    for (let k = 0; k < V; k++) {
      const d = delta2(c, k);
      observed += o[c * V + k] * d;
      expected += nc[c] * nc[k] * d;
    }
  }
  if (expected === 0) return Number.NaN;
  return 1 - ((n - 1) * observed) / expected;
}

/** delta^2 between value indices c and k (Krippendorff 2011, sec. E). */
function differenceFunction(level: AlphaLevel, values: number[], nc: Float64Array): (c: number, k: number) => number {
  switch (level) {
    case 'nominal':
      return (c, k) => (c === k ? 0 : 1);
    case 'ordinal': {
      // Cumulative marginals: between(c, k) = sum_{g=c..k} n_g - (n_c + n_k) / 2.
      const cum = new Float64Array(nc.length + 1);
      for (let g = 0; g < nc.length; g++) cum[g + 1] = cum[g] + nc[g];
      return (c, k) => {
        const lo = Math.min(c, k);
        const hi = Math.max(c, k);
        const d = cum[hi + 1] - cum[lo] - (nc[c] + nc[k]) / 2;
        return d * d;
      };
    }
    case 'interval':
      return (c, k) => (values[c] - values[k]) ** 2;
    case 'ratio':
      return (c, k) => {
        const s = values[c] + values[k];
        return s === 0 ? 0 : ((values[c] - values[k]) / s) ** 2;
      };
    default:
      throw new QualityInputError(`krippendorffAlpha: unknown level "${String(level)}"`);
  }
}
