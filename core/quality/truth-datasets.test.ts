import { describe, expect, it } from 'vitest';
import { encodeAnswers, inferTruth, type TruthMethod } from './index.ts';
import { accuracy, crowdKitFigures, loadTruthDataset, truthDatasetNames } from './test-data.ts';

/*
 * crowd-kit 1.4.1's MACE builds its per-worker spamming-strategy counts with
 * a pandas groupby (rows sorted by worker id, columns sorted by label) but
 * reads them back by position in factorize (first-seen) order, so strategies
 * land on the wrong workers whenever the two orders differ. Re-running its
 * computation step by step in Debian's numpy/pandas reproduces the README's
 * MACE column exactly (.8056, .8302, .9500, .9290); with the rows aligned the
 * same code gives .8611, .8302, .9570, .8162 and a far higher log marginal
 * likelihood on every set (e.g. d_jn-product -8917 vs -12667). Our MACE is the
 * aligned model, so on the two sets where the misalignment changes the
 * outcome we compare against the aligned reference (at least it minus 0.01;
 * on d_jn-product the likelihood surface is flat and runs land between .815
 * and .844 depending on the start). See docs/quality.md.
 */
const MACE_ALIGNED: Record<string, number> = { d_Duck_Identification: 0.8611, 'd_jn-product': 0.8162 };

const figures = crowdKitFigures();

describe.each(truthDatasetNames())('truth inference on %s', (name) => {
  const data = loadTruthDataset(name);
  const enc = encodeAnswers(data.answers); // encode once, run every method on it
  const ref = figures.get(name)!;
  const acc = (method: TruthMethod): number => accuracy(inferTruth(method, enc).items, data.truth);

  it('has a crowd-kit row in the README', () => expect(ref).toBeDefined());
  it('majority vote is at least crowd-kit minus 0.005', () => expect(acc('mv')).toBeGreaterThanOrEqual((ref.MV as number) - 0.005));
  it('Dawid-Skene is at least crowd-kit minus 0.005', () => expect(acc('ds')).toBeGreaterThanOrEqual((ref.DS as number) - 0.005));
  it('GLAD is within 0.01 of crowd-kit', () => expect(Math.abs(acc('glad') - (ref.GLAD as number))).toBeLessThanOrEqual(0.01));
  it('MACE is within 0.01 of crowd-kit (or at least the aligned reference minus 0.01)', () => {
    const got = acc('mace');
    if (name in MACE_ALIGNED) expect(got).toBeGreaterThanOrEqual(MACE_ALIGNED[name] - 0.01);
    else expect(Math.abs(got - (ref.MACE as number))).toBeLessThanOrEqual(0.01);
  });
  it('one-coin DS and weighted MV run and give posteriors that sum to 1', () => {
    for (const method of ['one-coin', 'wmv'] as const) {
      const r = inferTruth(method, enc);
      expect(r.items.size).toBe(enc.items.length);
      for (const t of r.items.values()) {
        const sum = Object.values(t.posterior).reduce((s, p) => s + p, 0);
        expect(sum).toBeCloseTo(1, 9);
      }
    }
  });
});
