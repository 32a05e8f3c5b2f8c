import { describe, expect, it } from 'vitest';
import {
  aggregationKind,
  categoryOf,
  choiceValues,
  describeExpectedValue,
  emptyValue,
  isCategorical,
  validateAnnotation,
} from './index.ts';
import { schemaOf } from './testing/helpers.ts';

const schema = schemaOf(
  { name: 'single', type: 'choice', options: ['pos', { value: 'neg', label: 'Negative' }] },
  { name: 'multi', type: 'choice', multiple: true, options: ['a', 'b'] },
  { name: 'ents', type: 'spans', source: 'text', labels: ['PER'] },
  { name: 'cars', type: 'boxes', source: 'img', labels: ['car', 'bus'] },
  { name: 'roads', type: 'polygons', source: 'img', labels: ['road'] },
  { name: 'stars', type: 'rating', min: 2, max: 4 },
  { name: 'ab', type: 'pairwise' },
  { name: 'abt', type: 'pairwise', allowTie: true },
  { name: 'order', type: 'ranking', candidates: 3 },
  { name: 'note', type: 'text' },
  { name: 'count', type: 'number', integer: true },
);
const field = (name: string) => {
  const f = schema.fields.find((x) => x.name === name);
  if (!f) throw new Error(`no field ${name}`);
  return f;
};

describe('choiceValues', () => {
  it('lists the values answers are drawn from, per type', () => {
    expect(choiceValues(field('single'))).toEqual(['pos', 'neg']);
    expect(choiceValues(field('multi'))).toEqual(['a', 'b']);
    expect(choiceValues(field('ents'))).toEqual(['PER']);
    expect(choiceValues(field('cars'))).toEqual(['car', 'bus']);
    expect(choiceValues(field('stars'))).toEqual([2, 3, 4]);
    expect(choiceValues(field('ab'))).toEqual(['A', 'B']);
    expect(choiceValues(field('abt'))).toEqual(['A', 'B', 'tie']);
    for (const name of ['order', 'note', 'count']) expect(choiceValues(field(name))).toEqual([]);
  });
});

describe('isCategorical and categoryOf', () => {
  it('marks single choice, rating and pairwise as categorical, and nothing else', () => {
    const categorical = schema.fields.filter(isCategorical).map((f) => f.name);
    expect(categorical).toEqual(['single', 'stars', 'ab', 'abt']);
  });

  it('extracts the category of a valid answer', () => {
    expect(categoryOf(field('single'), 'neg')).toBe('neg');
    expect(categoryOf(field('stars'), 3)).toBe(3);
    expect(categoryOf(field('abt'), { choice: 'tie' })).toBe('tie');
    expect(categoryOf(field('multi'), ['a'])).toBeNull();
    expect(categoryOf(field('single'), null)).toBeNull();
    expect(categoryOf(field('ab'), 'A')).toBeNull();
  });
});

describe('emptyValue', () => {
  it('gives the editor\'s starting value per type', () => {
    const empties = Object.fromEntries(schema.fields.map((f) => [f.name, emptyValue(f)]));
    expect(empties).toEqual({
      single: null, multi: [], ents: [], cars: [], roads: [], stars: null, ab: null, abt: null,
      order: null, note: '', count: null,
    });
  });

  it('gives list empties that are valid answers', () => {
    const lists = ['multi', 'ents', 'cars', 'roads'];
    const s = schemaOf(...lists.map((name) => ({ ...field(name), required: true })));
    const value = Object.fromEntries(s.fields.map((f) => [f.name, emptyValue(f)]));
    expect(validateAnnotation(s, value).ok).toBe(true);
  });
});

describe('aggregationKind and describeExpectedValue', () => {
  it('maps each field to its aggregator family', () => {
    expect(schema.fields.map(aggregationKind)).toEqual([
      'truth-inference', 'per-option', 'span-vote', 'region-iou', 'region-iou', 'rating-median',
      'bradley-terry', 'bradley-terry', 'bradley-terry', 'reviewer-pick', 'numeric-median',
    ]);
  });

  it('describes the expected value', () => {
    expect(describeExpectedValue(field('single'))).toBe('choose one of pos, neg');
    expect(describeExpectedValue(field('stars'))).toBe('give an integer from 2 to 4');
    expect(describeExpectedValue(field('abt'))).toBe('give {choice: "A", "B" or "tie"}');
    expect(describeExpectedValue(field('order'))).toBe('give an order of the 3 candidates, e.g. [0, 1, 2]');
  });
});
