/**
 * Small seeded pseudo-random generator (mulberry32) so that every randomized
 * step in the quality engine (MACE restarts, synthetic benchmarks, property
 * tests) is reproducible from a 32-bit seed.
 *
 * @example
 * const rand = seededRandom(42);
 * rand(); // 0.6011037519201636, the same on every machine
 */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
