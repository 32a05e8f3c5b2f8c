import { QualityInputError } from '../errors.ts';
import { isPresent, type Missing, type Rating } from './values.ts';

/**
 * Observed agreement: for every unit with at least two ratings, the share of
 * rater pairs that gave the same rating, averaged over those units (each
 * unit weighs the same). For two raters this is the share of units where
 * they agree. Missing ratings are skipped.
 *
 * @returns a value in [0, 1], or NaN when no unit has two ratings.
 * @throws QualityInputError when `units` is empty.
 */
export function percentAgreement(units: ReadonlyArray<ReadonlyArray<Rating | Missing>>): number {
  if (units.length === 0) throw new QualityInputError('percentAgreement: no units');
  let sum = 0;
  let counted = 0;
  const counts = new Map<Rating, number>();
  for (const unit of units) {
    counts.clear();
    let m = 0;
    for (const v of unit) {
      if (!isPresent(v)) continue;
      counts.set(v, (counts.get(v) ?? 0) + 1);
      m++;
    }
    if (m < 2) continue;
    let agreeing = 0;
    for (const c of counts.values()) agreeing += c * (c - 1);
    sum += agreeing / (m * (m - 1));
    counted++;
  }
  return counted ? sum / counted : Number.NaN;
}
