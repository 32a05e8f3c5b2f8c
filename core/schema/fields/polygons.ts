import { z } from 'zod';
import { describeValue, extraKeys, isFiniteNumber, isPlainObject, own, quoteAll } from '../describe.ts';
import { type Checked, type Problem, fail, settle } from '../errors.ts';
import { baseShape, SourceKeySchema } from './base.ts';
import { LabelListSchema, labelProblem } from './options.ts';

/** `polygons`: labelled polygons over the image whose URL is at `taskData[source]`. */
export const PolygonsFieldSchema = z.strictObject({
  ...baseShape,
  type: z.literal('polygons'),
  source: SourceKeySchema,
  labels: LabelListSchema,
});

/** A parsed `polygons` field. */
export type PolygonsField = z.output<typeof PolygonsFieldSchema>;

/** One polygon: at least three `[x, y]` vertices in order (pixels or 0..1 fractions, as for boxes). */
export interface Polygon {
  points: [number, number][];
  label: string;
}

const KEYS = ['points', 'label'] as const;

/** The problem with a polygon's `points`, or null. */
function pointsProblem(points: unknown): string | null {
  if (!Array.isArray(points)) return `points must be a list of [x, y] pairs, got ${describeValue(points)}`;
  if (points.length < 3) return `a polygon needs at least 3 points, got ${points.length}`;
  const bad = points.findIndex(
    (p: unknown) => !Array.isArray(p) || p.length !== 2 || !p.every((c: unknown) => isFiniteNumber(c) && c >= 0),
  );
  if (bad >= 0) return `point ${bad} must be [x, y] with numbers >= 0, got ${describeValue(points[bad])}`;
  return null;
}

/** Check polygons: a list (possibly empty) of `{points: [[x, y], ...], label}` with >= 3 points. */
export function checkPolygons(field: PolygonsField, value: unknown): Checked {
  if (!Array.isArray(value)) {
    return fail('invalid_type', `expected a list of polygons {points: [[x, y], ...], label}, got ${describeValue(value)}`);
  }
  const problems: Problem[] = [];
  const out: Polygon[] = [];
  value.forEach((item: unknown, i) => {
    const where = `polygon ${i}`;
    if (!isPlainObject(item)) {
      problems.push({ code: 'invalid_type', message: `${where} must be an object {points, label}, got ${describeValue(item)}` });
      return;
    }
    const before = problems.length;
    const extra = extraKeys(item, KEYS);
    if (extra.length > 0) {
      problems.push({ code: 'unknown_property', message: `${where} has unexpected ${quoteAll(extra)}; polygons take points and label` });
    }
    const points = own(item, 'points');
    const why = pointsProblem(points);
    if (why) problems.push({ code: 'invalid_polygon', message: `${where}: ${why}` });
    const bad = labelProblem(field.labels, own(item, 'label'), where);
    if (bad) problems.push(bad);
    if (problems.length > before) return;
    const copy = (points as [number, number][]).map(([x, y]): [number, number] => [x, y]);
    out.push({ points: copy, label: item.label as string });
  });
  return settle(problems, out);
}
