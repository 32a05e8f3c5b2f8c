import { describe, expect, it } from 'vitest';
import { encodeAnswers, inferTruth, QualityInputError, type Answer } from './index.ts';

const tie: Answer[] = [
  { item: 't', worker: 'a', label: 'pos' },
  { item: 't', worker: 'b', label: 'neg' },
];

describe('majority vote', () => {
  it('breaks ties by the first label in sorted order, or in options.labels order', () => {
    expect(inferTruth('mv', tie).items.get('t')).toEqual({ label: 'neg', confidence: 0.5, posterior: { neg: 0.5, pos: 0.5 } });
    expect(inferTruth('mv', tie, { labels: ['pos', 'neg'] }).items.get('t')!.label).toBe('pos');
  });
  it('reports each worker agreement with the winner', () => {
    const r = inferTruth('mv', [...tie, { item: 't', worker: 'c', label: 'pos' }, { item: 'u', worker: 'b', label: 'neg' }]);
    expect(r.workers.get('a')).toEqual({ quality: 1, answers: 1 });
    expect(r.workers.get('b')).toEqual({ quality: 0.5, answers: 2 });
  });
  it('accepts labels nobody used and rejects labels outside options.labels', () => {
    const r = inferTruth('mv', tie, { labels: ['neg', 'neu', 'pos'] });
    expect(r.items.get('t')!.posterior).toEqual({ neg: 0.5, neu: 0, pos: 0.5 });
    expect(() => inferTruth('mv', tie, { labels: ['pos'] })).toThrow(/label "neg" is not in options.labels/);
  });
});

describe('weighted majority vote', () => {
  it('weighs answers by worker weight and defaults missing workers to the mean weight', () => {
    const r = inferTruth('wmv', tie, { weights: { a: 0.9, b: 0.6 } });
    expect(r.items.get('t')!.label).toBe('pos');
    expect(r.items.get('t')!.confidence).toBeCloseTo(0.6, 12);
    expect(r.workers.get('a')!.weight).toBe(0.9);
    const m = inferTruth('wmv', [...tie, { item: 't', worker: 'c', label: 'neg' }], { weights: new Map([['a', 0.9], ['b', 0.3]]) });
    expect(m.workers.get('c')!.weight).toBeCloseTo(0.6, 12);
    expect(m.items.get('t')!.posterior.pos).toBeCloseTo(0.9 / 1.8, 12);
  });
  it('rejects negative weights', () => {
    expect(() => inferTruth('wmv', tie, { weights: { a: -1 } })).toThrow(QualityInputError);
  });
});

describe('inferTruth', () => {
  const crowd: Answer[] = [];
  for (let i = 0; i < 30; i++) {
    const truth = i % 3 === 0 ? 'b' : 'a';
    for (let w = 0; w < 5; w++) {
      // Worker 4 always answers 'a'; the others are right except on every 7th item.
      const label = w === 4 ? 'a' : (i + w) % 7 === 0 ? (truth === 'a' ? 'b' : 'a') : truth;
      crowd.push({ item: `i${i}`, worker: `w${w}`, label });
    }
  }

  it('gives the same result for objects and the pre-encoded form', () => {
    const enc = encodeAnswers(crowd);
    for (const m of ['mv', 'ds', 'glad', 'mace'] as const) expect(inferTruth(m, enc)).toEqual(inferTruth(m, crowd));
  });
  it('Dawid-Skene learns a confusion matrix per worker and sees through the constant worker', () => {
    const r = inferTruth('ds', crowd);
    const constant = r.workers.get('w4')!;
    expect(constant.confusion).toHaveLength(2);
    expect(constant.confusion![1][0]).toBeGreaterThan(0.99); // true 'b' -> answered 'a'
    expect(r.workers.get('w0')!.quality).toBeGreaterThan(constant.quality);
    expect(r.converged).toBe(true);
    expect(r.iterations).toBeGreaterThan(0);
  });
  it('reports converged = false when maxIter stops the run', () => {
    expect(inferTruth('ds', crowd, { maxIter: 1, tol: 0 }).converged).toBe(false);
  });
  it('GLAD gives abilities and difficulties, MACE competences and strategies', () => {
    const g = inferTruth('glad', crowd);
    expect(g.workers.get('w0')!.ability).toBeGreaterThan(g.workers.get('w4')!.ability!);
    expect(g.items.get('i0')!.difficulty).toBeGreaterThan(0);
    const m = inferTruth('mace', crowd);
    expect(m.workers.get('w4')!.strategy!.a).toBeGreaterThan(0.5);
    expect(m.workers.get('w0')!.quality).toBeGreaterThan(m.workers.get('w4')!.quality);
  });
  it('rejects bad input with clear errors', () => {
    expect(() => inferTruth('nope' as 'mv', crowd)).toThrow(/unknown truth method "nope"/);
    expect(() => inferTruth('ds', crowd, { maxIter: 0 })).toThrow(/maxIter/);
    const enc = encodeAnswers(crowd);
    expect(() => inferTruth('mv', { ...enc, label: enc.label.subarray(1) })).toThrow(/same length/);
    expect(() => inferTruth('mv', { ...enc, worker: enc.worker.map(() => 99) })).toThrow(/out of range/);
  });
});
