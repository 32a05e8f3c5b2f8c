import { describe, expect, it } from 'vitest';
import { cohenKappa, fleissKappa, fleissTable, percentAgreement, QualityInputError } from './index.ts';

/*
 * Expected values computed with Debian's python3-sklearn 1.2.1 and
 * python3-statsmodels 0.13.5:
 *
 *   from sklearn.metrics import cohen_kappa_score
 *   from statsmodels.stats.inter_rater import fleiss_kappa, aggregate_raters
 *   cohen_kappa_score(A, B)                                  # 0.5454545454545454
 *   for w in [None, 'linear', 'quadratic']:
 *       cohen_kappa_score(X, Y, weights=w)                   # 0.36305732484076425, 0.6428571428571428, 0.8389694041867954
 *   fleiss_kappa(T), fleiss_kappa(T, method='randolph')      # 0.20993070442195522, 0.2225274725274725
 *   tab, cats = aggregate_raters(RAW); fleiss_kappa(tab)     # 0.3411764705882353
 *
 * with A, B, X, Y, T, RAW exactly as below.
 */
const A = ['pos', 'neg', 'neu', 'pos', 'pos', 'neg', 'neu', 'neu', 'pos', 'neg', 'pos', 'neu', 'neg', 'neg', 'pos', 'neu', 'pos', 'pos', 'neg', 'neu'];
const B = ['pos', 'neg', 'pos', 'pos', 'neu', 'neg', 'neu', 'neg', 'pos', 'neg', 'pos', 'neu', 'neu', 'neg', 'pos', 'pos', 'pos', 'neu', 'neg', 'neu'];
const X = [1, 2, 3, 4, 5, 3, 2, 4, 5, 1, 2, 3, 3, 4, 2, 5, 1, 4, 3, 2];
const Y = [1, 3, 3, 5, 4, 3, 2, 4, 4, 2, 2, 2, 3, 5, 1, 5, 2, 4, 3, 3];
// Fleiss (1971) worked example as on Wikipedia "Fleiss' kappa": 10 subjects x 5 categories, 14 raters.
const T = [[0, 0, 0, 0, 14], [0, 2, 6, 4, 2], [0, 0, 3, 5, 6], [0, 3, 9, 2, 0], [2, 2, 8, 1, 1], [7, 7, 0, 0, 0], [3, 2, 6, 3, 0], [2, 5, 3, 2, 2], [6, 5, 2, 1, 0], [0, 2, 2, 3, 7]];
const RAW = [['a', 'a', 'a', 'b'], ['b', 'b', 'b', 'b'], ['a', 'c', 'c', 'c'], ['c', 'c', 'b', 'a'], ['a', 'a', 'b', 'b'], ['b', 'b', 'b', 'c'], ['c', 'c', 'c', 'c'], ['a', 'b', 'a', 'a']];

describe("Cohen's kappa matches scikit-learn", () => {
  it('unweighted, string labels', () => expect(cohenKappa(A, B)).toBeCloseTo(0.5454545454545454, 12));
  it('unweighted, numeric labels', () => expect(cohenKappa(X, Y)).toBeCloseTo(0.36305732484076425, 12));
  it('linear weights', () => expect(cohenKappa(X, Y, { weights: 'linear' })).toBeCloseTo(0.6428571428571428, 12));
  it('quadratic weights', () => expect(cohenKappa(X, Y, { weights: 'quadratic' })).toBeCloseTo(0.8389694041867954, 12));
  it('is symmetric, skips missing pairs, and rejects mismatched raters', () => {
    expect(cohenKappa(B, A)).toBeCloseTo(cohenKappa(A, B), 14);
    expect(cohenKappa([...A, null], [...B, 'pos'])).toBeCloseTo(cohenKappa(A, B), 14);
    expect(() => cohenKappa(A, B.slice(1))).toThrow(QualityInputError);
  });
  it('is NaN when both raters used one and the same label', () => expect(cohenKappa(['x', 'x'], ['x', 'x'])).toBeNaN());
});

describe("Fleiss' kappa matches statsmodels", () => {
  it('Fleiss 1971 table', () => expect(fleissKappa(T)).toBeCloseTo(0.20993070442195522, 12));
  it("Randolph's free-marginal variant", () => expect(fleissKappa(T, { method: 'randolph' })).toBeCloseTo(0.2225274725274725, 12));
  it('from raw ratings via fleissTable (aggregate_raters)', () => {
    const { table, categories } = fleissTable(RAW);
    expect(categories).toEqual(['a', 'b', 'c']);
    expect(table).toEqual([[3, 1, 0], [0, 4, 0], [1, 0, 3], [1, 1, 2], [2, 2, 0], [0, 3, 1], [0, 0, 4], [3, 1, 0]]);
    expect(fleissKappa(table)).toBeCloseTo(0.3411764705882353, 12);
  });
  it('rejects an empty or ragged table', () => {
    expect(() => fleissKappa([])).toThrow(QualityInputError);
    expect(() => fleissKappa([[1, 2], [1]])).toThrow(/one count per category/);
  });
});

describe('percent agreement', () => {
  it('averages the share of agreeing pairs per unit', () => {
    // unit 1: 3 of 3 pairs agree; unit 2: 1 of 3 pairs (a-a); unit 3: 1 rating, skipped.
    expect(percentAgreement([['a', 'a', 'a'], ['a', 'a', 'b'], ['c', null]])).toBeCloseTo((1 + 1 / 3) / 2, 14);
  });
  it('is the share of matching units for two raters', () => {
    const units = A.map((a, i) => [a, B[i]]);
    expect(percentAgreement(units)).toBeCloseTo(A.filter((a, i) => a === B[i]).length / A.length, 14);
  });
});
