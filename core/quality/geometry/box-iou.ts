import { QualityInputError } from '../errors.ts';
import { polygonIou } from './polygon-iou.ts';

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

/** A box that may be turned: `rotation` degrees clockwise about its top-left corner (y points down). */
export interface RotatedBox extends Box {
  rotation?: number;
}

/**
 * A box's corners, clockwise from its top-left corner, turned by `rotation`
 * degrees clockwise about that corner (the y axis points down, so this is
 * the usual rotation matrix).
 */
export function boxCorners(b: RotatedBox): [number, number][] {
  const t = ((b.rotation ?? 0) * Math.PI) / 180;
  const cos = Math.cos(t);
  const sin = Math.sin(t);
  return ([[0, 0], [b.width, 0], [b.width, b.height], [0, b.height]] as const).map(([dx, dy]): [number, number] => [
    b.x + dx * cos - dy * sin,
    b.y + dx * sin + dy * cos,
  ]);
}

/**
 * IoU of two boxes that may be rotated: {@link boxIou} when neither is
 * turned, else the exact IoU of their corner polygons (so a box and the same
 * box turned 90° about its corner do not count as the same box).
 */
export function rotatedBoxIou(a: RotatedBox, b: RotatedBox): number {
  if (!(a.rotation ?? 0) && !(b.rotation ?? 0)) return boxIou(a, b);
  checkBox(a);
  checkBox(b);
  if (a.width * a.height === 0 || b.width * b.height === 0) return 0;
  return polygonIou({ points: boxCorners(a) }, { points: boxCorners(b) });
}
