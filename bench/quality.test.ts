import { describe, expect, it } from 'vitest';
import { probeCrowdKit } from './quality-crowdkit.ts';
import { syntheticCrowd } from './quality-synthetic.ts';

describe('quality bench helpers', () => {
  it('builds the same synthetic crowd from the same seed, with distinct workers per item', () => {
    const spec = { items: 200, workers: 30, classes: 5, answersPerItem: 10, seed: 7 };
    const a = syntheticCrowd(spec);
    expect(syntheticCrowd(spec)).toEqual(a);
    expect(a.answers.item).toHaveLength(2000);
    for (let i = 0; i < 200; i++) {
      const workers = new Set(a.answers.worker.subarray(i * 10, i * 10 + 10));
      expect(workers.size).toBe(10);
    }
    expect(syntheticCrowd({ ...spec, seed: 8 }).answers.label).not.toEqual(a.answers.label);
  });
  it('says why crowd-kit is skipped', () => {
    const probe = probeCrowdKit({});
    expect(probe.ok).toBe(false);
    if (!probe.ok) expect(probe.reason).toMatch(/CROWDKIT_PATH/);
  });
});
