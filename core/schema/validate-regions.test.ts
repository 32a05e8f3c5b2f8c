import { describe, expect, it } from 'vitest';
import { MAX_ERRORS_PER_FIELD } from './index.ts';
import { errorsOf, onlyError, schemaOf, valueOf } from './testing/helpers.ts';

describe('spans', () => {
  const schema = schemaOf({ name: 'ents', type: 'spans', source: 'text', labels: ['PER', 'ORG'] });
  const data = { text: 'Ada Lovelace met Babbage' };

  it('accepts spans, overlapping ones, quoted text and none at all', () => {
    const spans = [
      { start: 0, end: 12, label: 'PER', text: 'Ada Lovelace' },
      { start: 4, end: 12, label: 'ORG' },
      { start: 17, end: 24, label: 'PER' },
    ];
    expect(valueOf(schema, { ents: spans }, data)).toEqual({ ents: spans });
    expect(valueOf(schema, { ents: [] }, data)).toEqual({ ents: [] });
  });

  it('checks offsets against the text only when the task data holds it as a string', () => {
    const far = { ents: [{ start: 30, end: 40, label: 'PER' }] };
    expect(valueOf(schema, far)).toEqual(far);
    expect(valueOf(schema, far, { text: 12 })).toEqual(far);
    expect(onlyError(schema, far, 'ents', 'span_out_of_bounds', data)).toBe(
      'field "ents": span 0: end 40 is past the end of the text (length 24)',
    );
  });

  it('accepts a span ending exactly at the end of the text', () => {
    expect(valueOf(schema, { ents: [{ start: 17, end: 24, label: 'PER' }] }, data)).toMatchObject({ ents: [{ end: 24 }] });
  });

  it('refuses bad offsets: negative, fractional, empty or reversed', () => {
    for (const [start, end] of [[-1, 3], [0.5, 3], [3, 3], [5, 2], [0, '4']] as const) {
      onlyError(schema, { ents: [{ start, end, label: 'PER' }] }, 'ents', 'invalid_span', data);
    }
  });

  it('refuses labels that are not in the schema, or missing', () => {
    expect(onlyError(schema, { ents: [{ start: 0, end: 3, label: 'LOC' }] }, 'ents', 'invalid_label', data)).toBe(
      'field "ents": span 0: label "LOC" is not one of PER, ORG',
    );
    onlyError(schema, { ents: [{ start: 0, end: 3 }] }, 'ents', 'invalid_label', data);
  });

  it('refuses quoted text that does not match the source at the offsets', () => {
    expect(
      onlyError(schema, { ents: [{ start: 0, end: 3, label: 'PER', text: 'Bob' }] }, 'ents', 'span_text_mismatch', data),
    ).toContain('"Ada"');
  });

  it('refuses the same span twice, unknown keys, non-objects and a non-list', () => {
    const s = { start: 0, end: 3, label: 'PER' };
    onlyError(schema, { ents: [s, { ...s }] }, 'ents', 'duplicate_span', data);
    onlyError(schema, { ents: [{ ...s, score: 0.9 }] }, 'ents', 'unknown_property', data);
    onlyError(schema, { ents: [null] }, 'ents', 'invalid_type', data);
    onlyError(schema, { ents: { 0: s } }, 'ents', 'invalid_type', data);
  });

  it(`reports at most ${MAX_ERRORS_PER_FIELD} problems per field`, () => {
    const many = Array.from({ length: 100 }, () => ({ start: 5, end: 1, label: 'PER' }));
    expect(errorsOf(schema, { ents: many })).toHaveLength(MAX_ERRORS_PER_FIELD);
  });
});

describe('boxes', () => {
  const schema = schemaOf({ name: 'cars', type: 'boxes', source: 'image', labels: ['car', 'truck'] });
  const box = { x: 10, y: 0, width: 30.5, height: 20, label: 'car' };

  it('accepts boxes in pixels or normalized units, with optional rotation, and none', () => {
    const boxes = [box, { x: 0.1, y: 0.2, width: 0.3, height: 0.4, label: 'truck', rotation: -15 }];
    expect(valueOf(schema, { cars: boxes })).toEqual({ cars: boxes });
    expect(valueOf(schema, { cars: [] })).toEqual({ cars: [] });
  });

  it('refuses negative or non-finite coordinates and non-positive sizes', () => {
    for (const bad of [{ x: -1 }, { y: Number.NaN }, { width: 0 }, { height: -2 }, { x: '1' }, { rotation: 'left' }]) {
      onlyError(schema, { cars: [{ ...box, ...bad }] }, 'cars', 'invalid_box');
    }
    const { width: _, ...noWidth } = box;
    expect(onlyError(schema, { cars: [noWidth] }, 'cars', 'invalid_box')).toContain('width must be a number > 0');
  });

  it('refuses unknown labels, unknown keys and non-lists', () => {
    onlyError(schema, { cars: [{ ...box, label: 'bus' }] }, 'cars', 'invalid_label');
    onlyError(schema, { cars: [{ ...box, id: 'b1' }] }, 'cars', 'unknown_property');
    onlyError(schema, { cars: box }, 'cars', 'invalid_type');
    onlyError(schema, { cars: [[10, 0, 30, 20]] }, 'cars', 'invalid_type');
  });

  it('names the item in each message', () => {
    const errors = errorsOf(schema, { cars: [box, { ...box, width: 0 }] });
    expect(errors).toEqual([{ field: 'cars', code: 'invalid_box', message: 'field "cars": box 1: width must be a number > 0, got 0' }]);
  });
});

describe('polygons', () => {
  const schema = schemaOf({ name: 'roads', type: 'polygons', source: 'image', labels: ['road'] });
  const triangle = { points: [[0, 0], [10, 0], [5, 8.5]], label: 'road' };

  it('accepts polygons of three or more points, and none', () => {
    const square = { points: [[0, 0], [1, 0], [1, 1], [0, 1]], label: 'road' };
    expect(valueOf(schema, { roads: [triangle, square] })).toEqual({ roads: [triangle, square] });
    expect(valueOf(schema, { roads: [] })).toEqual({ roads: [] });
  });

  it('refuses too few points and malformed points', () => {
    expect(onlyError(schema, { roads: [{ ...triangle, points: [[0, 0], [1, 1]] }] }, 'roads', 'invalid_polygon')).toContain(
      'at least 3 points',
    );
    for (const points of [[[0, 0], [1, 1], [2]], [[0, 0], [1, 1], [2, -1]], [[0, 0], [1, 1], ['2', 2]], 'M0 0 L1 1', [[0, 0], [1, 1], [2, 2, 2]]]) {
      onlyError(schema, { roads: [{ ...triangle, points }] }, 'roads', 'invalid_polygon');
    }
  });

  it('refuses unknown labels and unknown keys', () => {
    onlyError(schema, { roads: [{ ...triangle, label: 'river' }] }, 'roads', 'invalid_label');
    onlyError(schema, { roads: [{ ...triangle, closed: true }] }, 'roads', 'unknown_property');
  });

  it('returns copies, not the caller\'s arrays', () => {
    const input = { roads: [triangle] };
    const out = valueOf(schema, input) as { roads: { points: number[][] }[] };
    expect(out.roads[0]!.points).toEqual(triangle.points);
    expect(out.roads[0]!.points).not.toBe(triangle.points);
    expect(out.roads[0]!.points[0]).not.toBe(triangle.points[0]);
  });
});
