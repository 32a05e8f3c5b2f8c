import { describe, expect, it } from 'vitest';
import { parseLabelSchema } from '../schema/index.ts';
import { isRegionField, regionLabels, type RegionField } from './image-regions.ts';
import type { ExportTask } from './llm-records.ts';
import { yoloDataYaml, yoloFiles, yoloImageRow, yoloLabelFile } from './yolo.ts';

function fields(schema: unknown[]): RegionField[] {
  const parsed = parseLabelSchema({ fields: schema });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.schema.fields.filter(isRegionField);
}
const boxesOnly = fields([{ name: 'objects', type: 'boxes', source: 'image', labels: ['cat', 'dog'] }]);
const mixed = fields([
  { name: 'objects', type: 'boxes', source: 'image', labels: ['cat', 'dog'] },
  { name: 'shapes', type: 'polygons', source: 'image', labels: ['dog', 'lawn'] },
]);
const classesOf = (f: RegionField[]) => new Map(regionLabels(f).map((n, i) => [n, i]));

const task = (result: Record<string, unknown>): ExportTask => ({ id: 5, uniqueId: null, data: { image: 'https://x.test/a/pic.PNG?v=2' }, result, fields: null });
const size = { width: 200, height: 100 };

describe('YOLO export', () => {
  it('writes a box as class cx cy w h normalized by the image size', () => {
    // Box 20..60 x 10..50 in a 200x100 image: centre (40, 30) -> (0.2, 0.3), size 40x40 -> (0.2, 0.4).
    const t = task({ objects: [{ x: 20, y: 10, width: 40, height: 40, label: 'dog' }, { x: 0, y: 0, width: 200, height: 100, label: 'cat' }] });
    expect(yoloLabelFile(boxesOnly, t, classesOf(boxesOnly), { units: 'pixels', size, segments: false })).toBe('1 0.2 0.3 0.2 0.4\n0 0.5 0.5 1 1\n');
  });

  it('needs the size for pixels, not for fractions', () => {
    const px = task({ objects: [{ x: 20, y: 10, width: 40, height: 40, label: 'dog' }] });
    expect(yoloLabelFile(boxesOnly, px, classesOf(boxesOnly), { units: 'pixels', size: null, segments: false })).toBeNull();
    const fr = task({ objects: [{ x: 0.1, y: 0.1, width: 0.2, height: 0.4, label: 'cat' }] });
    expect(yoloLabelFile(boxesOnly, fr, classesOf(boxesOnly), { units: 'fractions', size: null, segments: false })).toBe('0 0.2 0.3 0.2 0.4\n');
    // A rotated box in fractions is turned in pixels, so it needs the size.
    const turned = task({ objects: [{ x: 0.1, y: 0.1, width: 0.2, height: 0.4, label: 'cat', rotation: 30 }] });
    expect(yoloLabelFile(boxesOnly, turned, classesOf(boxesOnly), { units: 'fractions', size: null, segments: false })).toBeNull();
  });

  it('cuts boxes at the image edge and leaves out one wholly outside', () => {
    // 180..240 x 80..120 cut to 180..200 x 80..100: centre (190, 90), size 20x20.
    const t = task({ objects: [{ x: 180, y: 80, width: 60, height: 40, label: 'cat' }, { x: 210, y: 0, width: 10, height: 10, label: 'dog' }] });
    expect(yoloLabelFile(boxesOnly, t, classesOf(boxesOnly), { units: 'pixels', size, segments: false })).toBe('0 0.95 0.9 0.1 0.2\n');
  });

  it('writes a rotated box as its bounds in detection files', () => {
    // 90° about (20, 10): corners (20,10) (20,50) (0,50) (0,10) -> bounds 0..20 x 10..50.
    const t = task({ objects: [{ x: 20, y: 10, width: 40, height: 20, label: 'cat', rotation: 90 }] });
    expect(yoloLabelFile(boxesOnly, t, classesOf(boxesOnly), { units: 'pixels', size, segments: false })).toBe('0 0.05 0.3 0.1 0.4\n');
  });

  it('writes polygons, and boxes as their corners, as segmentation lines when the export has a polygons field', () => {
    const t = task({
      objects: [{ x: 20, y: 10, width: 40, height: 40, label: 'cat' }],
      shapes: [{ points: [[0, 0], [100, 0], [50, 100]], label: 'lawn' }],
    });
    expect(yoloLabelFile(mixed, t, classesOf(mixed), { units: 'pixels', size, segments: true })).toBe(
      '0 0.1 0.1 0.3 0.1 0.3 0.5 0.1 0.5\n2 0 0 0.5 0 0.25 1\n',
    );
  });

  it('gives an empty file for an image without objects', () => {
    expect(yoloLabelFile(mixed, task({ objects: [], shapes: [] }), classesOf(mixed), { units: 'pixels', size: null, segments: true })).toBe('');
  });

  it('names files by task id, keeps an image suffix Ultralytics reads, and lists them', () => {
    expect(yoloFiles(5, 'https://x.test/a/pic.PNG?v=2')).toEqual({ image: 'images/5.png', label: 'labels/5.txt' });
    expect(yoloFiles(6, 'https://x.test/render?id=9')).toEqual({ image: 'images/6.jpg', label: 'labels/6.txt' });
    expect(yoloImageRow(task({}), 'https://x.test/a/pic.PNG?v=2', size)).toEqual(['images/5.png', 'labels/5.txt', 'https://x.test/a/pic.PNG?v=2', 5, '', 200, 100]);
  });

  it('writes data.yaml with the class names by id, quoted', () => {
    expect(yoloDataYaml(['cat', 'dog: big', 'say "hi"'], 'Tally project 3')).toBe(
      [
        '# Tally project 3',
        '# Download each image_url in images.csv to its image path, then train on this folder.',
        'train: images',
        'val: images',
        'nc: 3',
        'names:',
        '  0: "cat"',
        '  1: "dog: big"',
        '  2: "say \\"hi\\""',
        '',
      ].join('\n'),
    );
  });
});
