import type { Kysely } from 'kysely';
import { makeZip } from 'client-zip';
import { stringify } from 'csv-stringify/sync';
import type { DB } from '../db/schema.ts';
import { exportPage, exportPages } from '../db/queries/export-page.ts';
import { PIECE_CHARS, toExportTask } from './export-fields.ts';
import type { AuthContext } from '../http/auth-hook.ts';
import { errors } from '../errors.ts';
import type { ExportTask } from '../../core/export/llm-records.ts';
import {
  hasRegions,
  imageSizeOf,
  regionsInFractions,
  imageUrlOf,
  regionLabels,
  withinFractions,
  type ImageSize,
  type RegionField,
  type Units,
} from '../../core/export/image-regions.ts';
import { cocoAnnotations, cocoCategories, cocoImage } from '../../core/export/coco.ts';
import { YOLO_IMAGES_COLUMNS, yoloDataYaml, yoloFiles, yoloImageRow, yoloLabelFile } from '../../core/export/yolo.ts';

export interface ImageExportOptions {
  status: string;
  pageSize: number;
  units: Units;
  /** The size of every image whose task data has no `width` and `height`. */
  imageSize?: ImageSize;
}

/** How many tasks an up-front check names in its error. */
const EXAMPLES = 5;

/**
 * Object-detection exports of a project's boxes and polygons: `coco` (one
 * JSON document) and `yolo` (an Ultralytics dataset as a zip). Each describes
 * one image per task: the image at `data[source]` of the chosen fields (so
 * they must share a source), for every finished task (`status`, done by
 * default; gold never) whose data holds an image URL there.
 *
 * Memory stays flat in tasks: every pass reads keyset pages. The document is
 * written in two (COCO: images, then annotations) or three (YOLO: images.csv,
 * then the label files) passes, each later pass over the ids the first one
 * chose, so they agree even if tasks finish meanwhile; those ids (8 bytes a
 * task) and, for YOLO, the zip's central directory (~0.4 KB a file, written
 * at its end) are what grows with the project. Whatever the document needs
 * from every task (an image size, coordinates that are fractions) is checked
 * in a pass before the first byte, so a problem is a 422 and never a
 * half-written file.
 */
export async function imageExport(
  db: Kysely<DB>,
  auth: AuthContext,
  project: { id: number; name: string },
  fields: RegionField[],
  format: 'coco' | 'yolo',
  opts: ImageExportOptions,
) {
  const sources = [...new Set(fields.map((f) => f.source))];
  if (sources.length > 1) {
    throw errors.badRequest(
      'mixed_image_sources',
      `The ${format} export describes one image per task, and these fields read different images: ${fields.map((f) => `${f.name} (data.${f.source})`).join(', ')}. Pass fields= naming fields over one image, e.g. fields=${fields.filter((f) => f.source === sources[0]).map((f) => f.name).join(',')}.`,
    );
  }
  const source = sources[0];
  const names = regionLabels(fields);
  const indexOf = new Map(names.map((n, i) => [n, i]));
  const sizeOf = (t: ExportTask) => imageSizeOf(t.data, opts.imageSize);

  /** Keyset pages of the finished tasks that show an image. */
  async function* imagePages(): AsyncGenerator<ExportTask[]> {
    for await (const page of exportPages(db, { projectId: project.id, orgId: auth.orgId, limit: opts.pageSize, includeGold: false, status: opts.status, format: 'fields' })) {
      yield page.map(toExportTask).filter((t) => imageUrlOf(source, t.data) !== null);
    }
  }
  /** The same tasks again, by id: their result as it is now, whatever their status became. */
  async function* pagesOf(ids: readonly number[]): AsyncGenerator<ExportTask[]> {
    for (let i = 0; i < ids.length; i += opts.pageSize) {
      const chunk = ids.slice(i, i + opts.pageSize);
      const page = await exportPage(db, { projectId: project.id, orgId: auth.orgId, afterId: chunk[0] - 1, limit: chunk.length, includeGold: false, ids: chunk, format: 'fields' });
      yield page.map(toExportTask);
    }
  }

  // YOLO always divides by the image size; COCO multiplies by it only for fractions.
  const needsSize = format === 'yolo' ? opts.units === 'pixels' : opts.units === 'fractions';
  let checked: number[] | null = null;
  if (format === 'yolo' || opts.units === 'fractions') checked = await checkTasks();

  /** The up-front pass: the tasks to export, or a 422 naming those the document cannot describe. */
  async function checkTasks(): Promise<number[]> {
    const ids: number[] = [];
    const noSize: number[] = [];
    const notFractions: number[] = [];
    let noSizeCount = 0;
    let notFractionsCount = 0;
    for await (const page of imagePages()) {
      for (const t of page) {
        ids.push(t.id);
        if (!hasRegions(fields, t)) continue;
        if (opts.units === 'fractions' && !withinFractions(fields, t)) {
          if (notFractionsCount++ < EXAMPLES) notFractions.push(t.id);
        } else if (!sizeOf(t) && (needsSize || regionsInFractions(fields, t, opts.units, null) === null)) {
          // Fractions need no size, except to turn a rotated box (its angle is in pixels).
          if (noSizeCount++ < EXAMPLES) noSize.push(t.id);
        }
      }
    }
    const some = (count: number, shown: number[]) => `${count} ${count === 1 ? 'task' : 'tasks'} (${count > shown.length ? 'e.g. ' : ''}${shown.join(', ')})`;
    if (notFractionsCount > 0) {
      throw errors.unprocessable(
        'coordinates_not_fractions',
        `units=fractions, but ${some(notFractionsCount, notFractions)} ${notFractionsCount === 1 ? 'has' : 'have'} coordinates above 1, so they are not fractions of the image size. Leave units out if the project's coordinates are pixels (what the web workspace writes).`,
        { taskIds: notFractions, count: notFractionsCount },
      );
    }
    if (noSizeCount > 0) {
      const why = format === 'yolo' ? 'YOLO divides coordinates by the image size' : 'COCO coordinates are pixels, and fractions are multiplied by the image size';
      throw errors.unprocessable(
        'image_size_unknown',
        `${some(noSizeCount, noSize)} with boxes or polygons ${noSizeCount === 1 ? 'has' : 'have'} no image size: ${why}, and Tally reads it from the task's data.width and data.height (pixels). Import tasks with those keys, or pass imageSize=WIDTHxHEIGHT when every image has that size${opts.units === 'pixels' ? ', or units=fractions if the coordinates are fractions of the image' : ''}.`,
        { taskIds: noSize, count: noSizeCount },
      );
    }
    return ids;
  }

  const about = `Tally project ${project.id}: ${project.name}`;
  if (format === 'coco') {
    const ids = checked;
    async function* lines(): AsyncGenerator<string> {
      const info = { description: about, version: '1.0', year: new Date().getUTCFullYear(), contributor: 'Tally', date_created: new Date().toISOString() };
      yield `{"info":${JSON.stringify(info)},"licenses":[],"categories":${JSON.stringify(cocoCategories(names))},\n"images":[`;
      let text = '';
      let first = true;
      const seen: number[] = [];
      for await (const page of ids ? pagesOf(ids) : imagePages()) {
        for (const t of page) {
          seen.push(t.id);
          text += `${first ? '\n' : ',\n'}${JSON.stringify(cocoImage(t, imageUrlOf(source, t.data)!, sizeOf(t)))}`;
          first = false;
          if (text.length >= PIECE_CHARS) {
            yield text;
            text = '';
          }
        }
      }
      text += '],\n"annotations":[';
      first = true;
      let nextId = 1;
      const categoryOf = new Map(names.map((n, i) => [n, i + 1]));
      for await (const page of pagesOf(ids ?? seen)) {
        for (const t of page) {
          for (const a of cocoAnnotations(fields, t, categoryOf, { units: opts.units, size: sizeOf(t), firstId: nextId }) ?? []) {
            text += `${first ? '\n' : ',\n'}${JSON.stringify(a)}`;
            first = false;
            nextId++;
          }
          if (text.length >= PIECE_CHARS) {
            yield text;
            text = '';
          }
        }
      }
      yield `${text}]}\n`;
    }
    return { format, file: 'coco.json', contentType: 'application/json; charset=utf-8', lines };
  }

  const ids = checked!;
  const segments = fields.some((f) => f.type === 'polygons');
  const lastModified = new Date();
  async function* imagesCsv(): AsyncGenerator<string> {
    yield stringify([YOLO_IMAGES_COLUMNS]);
    for await (const page of pagesOf(ids)) yield stringify(page.map((t) => yoloImageRow(t, imageUrlOf(source, t.data)!, sizeOf(t))));
  }
  async function* entries() {
    yield { name: 'data.yaml', input: yoloDataYaml(names, `YOLO labels from ${about} (${ids.length} images).`), lastModified };
    yield { name: 'images.csv', input: imagesCsv(), lastModified };
    for await (const page of pagesOf(ids)) {
      for (const t of page) {
        const text = yoloLabelFile(fields, t, indexOf, { units: opts.units, size: sizeOf(t), segments }) ?? '';
        yield { name: yoloFiles(t.id, imageUrlOf(source, t.data)!).label, input: text, lastModified };
      }
    }
  }
  async function* lines(): AsyncGenerator<Uint8Array> {
    // client-zip pulls the next entry only when the response has taken the bytes before it.
    for await (const chunk of makeZip(entries()) as unknown as AsyncIterable<Uint8Array>) yield chunk;
  }
  return { format, file: 'yolo.zip', contentType: 'application/zip', lines };
}
