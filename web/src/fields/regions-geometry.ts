import type { Box } from '../../../core/schema/index.ts';

/** The visible part of the image, in image pixels (the SVG viewBox). */
export interface View {
  x: number;
  y: number;
  w: number;
  h: number;
}

export interface Size {
  width: number;
  height: number;
}

export const MAX_ZOOM = 20;

/** Coordinates are stored in image pixels, rounded to a tenth. */
export const round = (v: number) => Math.round(v * 10) / 10;

export const clamp = (v: number, lo: number, hi: number) => Math.max(lo, Math.min(hi, v));

/** Zooms by `factor` (>1 zooms in) keeping the image point `at` fixed on screen. */
export function zoomView(view: View, image: Size, factor: number, at = { x: view.x + view.w / 2, y: view.y + view.h / 2 }): View {
  const w = clamp(view.w / factor, image.width / MAX_ZOOM, image.width);
  const k = w / view.w;
  const h = view.h * k;
  return clampView({ x: at.x - (at.x - view.x) * k, y: at.y - (at.y - view.y) * k, w, h }, image);
}

/** Keeps at least half the view over the image. */
export function clampView(view: View, image: Size): View {
  return {
    ...view,
    x: clamp(view.x, -view.w / 2, image.width - view.w / 2),
    y: clamp(view.y, -view.h / 2, image.height - view.h / 2),
  };
}

/** A box with positive size, inside the image, rounded. */
export function normalizeBox(b: Box, image: Size): Box {
  let { x, y, width, height } = b;
  if (width < 0) (x += width), (width = -width);
  if (height < 0) (y += height), (height = -height);
  width = clamp(width, 1, image.width);
  height = clamp(height, 1, image.height);
  x = clamp(x, 0, image.width - width);
  y = clamp(y, 0, image.height - height);
  const out: Box = { x: round(x), y: round(y), width: round(width), height: round(height), label: b.label };
  if (b.rotation !== undefined) out.rotation = b.rotation;
  return out;
}

export type Handle = 'nw' | 'n' | 'ne' | 'e' | 'se' | 's' | 'sw' | 'w';
export const HANDLES: Handle[] = ['nw', 'n', 'ne', 'e', 'se', 's', 'sw', 'w'];

/** Where a resize handle sits on a box. */
export function handlePoint(b: Box, h: Handle): { x: number; y: number } {
  const x = h.includes('w') ? b.x : h.includes('e') ? b.x + b.width : b.x + b.width / 2;
  const y = h.includes('n') ? b.y : h.includes('s') ? b.y + b.height : b.y + b.height / 2;
  return { x, y };
}

/** The box after dragging handle `h` by (dx, dy) from `orig`. */
export function resizeBox(orig: Box, h: Handle, dx: number, dy: number): Box {
  let { x, y, width, height } = orig;
  if (h.includes('w')) (x += dx), (width -= dx);
  if (h.includes('e')) width += dx;
  if (h.includes('n')) (y += dy), (height -= dy);
  if (h.includes('s')) height += dy;
  return { ...orig, x, y, width, height };
}

/** Bounding box of points. */
export function bounds(points: [number, number][]): { x: number; y: number; width: number; height: number } {
  const xs = points.map((p) => p[0]);
  const ys = points.map((p) => p[1]);
  const x = Math.min(...xs);
  const y = Math.min(...ys);
  return { x, y, width: Math.max(...xs) - x, height: Math.max(...ys) - y };
}

/** Moves points by (dx, dy), keeping the whole shape inside the image. */
export function translatePoints(points: [number, number][], dx: number, dy: number, image: Size): [number, number][] {
  const b = bounds(points);
  const ddx = clamp(dx, -b.x, image.width - (b.x + b.width));
  const ddy = clamp(dy, -b.y, image.height - (b.y + b.height));
  return points.map(([x, y]) => [round(x + ddx), round(y + ddy)]);
}

/** Grows (or shrinks) a shape's bounding box by (dw, dh) about its top-left corner. */
export function scalePoints(points: [number, number][], dw: number, dh: number, image: Size): [number, number][] {
  const b = bounds(points);
  const w = Math.max(2, b.width + dw);
  const h = Math.max(2, b.height + dh);
  const sx = b.width > 0 ? w / b.width : 1;
  const sy = b.height > 0 ? h / b.height : 1;
  return points.map(([x, y]) => [round(clamp(b.x + (x - b.x) * sx, 0, image.width)), round(clamp(b.y + (y - b.y) * sy, 0, image.height))]);
}

/** A regular polygon with `n` corners around (cx, cy). */
export function regularPolygon(cx: number, cy: number, r: number, n = 6): [number, number][] {
  return Array.from({ length: n }, (_, i) => {
    const a = (Math.PI * 2 * i) / n - Math.PI / 2;
    return [round(cx + r * Math.cos(a)), round(cy + r * Math.sin(a))] as [number, number];
  });
}
