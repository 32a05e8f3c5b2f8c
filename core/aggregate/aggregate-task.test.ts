import { describe, expect, it } from 'vitest';
import { parseLabelSchema, type LabelSchemaT } from '../schema/index.ts';
import { inferTruth } from '../quality/index.ts';
import { aggregateTask } from './aggregate-task.ts';
import { fieldModelFrom, posteriorFromModel } from './field-model.ts';
import { fieldMatchesGold, scoreGold } from './gold-score.ts';

function schema(fields: unknown[]): LabelSchemaT {
  const r = parseLabelSchema({ fields });
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.schema;
}

const s = schema([
  { name: 'sentiment', type: 'choice', options: ['pos', 'neg'] },
  { name: 'tags', type: 'choice', multiple: true, options: ['a', 'b', 'c'] },
  { name: 'stars', type: 'rating', max: 5 },
  { name: 'ents', type: 'spans', source: 'text', labels: ['PER', 'LOC'] },
  { name: 'cars', type: 'boxes', source: 'image', labels: ['car'] },
  { name: 'better', type: 'pairwise' },
  { name: 'order', type: 'ranking', candidates: 3 },
  { name: 'note', type: 'text', required: false },
]);

describe('aggregateTask', () => {
  const anns = [
    { userId: 1, value: { sentiment: 'pos', tags: ['a', 'b'], stars: 4, ents: [{ start: 0, end: 3, label: 'PER' }], cars: [{ x: 0, y: 0, width: 10, height: 10, label: 'car' }], better: { choice: 'A' }, order: [0, 1, 2], note: 'x' } },
    { userId: 2, value: { sentiment: 'pos', tags: ['a'], stars: 5, ents: [{ start: 0, end: 3, label: 'PER' }], cars: [{ x: 1, y: 1, width: 10, height: 10, label: 'car' }], better: { choice: 'B' }, order: [0, 2, 1], note: null } },
    { userId: 3, value: { sentiment: 'neg', tags: ['a', 'c'], stars: 2, ents: [], cars: [{ x: 0, y: 1, width: 10, height: 10, label: 'car' }], better: { choice: 'A' }, order: [0, 1, 2], note: 'z' } },
  ];
  const r = aggregateTask(s.fields, anns);

  it('gives each field type its aggregator', () => {
    expect(r.value.sentiment).toBe('pos');
    expect(r.fields.sentiment).toMatchObject({ confidence: 2 / 3, method: 'mv', votes: { pos: 2, neg: 1 } });
    expect(r.fields.sentiment.agreement).toBeCloseTo(1 / 3, 12); // 1 agreeing pair of 3
    expect(r.value.tags).toEqual(['a']); // a: 3/3, b and c: 1/3
    expect(r.value.stars).toBe(4);
    expect(r.value.ents).toEqual([{ start: 0, end: 3, label: 'PER' }]);
    expect(r.value.better).toEqual({ choice: 'A' });
    expect(r.value.order).toEqual([0, 1, 2]);
    expect(r.value.note).toBe('z');
    const boxes = r.value.cars as Array<{ x: number; label: string }>;
    expect(boxes).toHaveLength(1);
    expect(boxes[0].label).toBe('car');
    expect(boxes[0].x).toBeCloseTo(1 / 3, 9);
  });

  it('keeps a turned box turned, and matches gold boxes by their turned outline', () => {
    const box = { x: 50, y: 50, width: 20, height: 10, label: 'car' };
    const turned = aggregateTask(s.fields, [
      { userId: 1, value: { cars: [{ ...box, rotation: 30 }] } },
      { userId: 2, value: { cars: [{ ...box, rotation: 32 }] } },
    ]);
    const [merged] = turned.value.cars as Array<{ rotation?: number }>;
    expect(merged.rotation).toBeCloseTo(31, 9);
    const plain = aggregateTask(s.fields, [{ userId: 1, value: { cars: [box] } }, { userId: 2, value: { cars: [box] } }]);
    expect(plain.value.cars).toEqual([box]);
    const cars = s.fields.find((f) => f.name === 'cars')!;
    expect(fieldMatchesGold(cars, [{ ...box, rotation: 30 }], [{ ...box, rotation: 30 }])).toBe(true);
    // Same numbers but turned a quarter: a different region, which axis-aligned IoU could not tell.
    expect(fieldMatchesGold(cars, [box], [{ ...box, rotation: 90 }])).toBe(false);
  });

  it('takes the weakest field as the task confidence', () => {
    const confs = Object.values(r.fields).map((f) => f.confidence).filter((c): c is number => c !== null);
    expect(r.confidence).toBe(Math.min(...confs));
    expect(r.confidence).toBeLessThanOrEqual(2 / 3);
  });

  it('breaks ties by the answer seen first', () => {
    const tie = aggregateTask(s.fields, [{ userId: 1, value: { sentiment: 'neg' } }, { userId: 2, value: { sentiment: 'pos' } }]);
    expect(tie.value.sentiment).toBe('neg');
    expect(tie.confidence).toBe(0.5);
  });

  it('uses a fitted model: a reliable worker outweighs two who always disagree with the truth', () => {
    const answers = [];
    for (let i = 0; i < 40; i++) {
      const truth = i % 2 ? 'pos' : 'neg';
      const wrong = truth === 'pos' ? 'neg' : 'pos';
      answers.push({ item: `i${i}`, worker: 'good', label: truth }, { item: `i${i}`, worker: 'good2', label: truth });
      answers.push({ item: `i${i}`, worker: 'flip1', label: i % 4 === 0 ? truth : wrong });
    }
    const model = fieldModelFrom(inferTruth('ds', answers));
    const p = posteriorFromModel(model, [
      { worker: 'good', label: 'pos' },
      { worker: 'flip1', label: 'neg' },
    ]);
    expect(p.label).toBe('pos');
    expect(p.confidence).toBeGreaterThan(0.9);
    expect(p.posterior.pos + p.posterior.neg).toBeCloseTo(1, 12);
    const withModel = aggregateTask(s.fields, [{ userId: 'good', value: { sentiment: 'pos' } }, { userId: 'flip1', value: { sentiment: 'neg' } }], { sentiment: model });
    expect(withModel.fields.sentiment.method).toBe('ds');
    expect(withModel.value.sentiment).toBe('pos');
  });
});

describe('scoreGold', () => {
  it('matches each field by its own notion of the same answer', () => {
    const gold = { sentiment: 'pos', tags: ['b', 'a'], cars: [{ x: 0, y: 0, width: 10, height: 10, label: 'car' }] };
    expect(scoreGold(s.fields, { sentiment: 'pos', tags: ['a', 'b'], cars: [{ x: 1, y: 1, width: 10, height: 10, label: 'car' }] }, gold)).toEqual({
      correct: true,
      fields: { sentiment: true, tags: true, cars: true },
    });
    const wrong = scoreGold(s.fields, { sentiment: 'neg', tags: ['a', 'b'], cars: [{ x: 8, y: 8, width: 10, height: 10, label: 'car' }] }, gold);
    expect(wrong).toEqual({ correct: false, fields: { sentiment: false, tags: true, cars: false } });
  });
});
