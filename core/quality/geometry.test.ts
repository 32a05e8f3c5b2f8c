import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { boxCorners, boxIou, consolidateBoxes, polygonArea, rotatedBoxIou, polygonIou, polygonOverlap, QualityInputError, type Box, type Polygon } from './index.ts';

const rect = (b: Box): Polygon => ({
  points: [[b.x, b.y], [b.x + b.width, b.y], [b.x + b.width, b.y + b.height], [b.x, b.y + b.height]],
});

/** Point in polygon by the even-odd rule, for the brute-force reference. */
function inside(p: Polygon, x: number, y: number): boolean {
  let c = false;
  const pts = p.points;
  for (let i = 0, j = pts.length - 1; i < pts.length; j = i++) {
    const [xi, yi] = pts[i];
    const [xj, yj] = pts[j];
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) c = !c;
  }
  return c;
}

/** Star-shaped (so simple) and usually non-convex polygon around (cx, cy). */
const star = fc
  .record({
    cx: fc.integer({ min: 30, max: 70 }),
    cy: fc.integer({ min: 30, max: 70 }),
    radii: fc.array(fc.integer({ min: 5, max: 30 }), { minLength: 3, maxLength: 12 }),
  })
  .map(({ cx, cy, radii }): Polygon => ({
    points: radii.map((r, k) => {
      const t = (2 * Math.PI * k) / radii.length;
      return [cx + r * Math.cos(t), cy + r * Math.sin(t)] as const;
    }),
  }));

describe('box IoU', () => {
  it('computes overlap over union', () => {
    expect(boxIou({ x: 0, y: 0, width: 2, height: 2 }, { x: 1, y: 0, width: 2, height: 2 })).toBeCloseTo(1 / 3, 14);
    expect(boxIou({ x: 0, y: 0, width: 1, height: 1 }, { x: 1, y: 1, width: 1, height: 1 })).toBe(0);
    expect(boxIou({ x: 0, y: 0, width: 0, height: 0 }, { x: 0, y: 0, width: 0, height: 0 })).toBe(0);
  });
  it('rejects negative sizes', () => {
    expect(() => boxIou({ x: 0, y: 0, width: -1, height: 1 }, { x: 0, y: 0, width: 1, height: 1 })).toThrow(QualityInputError);
  });
});

describe('polygon IoU', () => {
  it('equals box IoU on rectangles', () => {
    const box = fc.record({ x: fc.integer({ min: 0, max: 50 }), y: fc.integer({ min: 0, max: 50 }), width: fc.integer({ min: 1, max: 40 }), height: fc.integer({ min: 1, max: 40 }) });
    fc.assert(
      fc.property(box, box, (a, b) => {
        expect(polygonIou(rect(a), rect(b))).toBeCloseTo(boxIou(a, b), 12);
      }),
    );
  });
  it('handles non-convex polygons exactly (C shape around a square)', () => {
    // A 3x3 "C" (the square [1,3]x[1,2] cut out of its right side) and that square: no overlap.
    const c: Polygon = { points: [[0, 0], [3, 0], [3, 1], [1, 1], [1, 2], [3, 2], [3, 3], [0, 3]] };
    const notch: Polygon = { points: [[1, 1], [3, 1], [3, 2], [1, 2]] };
    expect(polygonOverlap(c, notch).intersection).toBeCloseTo(0, 12);
    // Shift the square left by 0.5: half of it (area 1) enters the C's spine... 0.5 x 1 overlap.
    const shifted: Polygon = { points: [[0.5, 1], [2.5, 1], [2.5, 2], [0.5, 2]] };
    const o = polygonOverlap(c, shifted);
    expect(o.areaA).toBeCloseTo(7, 12);
    expect(o.intersection).toBeCloseTo(0.5, 12);
    expect(polygonIou(c, shifted)).toBeCloseTo(0.5 / (7 + 2 - 0.5), 12);
  });
  it('gives 1 for the same polygon in either winding and matches the shoelace area', () => {
    fc.assert(
      fc.property(star, (p) => {
        const reversed = { points: [...p.points].reverse() };
        expect(polygonIou(p, reversed)).toBeCloseTo(1, 9);
        expect(polygonOverlap(p, p).areaA).toBeCloseTo(polygonArea(p), 8);
      }),
    );
  });
  it('agrees with brute-force sampling on random non-convex polygons', () => {
    fc.assert(
      fc.property(star, star, (a, b) => {
        const { intersection } = polygonOverlap(a, b);
        // Count grid-cell centres inside both; each cell has area step^2.
        const step = 0.25;
        let hits = 0;
        for (let x = step / 2; x < 100; x += step) {
          for (let y = step / 2; y < 100; y += step) if (inside(a, x, y) && inside(b, x, y)) hits++;
        }
        const sampled = hits * step * step;
        const perimeter = (p: Polygon): number =>
          p.points.reduce((s, q, i) => s + Math.hypot(q[0] - p.points[(i + 1) % p.points.length][0], q[1] - p.points[(i + 1) % p.points.length][1]), 0);
        // Sampling error is bounded by the boundary length times the cell size.
        expect(Math.abs(sampled - intersection)).toBeLessThanOrEqual((perimeter(a) + perimeter(b)) * step);
      }),
      { numRuns: 25 },
    );
  });
  it('rejects degenerate input', () => {
    expect(() => polygonIou({ points: [[0, 0], [1, 1]] }, rect({ x: 0, y: 0, width: 1, height: 1 }))).toThrow(/at least 3 points/);
  });
});

describe('box consolidation', () => {
  const near = (b: Box, d: number): Box => ({ x: b.x + d, y: b.y - d, width: b.width + d, height: b.height });
  const car = { x: 10, y: 10, width: 100, height: 50, label: 'car' };
  const dog = { x: 300, y: 200, width: 40, height: 40, label: 'dog' };

  it('clusters matching boxes, averages them and drops lone boxes', () => {
    const out = consolidateBoxes([
      [car, dog],
      [{ ...near(car, 2), label: 'car' }, { ...near(dog, 1), label: 'dog' }],
      [{ ...near(car, -2), label: 'car' }, { x: 500, y: 500, width: 10, height: 10, label: 'dog' }],
    ]);
    expect(out).toHaveLength(2);
    const [first, second] = out;
    expect(first.label).toBe('car');
    expect(first.annotators).toEqual([0, 1, 2]);
    expect(first.x).toBeCloseTo(10, 12);
    expect(first.width).toBeCloseTo(100, 12);
    expect(first.confidence).toBeCloseTo(first.meanIou, 12);
    expect(second.label).toBe('dog');
    expect(second.annotators).toEqual([0, 1]);
    expect(second.confidence).toBeCloseTo((2 / 3) * second.meanIou, 12);
  });
  it('keeps labels apart unless asked, then votes the label', () => {
    const boxes = [[car], [{ ...car, label: 'truck' }], [{ ...car, label: 'car' }]];
    expect(consolidateBoxes(boxes, { minShare: 0 })).toHaveLength(2);
    const merged = consolidateBoxes(boxes, { matchAcrossLabels: true });
    expect(merged).toHaveLength(1);
    expect(merged[0].label).toBe('car');
  });
  it('matches one-to-one: two overlapping boxes of one annotator never share a cluster', () => {
    const out = consolidateBoxes([[car, near(car, 1)], [car]], { minShare: 0, matchAcrossLabels: true });
    expect(out.map((c) => c.annotators.length).sort()).toEqual([1, 2]);
  });
});

describe('rotated boxes', () => {
  const sq = { x: 100, y: 100, width: 10, height: 10 };

  it('turns a box about its top-left corner, clockwise with y down', () => {
    const c = boxCorners({ ...sq, rotation: 90 });
    const expected = [[100, 100], [100, 110], [90, 110], [90, 100]];
    c.forEach(([x, y], i) => {
      expect(x).toBeCloseTo(expected[i][0], 9);
      expect(y).toBeCloseTo(expected[i][1], 9);
    });
  });

  it('IoU is the corner polygons\' IoU once either box is turned', () => {
    // Axis-aligned IoU ignores the turn and would call these the same box.
    expect(boxIou(sq, sq)).toBe(1);
    expect(rotatedBoxIou(sq, { ...sq, rotation: 90 })).toBeCloseTo(0, 12);
    expect(rotatedBoxIou({ ...sq, rotation: 30 }, { ...sq, rotation: 30 })).toBeCloseTo(1, 12);
    // 45° about the shared corner: the turned square is a diamond standing on that corner; the overlap
    // is its right half (area 50) less the tip below y = 10, a right isosceles triangle of leg 10√2 − 10.
    const inter = 50 - (10 * Math.SQRT2 - 10) ** 2 / 2;
    expect(rotatedBoxIou(sq, { ...sq, rotation: 45 })).toBeCloseTo(inter / (200 - inter), 9);
    // Unturned boxes keep the axis-aligned result exactly.
    expect(rotatedBoxIou(sq, { ...sq, x: 105 })).toBe(boxIou(sq, { ...sq, x: 105 }));
  });

  it('consolidation matches turned boxes by their real overlap and averages the angles', () => {
    const out = consolidateBoxes([
      [{ ...sq, rotation: 350, label: 'a' }],
      [{ ...sq, rotation: 10, label: 'a' }],
      [{ ...sq, rotation: 90, label: 'a' }],
    ]);
    expect(out).toHaveLength(1);
    expect(out[0].annotators).toEqual([0, 1]);
    // The circular mean of 350° and 10° is 0°, not 180°.
    expect(out[0].rotation).toBeCloseTo(0, 9);
    expect(out[0].meanIou).toBeLessThan(1);
    const turned = consolidateBoxes([[{ ...sq, rotation: 20 }], [{ ...sq, rotation: 40 }]]);
    expect(turned[0].rotation).toBeCloseTo(30, 9);
    expect(consolidateBoxes([[sq], [sq]])[0].rotation).toBeUndefined();
  });

  it('one region spelled three ways merges into that region', () => {
    // The same 10 x 20 rectangle: as drawn, turned 90° with its sides swapped, and turned 180° about its far corner.
    const a = { x: 0, y: 0, width: 10, height: 20 };
    const b = { x: 10, y: 0, width: 20, height: 10, rotation: 90 };
    const c = { x: 10, y: 20, width: 10, height: 20, rotation: 180 };
    expect(rotatedBoxIou(a, b)).toBeCloseTo(1, 9);
    expect(rotatedBoxIou(a, c)).toBeCloseTo(1, 9);
    const [merged, ...rest] = consolidateBoxes([[a], [b], [c]]);
    expect(rest).toHaveLength(0);
    expect(merged.annotators).toEqual([0, 1, 2]);
    expect(merged.meanIou).toBeCloseTo(1, 9);
    expect(rotatedBoxIou(merged, a)).toBeCloseTo(1, 9);
    for (const [k, v] of Object.entries({ x: 0, y: 0, width: 10, height: 20, rotation: 0 })) expect(merged[k as keyof typeof merged]).toBeCloseTo(v as number, 9);
    // Turned the other way round, the merge keeps the first member's spelling.
    const [again] = consolidateBoxes([[b], [a], [c]]);
    expect(again.rotation).toBeCloseTo(90, 9);
    expect(rotatedBoxIou(again, a)).toBeCloseTo(1, 9);
  });
});
