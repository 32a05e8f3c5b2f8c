import type { ExportTask } from './llm-records.ts';
import { pointBounds, regionsInFractions, roundTo, type ImageSize, type RegionField, type Units } from './image-regions.ts';

/**
 * The Ultralytics YOLO dataset layout: `data.yaml` with the class names, and
 * per image a `labels/<stem>.txt` with one line per object in coordinates
 * normalized to 0..1 of the image size (docs.ultralytics.com/datasets/detect,
 * /datasets/segment).
 */

const n6 = (v: number) => roundTo(Math.min(1, Math.max(0, v)), 6);

/**
 * The task's label file: with `segments` false (boxes fields only), a
 * detection line `class cx cy w h` per box; with `segments` true (the export
 * has a polygons field), a segmentation line `class x1 y1 x2 y2 ...` per
 * polygon and per box (its four corners), since Ultralytics reads a file of
 * one kind. A rotated box's detection line is its axis-aligned bounds. Values
 * are cut at the image's edges (Ultralytics rejects an image whose labels
 * leave 0..1); a box wholly outside the image is left out. Null when the
 * size needed to normalize is unknown (the server checks this first).
 */
export function yoloLabelFile(
  fields: readonly RegionField[],
  t: ExportTask,
  classOf: ReadonlyMap<string, number>,
  opts: { units: Units; size: ImageSize | null; segments: boolean },
): string | null {
  const regions = regionsInFractions(fields, t, opts.units, opts.size);
  if (!regions) return null;
  let text = '';
  for (const r of regions) {
    const cls = classOf.get(r.label);
    if (cls === undefined) continue;
    if (opts.segments) {
      text += `${cls} ${r.points.map(([x, y]) => `${n6(x)} ${n6(y)}`).join(' ')}\n`;
      continue;
    }
    const b = pointBounds(r.points);
    const x0 = Math.max(0, b.x);
    const y0 = Math.max(0, b.y);
    const x1 = Math.min(1, b.x + b.width);
    const y1 = Math.min(1, b.y + b.height);
    if (x1 <= x0 || y1 <= y0) continue;
    text += `${cls} ${n6((x0 + x1) / 2)} ${n6((y0 + y1) / 2)} ${n6(x1 - x0)} ${n6(y1 - y0)}\n`;
  }
  return text;
}

/** Ultralytics' image suffixes: an image URL ending in one keeps it, others are saved as `.jpg`. */
const IMAGE_SUFFIXES = ['bmp', 'dng', 'jpeg', 'jpg', 'mpo', 'png', 'tif', 'tiff', 'webp', 'pfm', 'heic'];

/** The file stem of a task's image and labels: its id, unique in the project whatever the URLs are. */
export function yoloFiles(taskId: number, url: string): { image: string; label: string } {
  const path = url.startsWith('data:') ? '' : url.split(/[?#]/, 1)[0];
  const dot = path.lastIndexOf('.');
  const suffix = dot > path.lastIndexOf('/') ? path.slice(dot + 1).toLowerCase() : '';
  return { image: `images/${taskId}.${IMAGE_SUFFIXES.includes(suffix) ? suffix : 'jpg'}`, label: `labels/${taskId}.txt` };
}

/**
 * `data.yaml` for Ultralytics: `train` and `val` name the images folder next
 * to it (no `path`, so it is read relative to the file), and `names` maps
 * class ids to labels. Names are written as double-quoted YAML strings (JSON
 * string syntax is valid YAML there).
 */
export function yoloDataYaml(names: readonly string[], about: string): string {
  const lines = [
    `# ${about.replace(/[\r\n]+/g, ' ')}`,
    '# Download each image_url in images.csv to its image path, then train on this folder.',
    'train: images',
    'val: images',
    `nc: ${names.length}`,
    'names:',
    ...names.map((name, i) => `  ${i}: ${JSON.stringify(name)}`),
  ];
  return `${lines.join('\n')}\n`;
}

/** The columns of images.csv, which maps each label file to its image and task. */
export const YOLO_IMAGES_COLUMNS = ['image', 'label', 'image_url', 'task_id', 'unique_id', 'width', 'height'];

/** A task's images.csv row. */
export function yoloImageRow(t: ExportTask, url: string, size: ImageSize | null): Array<string | number> {
  const { image, label } = yoloFiles(t.id, url);
  return [image, label, url, t.id, t.uniqueId ?? '', size?.width ?? '', size?.height ?? ''];
}
