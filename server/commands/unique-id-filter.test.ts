import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { UniqueIdFilter } from './unique-id-filter.ts';

describe('UniqueIdFilter', () => {
  it('never forgets an id it was given (no false negatives)', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 40 }), { maxLength: 300 }), (ids) => {
        const f = new UniqueIdFilter();
        ids.forEach((id) => f.add(id));
        expect(ids.every((id) => f.mightHave(id))).toBe(true);
      }),
    );
  });

  it('answers "maybe" for few ids it was not given: under 0.5 % false positives after a million', () => {
    const f = new UniqueIdFilter();
    for (let i = 0; i < 1_000_000; i++) f.add(`t${i}`);
    let maybe = 0;
    for (let i = 0; i < 100_000; i++) if (f.mightHave(`other-${i}`)) maybe++;
    expect(maybe / 100_000).toBeLessThan(0.005);
    expect(f.mightHave('t999999')).toBe(true);
  });
});
