import { QualityInputError } from '../errors.ts';

/** Axis-aligned box: top-left corner and size, in any consistent unit (pixels, fractions). */
export interface Box {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** Throws unless the box has finite coordinates and a non-negative size. */
export function checkBox(b: Box): void {
  if (![b.x, b.y, b.width, b.height].every(Number.isFinite) || b.width < 0 || b.height < 0) {
    throw new QualityInputError(`invalid box ${JSON.stringify(b)}: needs finite x, y and width, height >= 0`);
  }
}

/** Area of the overlap of two boxes. */
export function boxIntersection(a: Box, b: Box): number {
  const w = Math.min(a.x + a.width, b.x + b.width) - Math.max(a.x, b.x);
  const h = Math.min(a.y + a.height, b.y + b.height) - Math.max(a.y, b.y);
  return w > 0 && h > 0 ? w * h : 0;
}

/**
 * Intersection over union (Jaccard index) of two boxes, in [0, 1].
 * Two empty boxes have IoU 0 (nothing overlaps).
 *
 * @example boxIou({x: 0, y: 0, width: 2, height: 2}, {x: 1, y: 0, width: 2, height: 2}) // 1/3
 * @throws QualityInputError on a negative size or non-finite coordinate.
 */
export function boxIou(a: Box, b: Box): number {
  checkBox(a);
  checkBox(b);
  const inter = boxIntersection(a, b);
  const union = a.width * a.height + b.width * b.height - inter;
  return union > 0 ? inter / union : 0;
}
