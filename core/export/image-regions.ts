import type { Box, BoxesField, LabelField, Polygon, PolygonsField } from '../schema/index.ts';
import type { ExportTask } from './llm-records.ts';
import { boxCorners } from '../quality/geometry/box-iou.ts';

/**
 * What the COCO and YOLO exports share: which fields they read, the image a
 * task shows, its size, and its regions (boxes and polygons) as points.
 */

export type RegionField = BoxesField | PolygonsField;
/** How the project's coordinates are written: image pixels (what the workspace stores) or 0..1 fractions of the image size. */
export type Units = 'pixels' | 'fractions';

export interface ImageSize {
  width: number;
  height: number;
}

export const isRegionField = (f: LabelField): f is RegionField => f.type === 'boxes' || f.type === 'polygons';

/** The category names of an export: every label of its fields, in schema order, each once (COCO id = index + 1, YOLO class = index). */
export function regionLabels(fields: readonly RegionField[]): string[] {
  const names: string[] = [];
  for (const f of fields) for (const l of f.labels) if (!names.includes(l.value)) names.push(l.value);
  return names;
}

/** A positive finite number, or a string holding one (as CSV imports give). */
function positive(v: unknown): number | null {
  const n = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' ? Number(v) : NaN;
  return Number.isFinite(n) && n > 0 ? n : null;
}

/**
 * The size in pixels of the task's image: `data.width` and `data.height`
 * (numbers, or strings holding numbers), else `fallback` (the export's
 * `imageSize=WxH`, for projects whose images all have one size), else null.
 * Tally never loads the image, so this is the only place a size comes from.
 */
export function imageSizeOf(data: Record<string, unknown>, fallback?: ImageSize): ImageSize | null {
  const width = positive(data.width);
  const height = positive(data.height);
  if (width !== null && height !== null) return { width, height };
  return fallback ?? null;
}

/** The image file's name from its URL: the last path segment without query or fragment, else `task-<id>`. */
export function imageFileName(url: string, taskId: number): string {
  if (url.startsWith('data:')) return `task-${taskId}`;
  const path = url.split(/[?#]/, 1)[0];
  const last = path.slice(path.lastIndexOf('/') + 1);
  let name = last;
  try {
    name = decodeURIComponent(last);
  } catch {
    /* not percent-encoded text: keep it as written */
  }
  return name.trim() === '' || name.includes('/') ? `task-${taskId}` : name;
}

/** One region in the project's coordinates: its outline as points, and the box it came from. */
export interface Region {
  field: string;
  label: string;
  /** The outline: a polygon's points, or a box's four corners (clockwise from the top-left corner, rotation applied). */
  points: [number, number][];
  /** Set for a box. */
  box?: Box;
}

/** The smallest axis-aligned box holding the points. */
export function pointBounds(points: readonly [number, number][]): { x: number; y: number; width: number; height: number } {
  let x0 = Infinity;
  let y0 = Infinity;
  let x1 = -Infinity;
  let y1 = -Infinity;
  for (const [x, y] of points) {
    x0 = Math.min(x0, x);
    y0 = Math.min(y0, y);
    x1 = Math.max(x1, x);
    y1 = Math.max(y1, y);
  }
  return { x: x0, y: y0, width: x1 - x0, height: y1 - y0 };
}

/** The task's image URL: `data[source]` when it is a non-empty string. */
export function imageUrlOf(source: string, data: Record<string, unknown>): string | null {
  const url = data[source];
  return typeof url === 'string' && url.trim() !== '' ? url : null;
}

/**
 * The regions of the task's result in the given fields, in field then
 * result order, in pixels: coordinates written as fractions are scaled by the
 * image size first (a rotation is in pixels, so a rotated box is turned after
 * scaling). Null when the units are fractions and the size is unknown: the
 * caller decides whether that matters (see `regionsInFractions`); a task
 * without regions needs no size and gives [].
 */
export function regionsInPixels(fields: readonly RegionField[], t: ExportTask, units: Units, size: ImageSize | null): Region[] | null {
  if (units === 'fractions' && !size) return hasRegions(fields, t) ? null : [];
  const sx = units === 'fractions' ? size!.width : 1;
  const sy = units === 'fractions' ? size!.height : 1;
  return rawRegions(fields, t, sx, sy);
}

/**
 * The regions in 0..1 fractions of the image: pixels are divided by the
 * size; fractions stay as they are. Null when that cannot be done exactly:
 * pixels without a size, or a rotated box in fractions without a size (the
 * angle is in pixels, so turning it needs the image's aspect).
 */
export function regionsInFractions(fields: readonly RegionField[], t: ExportTask, units: Units, size: ImageSize | null): Region[] | null {
  if (units === 'pixels') {
    if (!size) return hasRegions(fields, t) ? null : [];
    return rawRegions(fields, t, 1, 1, 1 / size.width, 1 / size.height);
  }
  if (size) return rawRegions(fields, t, size.width, size.height, 1 / size.width, 1 / size.height);
  const regions = rawRegions(fields, t, 1, 1);
  return regions.some((r) => r.box?.rotation) ? null : regions;
}

/** Regions scaled by (sx, sy) before rotation and by (ax, ay) after it. */
function rawRegions(fields: readonly RegionField[], t: ExportTask, sx: number, sy: number, ax = 1, ay = 1): Region[] {
  const out: Region[] = [];
  if (!t.result) return out;
  const after = (p: [number, number]): [number, number] => [p[0] * ax, p[1] * ay];
  for (const f of fields) {
    const value = t.result[f.name];
    if (!Array.isArray(value)) continue;
    if (f.type === 'boxes') {
      for (const b of value as Box[]) {
        const box = scaleBox(b, sx, sy);
        out.push({ field: f.name, label: b.label, points: boxCorners(box).map(after), box: scaleBox(box, ax, ay) });
      }
    } else {
      for (const p of value as Polygon[]) {
        out.push({ field: f.name, label: p.label, points: p.points.map(([x, y]) => after([x * sx, y * sy])) });
      }
    }
  }
  return out;
}

function scaleBox(b: Box, ax: number, ay: number): Box {
  if (ax === 1 && ay === 1) return b;
  const out: Box = { x: b.x * ax, y: b.y * ay, width: b.width * ax, height: b.height * ay, label: b.label };
  if (b.rotation) out.rotation = b.rotation;
  return out;
}

/** True when every coordinate of the task's regions (and a box's far edges) is at most 1: what `units=fractions` promises. */
export function withinFractions(fields: readonly RegionField[], t: ExportTask): boolean {
  const ok = (v: number) => v <= 1 + 1e-9;
  return rawRegions(fields, t, 1, 1).every((r) =>
    r.box ? ok(r.box.x + r.box.width) && ok(r.box.y + r.box.height) : r.points.every(([x, y]) => ok(x) && ok(y)),
  );
}

/** Whether the task's result holds any region in these fields. */
export function hasRegions(fields: readonly RegionField[], t: ExportTask): boolean {
  return !!t.result && fields.some((f) => Array.isArray(t.result![f.name]) && (t.result![f.name] as unknown[]).length > 0);
}

/** Rounds to `digits` decimals, without a trailing `.0` or float noise (`64.00000000000001` → 64). */
export const roundTo = (v: number, digits: number) => {
  const k = 10 ** digits;
  return Math.round(v * k) / k + 0;
};
