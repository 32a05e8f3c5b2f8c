import { describe, expect, it } from 'vitest';
import { errorsOf, onlyError, schemaOf, valueOf } from './testing/helpers.ts';

describe('validateAnnotation: the value as a whole', () => {
  const schema = schemaOf(
    { name: 'sentiment', type: 'choice', options: ['pos', 'neg', 'neutral'] },
    { name: 'note', type: 'text', required: false },
  );

  it('accepts a valid value and returns a normalized copy with optional fields as null', () => {
    const input = { sentiment: 'pos' };
    const out = valueOf(schema, input);
    expect(out).toEqual({ sentiment: 'pos', note: null });
    expect(out).not.toBe(input);
  });

  it('accepts null for an optional field', () => {
    expect(valueOf(schema, { sentiment: 'neg', note: null })).toEqual({ sentiment: 'neg', note: null });
  });

  it('refuses a value that is not an object', () => {
    for (const bad of [null, 'pos', 3, ['pos'], undefined]) {
      expect(errorsOf(schema, bad)).toMatchObject([{ field: '', code: 'not_an_object' }]);
    }
  });

  it('refuses unknown fields, naming the known ones', () => {
    const errors = errorsOf(schema, { sentiment: 'pos', mood: 'x' });
    expect(errors).toEqual([
      { field: 'mood', code: 'unknown_field', message: 'unknown field "mood": remove it; this project\'s fields are sentiment, note' },
    ]);
  });

  it('refuses a missing or null required field, saying what to give', () => {
    for (const value of [{}, { sentiment: null }]) {
      expect(errorsOf(schema, value)).toEqual([
        { field: 'sentiment', code: 'required', message: 'field "sentiment" is required: choose one of pos, neg, neutral' },
      ]);
    }
  });

  it('never reads inherited properties as answers', () => {
    const s = schemaOf({ name: 'constructor', type: 'text' });
    expect(errorsOf(s, {})).toMatchObject([{ field: 'constructor', code: 'required' }]);
    expect(valueOf(s, { constructor: 'hi' })).toEqual({ constructor: 'hi' });
  });

  it('lists errors of several fields at once', () => {
    const errors = errorsOf(schema, { sentiment: 'maybe', note: 5, extra: true });
    expect(errors.map((e) => [e.field, e.code])).toEqual([
      ['extra', 'unknown_field'],
      ['sentiment', 'invalid_option'],
      ['note', 'invalid_type'],
    ]);
  });
});

describe('choice', () => {
  const single = schemaOf({ name: 'sentiment', type: 'choice', options: ['pos', 'neg', 'neutral'] });
  const multi = schemaOf({ name: 'tags', type: 'choice', multiple: true, options: ['a', 'b', 'c'] });

  it('accepts one option value', () => {
    expect(valueOf(single, { sentiment: 'neutral' })).toEqual({ sentiment: 'neutral' });
  });

  it('refuses a value that is not an option, listing the options', () => {
    expect(onlyError(single, { sentiment: 'maybe' }, 'sentiment', 'invalid_option')).toBe(
      'field "sentiment": "maybe" is not one of pos, neg, neutral',
    );
  });

  it('refuses a non-string for a single choice', () => {
    onlyError(single, { sentiment: ['pos'] }, 'sentiment', 'invalid_type');
    onlyError(single, { sentiment: 1 }, 'sentiment', 'invalid_type');
  });

  it('accepts distinct option values for a multiple choice, including none', () => {
    expect(valueOf(multi, { tags: ['c', 'a'] })).toEqual({ tags: ['c', 'a'] });
    expect(valueOf(multi, { tags: [] })).toEqual({ tags: [] });
  });

  it('refuses a bare string, unknown options, non-strings and repeats in a multiple choice', () => {
    onlyError(multi, { tags: 'a' }, 'tags', 'invalid_type');
    expect(onlyError(multi, { tags: ['a', 'z'] }, 'tags', 'invalid_option')).toContain('"z" is not one of a, b, c');
    onlyError(multi, { tags: ['a', 2] }, 'tags', 'invalid_type');
    onlyError(multi, { tags: ['a', 'a'] }, 'tags', 'duplicate_option');
  });
});

describe('rating', () => {
  const schema = schemaOf({ name: 'q', type: 'rating' }, { name: 'nps', type: 'rating', min: 0, max: 10 });

  it('accepts integers on the scale, including both ends', () => {
    expect(valueOf(schema, { q: 1, nps: 0 })).toEqual({ q: 1, nps: 0 });
    expect(valueOf(schema, { q: 5, nps: 10 })).toEqual({ q: 5, nps: 10 });
  });

  it('refuses values off the scale, fractions and non-numbers', () => {
    expect(onlyError(schema, { q: 6, nps: 3 }, 'q', 'out_of_range')).toContain('outside the scale 1 to 5');
    onlyError(schema, { q: 0, nps: 3 }, 'q', 'out_of_range');
    onlyError(schema, { q: 3, nps: -1 }, 'nps', 'out_of_range');
    onlyError(schema, { q: 2.5, nps: 3 }, 'q', 'not_integer');
    onlyError(schema, { q: '3', nps: 3 }, 'q', 'invalid_type');
    onlyError(schema, { q: Number.NaN, nps: 3 }, 'q', 'invalid_type');
  });
});

describe('pairwise', () => {
  const plain = schemaOf({ name: 'p', type: 'pairwise' });
  const rich = schemaOf({ name: 'p', type: 'pairwise', strength: true, allowTie: true });

  it('accepts A or B, and strength and tie when enabled', () => {
    expect(valueOf(plain, { p: { choice: 'A' } })).toEqual({ p: { choice: 'A' } });
    expect(valueOf(rich, { p: { choice: 'B', strength: 3 } })).toEqual({ p: { choice: 'B', strength: 3 } });
    expect(valueOf(rich, { p: { choice: 'tie' } })).toEqual({ p: { choice: 'tie' } });
    expect(valueOf(rich, { p: { choice: 'A', strength: null } })).toEqual({ p: { choice: 'A' } });
  });

  it('refuses a bad shape or choice', () => {
    onlyError(plain, { p: 'A' }, 'p', 'invalid_type');
    onlyError(plain, { p: { choice: 'C' } }, 'p', 'invalid_choice');
    onlyError(plain, { p: { choice: 'a' } }, 'p', 'invalid_choice');
    onlyError(plain, { p: {} }, 'p', 'invalid_choice');
    onlyError(plain, { p: { choice: 'A', why: 'x' } }, 'p', 'unknown_property');
  });

  it('refuses a tie unless allowed', () => {
    expect(onlyError(plain, { p: { choice: 'tie' } }, 'p', 'tie_not_allowed')).toContain('choose "A" or "B"');
  });

  it('refuses a strength unless enabled, out of 1..3, or on a tie', () => {
    onlyError(plain, { p: { choice: 'A', strength: 2 } }, 'p', 'strength_not_allowed');
    onlyError(rich, { p: { choice: 'A', strength: 4 } }, 'p', 'invalid_strength');
    onlyError(rich, { p: { choice: 'A', strength: 1.5 } }, 'p', 'invalid_strength');
    onlyError(rich, { p: { choice: 'tie', strength: 1 } }, 'p', 'invalid_strength');
  });
});

describe('ranking', () => {
  const fixed = schemaOf({ name: 'r', type: 'ranking', candidates: 3 });
  const fromData = schemaOf({ name: 'r', type: 'ranking', source: 'responses' });
  const data = { responses: ['x', 'y', 'z', 'w'] };

  it('accepts a permutation of 0..n-1 with n from candidates or from the task data', () => {
    expect(valueOf(fixed, { r: [2, 0, 1] })).toEqual({ r: [2, 0, 1] });
    expect(valueOf(fromData, { r: [3, 1, 0, 2] }, data)).toEqual({ r: [3, 1, 0, 2] });
  });

  it('refuses a partial ranking, an index out of range, repeats and non-indices', () => {
    expect(onlyError(fixed, { r: [2, 0] }, 'r', 'invalid_ranking')).toContain('missing 1');
    expect(onlyError(fixed, { r: [0, 1, 3] }, 'r', 'invalid_ranking')).toContain('only 3 candidates');
    onlyError(fixed, { r: [0, 0, 1] }, 'r', 'invalid_ranking');
    onlyError(fixed, { r: [0, 1, 1.5] }, 'r', 'invalid_ranking');
    onlyError(fixed, { r: [0, 1, '2'] }, 'r', 'invalid_ranking');
    onlyError(fixed, { r: '0,1,2' }, 'r', 'invalid_type');
    onlyError(fromData, { r: [0, 1, 2] }, 'r', 'invalid_ranking', data);
  });

  it('requires only distinct non-negative integers when n is unknown', () => {
    expect(valueOf(fromData, { r: [5, 2] })).toEqual({ r: [5, 2] });
    expect(valueOf(fromData, { r: [5, 2] }, { responses: 'not a list' })).toEqual({ r: [5, 2] });
    onlyError(fromData, { r: [5, 5] }, 'r', 'invalid_ranking');
    onlyError(fromData, { r: [-1] }, 'r', 'invalid_ranking');
  });
});

describe('text', () => {
  const schema = schemaOf({ name: 't', type: 'text', min: 2, max: 5 });
  const optional = schemaOf({ name: 't', type: 'text', required: false });

  it('accepts text within the bounds, counting code points', () => {
    expect(valueOf(schema, { t: 'hello' })).toEqual({ t: 'hello' });
    expect(valueOf(schema, { t: '😀😀😀😀😀' })).toEqual({ t: '😀😀😀😀😀' });
  });

  it('refuses text too short, too long, blank when required, and non-strings', () => {
    expect(onlyError(schema, { t: 'h' }, 't', 'too_short')).toContain('at least 2');
    expect(onlyError(schema, { t: 'hello!' }, 't', 'too_long')).toContain('at most 5');
    onlyError(schema, { t: '   ' }, 't', 'required');
    onlyError(schema, { t: 42 }, 't', 'invalid_type');
  });

  it('lets an optional text field be empty', () => {
    expect(valueOf(optional, { t: '' })).toEqual({ t: '' });
  });
});

describe('number', () => {
  const schema = schemaOf({ name: 'n', type: 'number', min: -1, max: 10.5 });
  const integer = schemaOf({ name: 'n', type: 'number', integer: true });

  it('accepts finite numbers within the bounds', () => {
    expect(valueOf(schema, { n: -1 })).toEqual({ n: -1 });
    expect(valueOf(schema, { n: 10.5 })).toEqual({ n: 10.5 });
    expect(valueOf(integer, { n: -123456 })).toEqual({ n: -123456 });
  });

  it('refuses numbers out of bounds, fractions for integers, non-finite and non-numbers', () => {
    expect(onlyError(schema, { n: -2 }, 'n', 'out_of_range')).toContain('below the minimum -1');
    expect(onlyError(schema, { n: 11 }, 'n', 'out_of_range')).toContain('above the maximum 10.5');
    onlyError(integer, { n: 0.5 }, 'n', 'not_integer');
    onlyError(schema, { n: Number.POSITIVE_INFINITY }, 'n', 'invalid_type');
    onlyError(schema, { n: '3' }, 'n', 'invalid_type');
  });
});
