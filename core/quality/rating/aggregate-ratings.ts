import { QualityInputError } from '../errors.ts';
import { krippendorffAlpha } from '../agreement/krippendorff-alpha.ts';

/**
 * Median of numbers (mean of the two middle values for an even count).
 *
 * @throws QualityInputError on an empty list or a non-finite value.
 */
export function median(values: readonly number[]): number {
  if (values.length === 0) throw new QualityInputError('median of no values');
  const sorted = Float64Array.from(values).sort();
  if (!sorted.every(Number.isFinite)) throw new QualityInputError('median: values must be finite numbers');
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** One numeric rating (e.g. a 1..5 scale). */
export interface RatingAnswer {
  item: string;
  worker: string;
  value: number;
}

/** Aggregate of one item's ratings. */
export interface RatingSummary {
  median: number;
  mean: number;
  count: number;
  /** Median absolute deviation from the median: a robust spread. */
  mad: number;
}

/** Result of {@link aggregateRatings}. */
export interface RatingAggregate {
  items: Map<string, RatingSummary>;
  /** Krippendorff's alpha at interval level over all items (NaN when undefined). */
  alpha: number;
}

/**
 * Aggregates numeric ratings per item by the median (robust to one wild
 * rater), with mean, count and MAD, and measures agreement with
 * Krippendorff's interval alpha. A worker's repeated rating of an item counts
 * once (the last).
 */
export function aggregateRatings(answers: readonly RatingAnswer[]): RatingAggregate {
  if (answers.length === 0) throw new QualityInputError('aggregateRatings: no ratings');
  const byItem = new Map<string, Map<string, number>>();
  for (const a of answers) {
    if (!Number.isFinite(a.value)) throw new QualityInputError(`rating of "${a.item}" by "${a.worker}" is not a finite number`);
    let m = byItem.get(a.item);
    if (!m) byItem.set(a.item, (m = new Map()));
    m.set(a.worker, a.value);
  }
  const items = new Map<string, RatingSummary>();
  const units: number[][] = [];
  for (const [item, m] of byItem) {
    const values = [...m.values()];
    const med = median(values);
    items.set(item, {
      median: med,
      mean: values.reduce((s, v) => s + v, 0) / values.length,
      count: values.length,
      mad: median(values.map((v) => Math.abs(v - med))),
    });
    units.push(values);
  }
  const alpha = units.some((u) => u.length >= 2) ? krippendorffAlpha(units, { level: 'interval' }) : Number.NaN;
  return { items, alpha };
}
