/** A rating: a category name or a number. `null`/`undefined`/`NaN` mean "missing". */
export type Rating = string | number;

/** A missing rating. */
export type Missing = null | undefined;

/** True for a present (non-missing) rating. */
export function isPresent(v: Rating | Missing): v is Rating {
  return v !== null && v !== undefined && !(typeof v === 'number' && Number.isNaN(v));
}

/**
 * Sorts distinct ratings: numbers ascending, then strings by UTF-16 code
 * units (the order numpy's `np.unique` gives), so ordinal metrics and ties
 * are deterministic.
 */
export function sortRatings(values: Iterable<Rating>): Rating[] {
  return [...new Set(values)].sort((a, b) => {
    if (typeof a === 'number' && typeof b === 'number') return a - b;
    if (typeof a === 'number') return -1;
    if (typeof b === 'number') return 1;
    return a < b ? -1 : a > b ? 1 : 0;
  });
}

/**
 * Transposes observer rows (one row per observer, one column per unit, the
 * layout Krippendorff uses) into units (one array of ratings per unit).
 */
export function unitsFromObserverRows<T>(rows: ReadonlyArray<ReadonlyArray<T>>): T[][] {
  const nUnits = rows.reduce((m, r) => Math.max(m, r.length), 0);
  const units: T[][] = [];
  for (let u = 0; u < nUnits; u++) units.push(rows.map((r) => r[u]));
  return units;
}

/** Groups `{item, worker, label}` answers into units (the labels each item got), items in first-seen order. */
export function unitsFromAnswers<T extends Rating>(answers: ReadonlyArray<{ item: string; label: T }>): T[][] {
  const byItem = new Map<string, T[]>();
  for (const a of answers) {
    const list = byItem.get(a.item);
    if (list) list.push(a.label);
    else byItem.set(a.item, [a.label]);
  }
  return [...byItem.values()];
}
