import { describe, expect, it } from 'vitest';
import { krippendorffAlpha, unitsFromObserverRows, QualityInputError, type AlphaLevel } from './index.ts';
import { readShared } from './test-data.ts';

// Reference values: /work/shared/data/krippendorff/EXPECTED.md (published tests and doctests).
const missing = (v: string): number | null => (v === '.' || v === '*' ? null : Number(v));
const dataLines = (file: string): string[] =>
  readShared(`krippendorff/${file}`)
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l && !l.startsWith('#'));

/** Files laid out observers x units (comma separated). */
const observerRows = (file: string): Array<Array<number | null>> => dataLines(file).map((l) => l.split(',').map(missing));

describe('Krippendorff alpha reproduces the published examples', () => {
  const k2011 = unitsFromObserverRows(observerRows('krippendorff2011_example_missing.csv'));
  const wiki = unitsFromObserverRows(observerRows('wikipedia_example.csv'));
  // Hayes & Krippendorff (2007) Table 1: units x observers, header row and a unit column.
  const hayes = dataLines('hayes2007_news_tone_table1.csv')
    .slice(1)
    .map((l) => l.split(',').slice(1).map(missing));
  // Krippendorff (2004) 11.3.1: space separated, header "article 1 2 ...", one row per observer led by a name.
  const k2004 = unitsFromObserverRows(
    dataLines('krippendorff2004_news_presence.txt')
      .slice(1)
      .map((l) => l.split(/\s+/).slice(1).map(missing)),
  );

  const cases: Array<[string, Array<Array<number | null>>, AlphaLevel, number, number]> = [
    ['2011 example', k2011, 'nominal', 0.743, 3],
    ['2011 example', k2011, 'ordinal', 0.815, 3],
    ['2011 example', k2011, 'interval', 0.849, 3],
    ['2011 example', k2011, 'ratio', 0.797, 3],
    ['Wikipedia example', wiki, 'nominal', 0.691358, 6],
    ['Wikipedia example', wiki, 'interval', 0.810845, 6],
    ['Krippendorff 2004 binary', k2004, 'nominal', 0.095, 3],
    ['Hayes 2007 Table 1', hayes, 'nominal', 0.47651, 6],
    ['Hayes 2007 Table 1', hayes, 'ordinal', 0.759829, 6],
    ['Hayes 2007 Table 1', hayes, 'interval', 0.757378, 6],
    ['Hayes 2007 Table 1', hayes, 'ratio', 0.662123, 6],
  ];
  it.each(cases)('%s, %s level = %d', (_name, units, level, expected, digits) => {
    expect(Number(krippendorffAlpha(units, { level }).toFixed(digits))).toBe(expected);
  });

  it('reads the files in the orientation EXPECTED.md describes', () => {
    expect(k2011).toHaveLength(12);
    expect(wiki).toHaveLength(15);
    expect(hayes).toHaveLength(40);
    expect(hayes.flat().filter((v) => v !== null)).toHaveLength(159);
    expect(k2004).toHaveLength(10);
  });
});

describe('Krippendorff alpha edge cases', () => {
  it('is 1 for perfect agreement and NaN without variation', () => {
    expect(krippendorffAlpha([[1, 1], [2, 2], [3, 3]])).toBe(1);
    expect(krippendorffAlpha([[1, 1], [1, 1]])).toBeNaN();
  });
  it('ignores units with a single value and accepts string categories', () => {
    const a = krippendorffAlpha([['a', 'a'], ['b', 'b'], ['a', 'b'], ['c', null, undefined]]);
    const b = krippendorffAlpha([['a', 'a'], ['b', 'b'], ['a', 'b']]);
    expect(a).toBe(b);
  });
  it('uses a custom order for ordinal strings', () => {
    const words = [['low', 'low'], ['mid', 'high'], ['high', 'high'], ['low', 'mid']];
    const numbers = [[1, 1], [2, 3], [3, 3], [1, 2]];
    expect(krippendorffAlpha(words, { level: 'ordinal', order: ['low', 'mid', 'high'] })).toBeCloseTo(
      krippendorffAlpha(numbers, { level: 'ordinal' }),
      12,
    );
  });
  it('rejects unusable input with a clear error', () => {
    expect(() => krippendorffAlpha([[1], [2]])).toThrow(QualityInputError);
    expect(() => krippendorffAlpha([['a', 'b']], { level: 'interval' })).toThrow(/needs numbers/);
  });
});
