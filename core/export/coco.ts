import type { ExportTask } from './llm-records.ts';
import { polygonArea } from '../quality/geometry/polygon-iou.ts';
import { imageFileName, pointBounds, regionsInPixels, roundTo, type ImageSize, type RegionField, type Units } from './image-regions.ts';

/**
 * The COCO object-detection format (cocodataset.org/#format-data): one JSON
 * document `{info, licenses, categories, images, annotations}`. The pieces
 * here are written one by one by the server, which streams the document.
 */

export interface CocoCategory {
  id: number;
  name: string;
  supercategory: string;
}

export interface CocoImage {
  /** The task id. */
  id: number;
  file_name: string;
  /** The image URL as the task holds it (COCO's own name for where an image lives). */
  coco_url: string;
  width?: number;
  height?: number;
  unique_id: string | null;
}

export interface CocoAnnotation {
  id: number;
  image_id: number;
  category_id: number;
  /** `[x, y, width, height]` of the region's axis-aligned bounds, in pixels. */
  bbox: [number, number, number, number];
  area: number;
  /** Polygons `[[x1, y1, x2, y2, ...]]`; `[]` for an unrotated box. */
  segmentation: number[][];
  iscrowd: 0;
  /** The field's confidence in the task's result, when its aggregator gives one. */
  score?: number;
  /** A rotated box's angle (degrees clockwise about its top-left corner), as CVAT keeps it. */
  attributes?: { rotation: number };
  tally_field: string;
}

/** Categories with ids 1..N in the order of `names` (regionLabels: schema order). */
export function cocoCategories(names: readonly string[]): CocoCategory[] {
  return names.map((name, i) => ({ id: i + 1, name, supercategory: '' }));
}

/** The COCO image of a task showing the image at `url`; width and height only when known. */
export function cocoImage(t: ExportTask, url: string, size: ImageSize | null): CocoImage {
  const image: CocoImage = { id: t.id, file_name: imageFileName(url, t.id), coco_url: url, unique_id: t.uniqueId };
  if (size) Object.assign(image, { width: size.width, height: size.height });
  return image;
}

const px = (v: number) => roundTo(v, 4);

/**
 * The task's annotations, numbered from `firstId`: a box gives its `bbox`
 * and `area` = width × height with an empty segmentation; a rotated box also
 * its four corners as the segmentation, its bounds as the bbox and its angle
 * in `attributes.rotation`; a polygon gives its points as the segmentation,
 * its bounds as the bbox and its shoelace area. Null when the coordinates are
 * fractions and the image size is unknown (the server checks this first).
 */
export function cocoAnnotations(
  fields: readonly RegionField[],
  t: ExportTask,
  categoryOf: ReadonlyMap<string, number>,
  opts: { units: Units; size: ImageSize | null; firstId: number },
): CocoAnnotation[] | null {
  const regions = regionsInPixels(fields, t, opts.units, opts.size);
  if (!regions) return null;
  const out: CocoAnnotation[] = [];
  for (const r of regions) {
    const category = categoryOf.get(r.label);
    if (category === undefined) continue;
    const b = r.box;
    const rotated = !!b?.rotation;
    const bounds = b && !rotated ? b : pointBounds(r.points);
    const a: CocoAnnotation = {
      id: opts.firstId + out.length,
      image_id: t.id,
      category_id: category,
      bbox: [px(bounds.x), px(bounds.y), px(bounds.width), px(bounds.height)],
      area: px(b ? b.width * b.height : polygonArea({ points: r.points })),
      segmentation: b && !rotated ? [] : [r.points.flatMap(([x, y]) => [px(x), px(y)])],
      iscrowd: 0,
      tally_field: r.field,
    };
    const score = t.fields?.[r.field]?.confidence;
    if (typeof score === 'number') a.score = score;
    if (rotated) a.attributes = { rotation: b!.rotation! };
    out.push(a);
  }
  return out;
}
