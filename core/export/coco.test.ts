import { describe, expect, it } from 'vitest';
import { parseLabelSchema } from '../schema/index.ts';
import { cocoAnnotations, cocoCategories, cocoImage } from './coco.ts';
import { boxCorners, polygonArea } from '../quality/index.ts';
import {
  imageFileName,
  imageSizeOf,
  isRegionField,
  pointBounds,
  regionLabels,
  withinFractions,
  type RegionField,
} from './image-regions.ts';
import type { ExportTask } from './llm-records.ts';

function regionFields(): RegionField[] {
  const parsed = parseLabelSchema({
    fields: [
      { name: 'cars', type: 'boxes', source: 'image', labels: ['car', { value: 'bus', color: '#f00' }] },
      { name: 'areas', type: 'polygons', source: 'image', labels: ['road', 'car'] },
    ],
  });
  if (!parsed.ok) throw new Error(JSON.stringify(parsed.errors));
  return parsed.schema.fields.filter(isRegionField);
}

const task = (result: Record<string, unknown> | null, over: Partial<ExportTask> = {}): ExportTask => ({
  id: 41,
  uniqueId: 'street-1',
  data: { image: 'https://cdn.test/photos/street%201.jpg?sig=abc', width: 640, height: '480' },
  result,
  fields: { cars: { confidence: 0.75 }, areas: { confidence: null } },
  ...over,
});

describe('image regions: the geometry COCO and YOLO share', () => {
  it('takes categories from the labels in schema order, each once', () => {
    const names = regionLabels(regionFields());
    expect(names).toEqual(['car', 'bus', 'road']);
    expect(cocoCategories(names)).toEqual([
      { id: 1, name: 'car', supercategory: '' },
      { id: 2, name: 'bus', supercategory: '' },
      { id: 3, name: 'road', supercategory: '' },
    ]);
  });

  it('computes the shoelace area and bounds of a polygon', () => {
    // A right triangle with legs 4 and 3: area 6, in either winding.
    expect(polygonArea({ points: [[0, 0], [4, 0], [0, 3]] })).toBe(6);
    expect(polygonArea({ points: [[0, 3], [4, 0], [0, 0]] })).toBe(6);
    // An L shape: a 4x4 square minus its 2x2 top-right quarter = 12.
    expect(polygonArea({ points: [[0, 0], [2, 0], [2, 2], [4, 2], [4, 4], [0, 4]] })).toBe(12);
    expect(pointBounds([[3, 5], [1, 9], [7, 6]])).toEqual({ x: 1, y: 5, width: 6, height: 4 });
  });

  it('turns a box clockwise about its top-left corner', () => {
    const c = boxCorners({ x: 10, y: 20, width: 4, height: 2, rotation: 90 });
    const rounded = c.map(([x, y]) => [Math.round(x * 1e9) / 1e9 + 0, Math.round(y * 1e9) / 1e9 + 0]);
    // 90° clockwise with y down: the top edge (10,20)->(14,20) now points down to (10,24).
    expect(rounded).toEqual([[10, 20], [10, 24], [8, 24], [8, 20]]);
  });

  it('reads the image size from data.width and data.height (numbers or numeric strings), else the fallback', () => {
    expect(imageSizeOf({ width: 640, height: '480' })).toEqual({ width: 640, height: 480 });
    expect(imageSizeOf({ width: 640 })).toBeNull();
    expect(imageSizeOf({ width: 0, height: 10 })).toBeNull();
    expect(imageSizeOf({ width: 'wide', height: 10 }, { width: 100, height: 50 })).toEqual({ width: 100, height: 50 });
  });

  it('names the image file after the last segment of its URL', () => {
    expect(imageFileName('https://cdn.test/photos/street%201.jpg?sig=abc', 1)).toBe('street 1.jpg');
    expect(imageFileName('/local/a.png#x', 1)).toBe('a.png');
    expect(imageFileName('https://cdn.test/dir/', 7)).toBe('task-7');
    expect(imageFileName('data:image/png;base64,AAAA', 8)).toBe('task-8');
  });

  it('checks that fractions are fractions', () => {
    const f = regionFields();
    expect(withinFractions(f, task({ cars: [{ x: 0.5, y: 0.5, width: 0.5, height: 0.25, label: 'car' }] }))).toBe(true);
    expect(withinFractions(f, task({ cars: [{ x: 0.6, y: 0.5, width: 0.5, height: 0.25, label: 'car' }] }))).toBe(false);
    expect(withinFractions(f, task({ areas: [{ points: [[0, 0], [1, 0], [0, 12]], label: 'road' }] }))).toBe(false);
  });
});

describe('COCO export', () => {
  const f = regionFields();
  const categoryOf = new Map(regionLabels(f).map((n, i) => [n, i + 1]));

  it('describes the task as an image with its id, file name, URL and known size', () => {
    const t = task(null);
    expect(cocoImage(t, t.data.image as string, { width: 640, height: 480 })).toEqual({
      id: 41,
      file_name: 'street 1.jpg',
      coco_url: 'https://cdn.test/photos/street%201.jpg?sig=abc',
      width: 640,
      height: 480,
      unique_id: 'street-1',
    });
    expect(cocoImage(t, 'x.jpg', null)).not.toHaveProperty('width');
  });

  it('writes boxes as bbox + area, polygons as segmentation with bounds and shoelace area, numbered from firstId', () => {
    const t = task({
      cars: [
        { x: 10, y: 20, width: 30, height: 40, label: 'car' },
        { x: 100, y: 50, width: 20, height: 10, label: 'bus' },
      ],
      areas: [{ points: [[0, 400], [200, 400], [200, 480], [0, 480]], label: 'road' }, { points: [[10, 10], [50, 10], [10, 40]], label: 'car' }],
    });
    const anns = cocoAnnotations(f, t, categoryOf, { units: 'pixels', size: null, firstId: 7 });
    expect(anns).toEqual([
      { id: 7, image_id: 41, category_id: 1, bbox: [10, 20, 30, 40], area: 1200, segmentation: [], iscrowd: 0, tally_field: 'cars', score: 0.75 },
      { id: 8, image_id: 41, category_id: 2, bbox: [100, 50, 20, 10], area: 200, segmentation: [], iscrowd: 0, tally_field: 'cars', score: 0.75 },
      {
        id: 9,
        image_id: 41,
        category_id: 3,
        bbox: [0, 400, 200, 80],
        area: 16000,
        segmentation: [[0, 400, 200, 400, 200, 480, 0, 480]],
        iscrowd: 0,
        tally_field: 'areas',
      },
      // A triangle with legs 40 and 30: area 600.
      { id: 10, image_id: 41, category_id: 1, bbox: [10, 10, 40, 30], area: 600, segmentation: [[10, 10, 50, 10, 10, 40]], iscrowd: 0, tally_field: 'areas' },
    ]);
  });

  it('keeps a rotated box exact: corners as segmentation, their bounds as bbox, the angle in attributes', () => {
    const t = task({ cars: [{ x: 10, y: 20, width: 4, height: 2, label: 'car', rotation: 90 }] });
    const [a] = cocoAnnotations(f, t, categoryOf, { units: 'pixels', size: null, firstId: 1 })!;
    expect(a.bbox).toEqual([8, 20, 2, 4]);
    expect(a.area).toBe(8);
    expect(a.segmentation).toEqual([[10, 20, 10, 24, 8, 24, 8, 20]]);
    expect(a.attributes).toEqual({ rotation: 90 });
  });

  it('scales fractions by the image size, and cannot without one', () => {
    const t = task({ cars: [{ x: 0.25, y: 0.5, width: 0.1, height: 0.25, label: 'car' }], areas: [{ points: [[0, 0], [0.5, 0], [0, 0.5]], label: 'road' }] });
    const anns = cocoAnnotations(f, t, categoryOf, { units: 'fractions', size: { width: 640, height: 480 }, firstId: 1 })!;
    expect(anns[0].bbox).toEqual([160, 240, 64, 120]);
    expect(anns[0].area).toBe(7680);
    // Triangle with legs 320 and 240 px: 38,400.
    expect(anns[1].segmentation).toEqual([[0, 0, 320, 0, 0, 240]]);
    expect(anns[1].area).toBe(38400);
    expect(cocoAnnotations(f, t, categoryOf, { units: 'fractions', size: null, firstId: 1 })).toBeNull();
  });

  it('gives no annotation for a result without regions', () => {
    expect(cocoAnnotations(f, task({ cars: [], areas: [] }), categoryOf, { units: 'pixels', size: null, firstId: 1 })).toEqual([]);
    expect(cocoAnnotations(f, task(null), categoryOf, { units: 'pixels', size: null, firstId: 1 })).toEqual([]);
  });
});
