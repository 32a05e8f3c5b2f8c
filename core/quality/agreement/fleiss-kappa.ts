import { QualityInputError } from '../errors.ts';
import { isPresent, sortRatings, type Missing, type Rating } from './values.ts';

/** Options of {@link fleissKappa}. */
export interface FleissKappaOptions {
  /** 'fleiss' (default): chance from the category shares; 'randolph': free-marginal chance 1/K. */
  method?: 'fleiss' | 'randolph';
}

/**
 * Fleiss' kappa, Fleiss (1971) "Measuring nominal scale agreement among many
 * raters", on a table of counts: `table[i][j]` = raters who put item i in
 * category j. P_i = (sum_j n_ij^2 - n_i) / (n_i (n_i - 1)), P = mean P_i,
 * P_e = sum_j p_j^2; kappa = (P - P_e) / (1 - P_e). With the same number of
 * raters per item this is exactly statsmodels' `fleiss_kappa`; items may have
 * different numbers of raters here (each P_i uses its own n_i), and items
 * with fewer than two raters are skipped.
 *
 * @returns kappa, or NaN when it is undefined (P_e = 1).
 * @throws QualityInputError on an empty table, ragged rows or negative counts.
 */
export function fleissKappa(table: ReadonlyArray<ArrayLike<number>>, options: FleissKappaOptions = {}): number {
  if (table.length === 0) throw new QualityInputError('fleissKappa: empty table');
  const K = table[0].length;
  const totals = new Float64Array(K);
  let pSum = 0;
  let items = 0;
  let grand = 0;
  for (const row of table) {
    if (row.length !== K) throw new QualityInputError('fleissKappa: every row needs one count per category');
    let n = 0;
    let sq = 0;
    for (let j = 0; j < K; j++) {
      const c = row[j];
      if (!(c >= 0)) throw new QualityInputError('fleissKappa: counts must be >= 0');
      n += c;
      sq += c * c;
    }
    if (n < 2) continue;
    for (let j = 0; j < K; j++) totals[j] += row[j];
    grand += n;
    pSum += (sq - n) / (n * (n - 1));
    items++;
  }
  if (items === 0) throw new QualityInputError('fleissKappa: no item has two ratings');
  const pBar = pSum / items;
  let pe = 0;
  if (options.method === 'randolph') pe = 1 / K;
  else for (let j = 0; j < K; j++) pe += (totals[j] / grand) ** 2;
  return pe === 1 ? Number.NaN : (pBar - pe) / (1 - pe);
}

/**
 * Counts table for {@link fleissKappa} from units of ratings (like
 * statsmodels' `aggregate_raters`). Missing ratings are skipped.
 */
export function fleissTable(
  units: ReadonlyArray<ReadonlyArray<Rating | Missing>>,
  categories?: readonly Rating[],
): { table: number[][]; categories: Rating[] } {
  const cats = categories ? [...categories] : sortRatings(units.flat().filter(isPresent));
  const index = new Map(cats.map((c, j) => [c, j]));
  const table = units.map((unit) => {
    const row = new Array<number>(cats.length).fill(0);
    for (const v of unit) {
      if (!isPresent(v)) continue;
      const j = index.get(v);
      if (j === undefined) throw new QualityInputError(`fleissTable: rating "${v}" is not a known category`);
      row[j]++;
    }
    return row;
  });
  return { table, categories: cats };
}
