import { describe, expect, it } from 'vitest';
import { RefitPacer } from './refit-pacer.ts';

describe('RefitPacer', () => {
  it('lets a first refit run at once, then waits nine times the last refit at a 10 % share', () => {
    let now = 1_000;
    const pacer = new RefitPacer(0.1, 60_000, () => now);
    expect(pacer.waitMs(7)).toBe(0);
    now = 1_200;
    pacer.record(7, 1_000, 1_200); // took 200 ms
    expect(pacer.waitMs(7)).toBe(1_800);
    now = 2_000;
    expect(pacer.waitMs(7)).toBe(1_000);
    now = 3_000;
    expect(pacer.waitMs(7)).toBe(0);
    expect(pacer.waitMs(8)).toBe(0); // other projects are paced on their own
  });

  it('never waits longer than its cap, and a share of 1 never waits', () => {
    const pacer = new RefitPacer(0.1, 5_000, () => 0);
    pacer.record(1, -10_000, 0); // took 10 s: 90 s pause, capped
    expect(pacer.waitMs(1)).toBe(5_000);
    const unpaced = new RefitPacer(1, 5_000, () => 0);
    unpaced.record(1, -10_000, 0);
    expect(unpaced.waitMs(1)).toBe(0);
  });
});
