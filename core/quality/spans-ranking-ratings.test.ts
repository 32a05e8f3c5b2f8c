import { describe, expect, it } from 'vitest';
import {
  aggregateRatings,
  bradleyTerry,
  bradleyTerryFromRankings,
  krippendorffAlpha,
  median,
  QualityInputError,
  spanF1,
  spanOverlapF1,
  voteSpans,
  type Comparison,
} from './index.ts';

describe('span F1', () => {
  const gold = [{ start: 0, end: 5, label: 'PER' }, { start: 10, end: 20, label: 'ORG' }];
  it('exact match counts only identical spans', () => {
    const pred = [{ start: 0, end: 5, label: 'PER' }, { start: 10, end: 19, label: 'ORG' }, { start: 30, end: 35, label: 'LOC' }];
    expect(spanF1(pred, gold)).toEqual({ precision: 1 / 3, recall: 1 / 2, f1: 2 / 5, matched: 1 });
    expect(spanF1([], [])).toEqual({ precision: 1, recall: 1, f1: 1, matched: 0 });
  });
  it('character overlap gives partial credit, per label', () => {
    const pred = [{ start: 0, end: 5, label: 'PER' }, { start: 12, end: 20, label: 'ORG' }, { start: 0, end: 5, label: 'ORG' }];
    const s = spanOverlapF1(pred, gold);
    // matched: 5 (PER) + 8 (ORG); pred size 5 + 8 + 5 = 18, gold size 5 + 10 = 15.
    expect(s.matched).toBe(13);
    expect(s.f1).toBeCloseTo(26 / 33, 14);
  });
  it('token overlap marks a token when any span of the label touches it', () => {
    const tokens: Array<[number, number]> = [[0, 5], [6, 9], [10, 15], [16, 20]];
    const pred = [{ start: 0, end: 3, label: 'PER' }, { start: 16, end: 18, label: 'ORG' }];
    const s = spanOverlapF1(pred, gold, { tokens });
    expect(s).toEqual({ precision: 1, recall: 2 / 3, f1: 0.8, matched: 2 });
  });
  it('voteSpans keeps characters a majority marked and joins touching runs', () => {
    const out = voteSpans([
      [{ start: 0, end: 5, label: 'X' }],
      [{ start: 0, end: 10, label: 'X' }],
      [{ start: 5, end: 10, label: 'X' }, { start: 20, end: 25, label: 'Y' }],
    ]);
    expect(out).toEqual([{ start: 0, end: 10, label: 'X' }]);
  });
  it('rejects malformed spans', () => expect(() => spanF1([{ start: 5, end: 2, label: 'A' }], [])).toThrow(QualityInputError));
});

describe('Bradley-Terry (MM, Hunter 2004)', () => {
  it('recovers the closed form for two items: gamma_a / gamma_b = wins_a / wins_b', () => {
    const games: Comparison[] = [
      { a: 'A', b: 'B', winner: 'a' },
      { a: 'B', b: 'A', winner: 'b' },
      { a: 'A', b: 'B', winner: 'b' },
    ];
    const r = bradleyTerry(games, { prior: 0 });
    expect(r.scores.get('A')! / r.scores.get('B')!).toBeCloseTo(2, 8);
    expect(r.ranking).toEqual(['A', 'B']);
    expect(r.converged).toBe(true);
  });
  it('satisfies the likelihood equations W_i = sum_j N_ij g_i / (g_i + g_j)', () => {
    const games: Comparison[] = [];
    const strength: Record<string, number> = { a: 4, b: 2, c: 1, d: 0.5 };
    const names = Object.keys(strength);
    let k = 0;
    for (let rep = 0; rep < 20; rep++) {
      for (const x of names) {
        for (const y of names) {
          if (x >= y) continue;
          // Deterministic outcomes roughly following the strengths, with a few ties.
          const p = strength[x] / (strength[x] + strength[y]);
          const u = ((k++ * 0.6180339887) % 1 + 1) % 1;
          games.push({ a: x, b: y, winner: u < 0.05 ? 'tie' : u < p ? 'a' : 'b' });
        }
      }
    }
    const r = bradleyTerry(games, { prior: 0 });
    const wins = new Map<string, number>();
    for (const g of games) {
      wins.set(g.a, (wins.get(g.a) ?? 0) + (g.winner === 'a' ? 1 : g.winner === 'tie' ? 0.5 : 0));
      wins.set(g.b, (wins.get(g.b) ?? 0) + (g.winner === 'b' ? 1 : g.winner === 'tie' ? 0.5 : 0));
    }
    for (const i of names) {
      let expected = 0;
      for (const g of games) {
        const other = g.a === i ? g.b : g.b === i ? g.a : undefined;
        if (other) expected += r.scores.get(i)! / (r.scores.get(i)! + r.scores.get(other)!);
      }
      expect(expected).toBeCloseTo(wins.get(i)!, 6);
    }
    expect(r.ranking).toEqual(['a', 'b', 'c', 'd']);
    expect([...r.scores.values()].reduce((s, v) => s + v, 0)).toBeCloseTo(1, 12);
  });
  it('needs the prior when an item never won, and then stays finite', () => {
    const games: Comparison[] = [{ a: 'x', b: 'y', winner: 'a' }];
    expect(() => bradleyTerry(games, { prior: 0 })).toThrow(/never won/);
    const r = bradleyTerry(games);
    expect(r.logScores.get('x')! > r.logScores.get('y')!).toBe(true);
    expect(Number.isFinite(r.logScores.get('y')!)).toBe(true);
  });
  it('decomposes rankings into pairs', () => {
    const r = bradleyTerryFromRankings([['a', 'b', 'c'], ['a', 'c', 'b'], ['b', 'a', 'c']]);
    expect(r.ranking).toEqual(['a', 'b', 'c']);
    expect(() => bradleyTerryFromRankings([['a', 'a']])).toThrow(QualityInputError);
  });
});

describe('ratings', () => {
  it('median handles odd and even counts', () => {
    expect(median([3, 1, 2])).toBe(2);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(() => median([])).toThrow(QualityInputError);
  });
  it('aggregates by median with spread and interval alpha', () => {
    const answers = [
      { item: 'a', worker: 'u', value: 4 },
      { item: 'a', worker: 'v', value: 5 },
      { item: 'a', worker: 'w', value: 1 },
      { item: 'b', worker: 'u', value: 2 },
      { item: 'b', worker: 'v', value: 2 },
      { item: 'b', worker: 'v', value: 3 }, // resubmission replaces v's 2
    ];
    const r = aggregateRatings(answers);
    expect(r.items.get('a')).toEqual({ median: 4, mean: 10 / 3, count: 3, mad: 1 });
    expect(r.items.get('b')).toEqual({ median: 2.5, mean: 2.5, count: 2, mad: 0.5 });
    expect(r.alpha).toBeCloseTo(krippendorffAlpha([[4, 5, 1], [2, 3]], { level: 'interval' }), 14);
  });
});
