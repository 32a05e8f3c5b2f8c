import { z } from 'zod';
import { describeValue, extraKeys, isFiniteNumber, isPlainObject, own, quoteAll } from '../describe.ts';
import { type Checked, type Problem, fail, settle } from '../errors.ts';
import { baseShape, SourceKeySchema } from './base.ts';
import { LabelListSchema, labelProblem } from './options.ts';

/** `boxes`: labelled rectangles over the image whose URL is at `taskData[source]`. */
export const BoxesFieldSchema = z.strictObject({
  ...baseShape,
  type: z.literal('boxes'),
  source: SourceKeySchema,
  labels: LabelListSchema,
});

/** A parsed `boxes` field. */
export type BoxesField = z.output<typeof BoxesFieldSchema>;

/**
 * One box: top-left corner `x, y` and size `width, height`, plus an optional `rotation` in
 * degrees (clockwise, about the top-left corner). Units are the client's choice: image pixels or
 * fractions of the image size (0..1) are both accepted, since validation does not load the image.
 * Keep one convention per project; exports convert from it.
 */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
  label: string;
  rotation?: number;
}

const KEYS = ['x', 'y', 'width', 'height', 'label', 'rotation'] as const;

/** Check boxes: a list (possibly empty) of boxes with finite `x, y >= 0` and `width, height > 0`. */
export function checkBoxes(field: BoxesField, value: unknown): Checked {
  if (!Array.isArray(value)) {
    return fail('invalid_type', `expected a list of boxes {x, y, width, height, label}, got ${describeValue(value)}`);
  }
  const problems: Problem[] = [];
  const out: Box[] = [];
  value.forEach((item: unknown, i) => {
    const where = `box ${i}`;
    if (!isPlainObject(item)) {
      problems.push({ code: 'invalid_type', message: `${where} must be an object {x, y, width, height, label}, got ${describeValue(item)}` });
      return;
    }
    const before = problems.length;
    const extra = extraKeys(item, KEYS);
    if (extra.length > 0) {
      problems.push({ code: 'unknown_property', message: `${where} has unexpected ${quoteAll(extra)}; boxes take x, y, width, height, label and rotation` });
    }
    for (const key of ['x', 'y'] as const) {
      const v = own(item, key);
      if (!isFiniteNumber(v) || v < 0) {
        problems.push({ code: 'invalid_box', message: `${where}: ${key} must be a number >= 0, got ${describeValue(v)}` });
      }
    }
    for (const key of ['width', 'height'] as const) {
      const v = own(item, key);
      if (!isFiniteNumber(v) || v <= 0) {
        problems.push({ code: 'invalid_box', message: `${where}: ${key} must be a number > 0, got ${describeValue(v)}` });
      }
    }
    const rotation = own(item, 'rotation');
    if (rotation !== undefined && !isFiniteNumber(rotation)) {
      problems.push({ code: 'invalid_box', message: `${where}: rotation must be a number of degrees, got ${describeValue(rotation)}` });
    }
    const bad = labelProblem(field.labels, own(item, 'label'), where);
    if (bad) problems.push(bad);
    if (problems.length > before) return;
    const box: Box = {
      x: item.x as number,
      y: item.y as number,
      width: item.width as number,
      height: item.height as number,
      label: item.label as string,
    };
    if (rotation !== undefined) box.rotation = rotation as number;
    out.push(box);
  });
  return settle(problems, out);
}
