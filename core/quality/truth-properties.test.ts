import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { inferTruth, QualityInputError, TRUTH_METHODS, type Answer, type TruthMethod, type TruthResult } from './index.ts';

const LABELS = ['L0', 'L1', 'L2', 'L3'];

/** Small random crowds: up to 8 items, 6 workers, 2..4 labels, each worker answering each item at most once. */
const crowd = fc
  .record({
    nLabels: fc.integer({ min: 2, max: 4 }),
    cells: fc.uniqueArray(fc.tuple(fc.integer({ min: 0, max: 7 }), fc.integer({ min: 0, max: 5 })), {
      minLength: 1,
      maxLength: 30,
      selector: ([i, w]) => `${i}/${w}`,
    }),
    picks: fc.array(fc.nat(), { minLength: 30, maxLength: 30 }),
  })
  .map(({ nLabels, cells, picks }) => ({
    labels: LABELS.slice(0, nLabels),
    answers: cells.map(([i, w], n): Answer => ({ item: `i${i}`, worker: `w${w}`, label: LABELS[picks[n] % nLabels] })),
  }));

const opts = { maxIter: 30 };
const run = (m: TruthMethod, answers: Answer[]): TruthResult => inferTruth(m, answers, opts);

/** Posterior vectors must be equal up to floating point; labels too when the winner is clear. */
function expectSameTruth(a: TruthResult, b: TruthResult, rename: (l: string) => string = (l) => l): void {
  expect([...b.items.keys()]).toEqual([...a.items.keys()]);
  for (const [item, ta] of a.items) {
    const tb = b.items.get(item)!;
    for (const [label, p] of Object.entries(ta.posterior)) expect(tb.posterior[rename(label)]).toBeCloseTo(p, 6);
    const sorted = Object.values(ta.posterior).sort((x, y) => y - x);
    if (sorted.length < 2 || sorted[0] - sorted[1] > 1e-6) expect(tb.label).toBe(rename(ta.label));
  }
  // MV-style worker quality follows the winners, so it can only match when no item was a tie.
  if (!hasTie(a)) for (const [worker, qa] of a.workers) expect(b.workers.get(worker)!.quality).toBeCloseTo(qa.quality, 6);
}

function hasTie(r: TruthResult): boolean {
  return [...r.items.values()].some((t) => Object.values(t.posterior).filter((p) => Math.abs(p - t.confidence) <= 1e-6).length > 1);
}

describe.each(TRUTH_METHODS)('%s properties', (method) => {
  it('renaming labels renames the results', () => {
    fc.assert(
      fc.property(crowd, fc.infiniteStream(fc.nat()), ({ labels, answers }, stream) => {
        // A random permutation of the label names (Fisher-Yates driven by the stream).
        const perm = [...labels];
        const it = stream[Symbol.iterator]();
        for (let i = perm.length - 1; i > 0; i--) {
          const j = it.next().value! % (i + 1);
          [perm[i], perm[j]] = [perm[j], perm[i]];
        }
        const rename = (l: string): string => `x${perm[labels.indexOf(l)]}`;
        const renamed = answers.map((a) => ({ ...a, label: rename(a.label) }));
        expectSameTruth(run(method, answers), run(method, renamed), rename);
      }),
      { numRuns: 60 },
    );
  });

  it('repeated answers count once, the last one wins', () => {
    fc.assert(
      fc.property(crowd, fc.nat(), ({ labels, answers }, k) => {
        const base = run(method, answers);
        // Exact copies change nothing at all.
        expect(run(method, [...answers, ...answers.slice(0, 1 + (k % answers.length))])).toEqual(base);
        // Nor does an earlier, different answer that the later one replaces.
        const at = k % answers.length;
        const other = labels.find((l) => l !== answers[at].label)!;
        const stale = [...answers.slice(0, at), { ...answers[at], label: other }, ...answers.slice(at)];
        expect(run(method, stale)).toEqual(base);
      }),
      { numRuns: 40 },
    );
  });

  it('is deterministic and returns proper distributions', () => {
    fc.assert(
      fc.property(crowd, ({ answers }) => {
        const a = run(method, answers);
        const b = run(method, answers);
        expect(b).toEqual(a);
        for (const t of a.items.values()) {
          const ps = Object.values(t.posterior);
          expect(ps.every((p) => p >= 0 && p <= 1)).toBe(true);
          expect(ps.reduce((s, p) => s + p, 0)).toBeCloseTo(1, 9);
          expect(t.confidence).toBe(t.posterior[t.label]);
        }
        for (const w of a.workers.values()) expect(w.quality).toBeGreaterThanOrEqual(0);
      }),
      { numRuns: 40 },
    );
  });

  it('handles an item with a single answer', () => {
    const r = inferTruth(method, [{ item: 'only', worker: 'w', label: 'cat' }]);
    expect(r.items.get('only')!.label).toBe('cat');
    expect(r.items.get('only')!.confidence).toBeCloseTo(1, 9);
    const mixed = inferTruth(method, [
      { item: 'a', worker: 'w1', label: 'x' },
      { item: 'a', worker: 'w2', label: 'x' },
      { item: 'a', worker: 'w3', label: 'y' },
      { item: 'b', worker: 'w1', label: 'y' }, // w1 agreed with the majority on 'a'
    ]);
    expect(mixed.items.get('b')!.label).toBe('y');
    expect(mixed.items.get('b')!.confidence).toBeGreaterThan(0.5);
  });

  it('rejects empty input with a clear error', () => {
    expect(() => inferTruth(method, [])).toThrow(QualityInputError);
    expect(() => inferTruth(method, [])).toThrow(/no answers/);
  });
});
