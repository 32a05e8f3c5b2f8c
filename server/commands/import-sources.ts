import type { Readable } from 'node:stream';
import { CsvError, parse as parseCsv } from 'csv-parse';
import { errors } from '../errors.ts';
import { rowError } from './task-input.ts';

/** One row of an import and where it came from (1-based line, or item number in a JSON array). */
export interface ImportRow {
  line: number;
  value: unknown;
}

/**
 * An import's rows, in batches: a source hands over every row it has ready at
 * once (an NDJSON stream: all the lines of one network chunk; a JSON array:
 * all of it; CSV: one record per batch, as csv-parse hands them over), so the
 * importer awaits once per batch, not once per row. Per-row async iteration
 * cost 1 s of a 1M-row import's 9 s of server CPU in promises alone.
 */
export type ImportRows = AsyncIterable<ImportRow[]> | Iterable<ImportRow[]>;

const MAX_LINE_BYTES = 16 * 1024 * 1024;

/**
 * Reads NDJSON from a stream, one batch per network chunk: memory stays
 * bounded by the chunk and the longest line, whatever the size of the file.
 * Blank lines are skipped. `makeRowError` builds a too-long line's 422 (by
 * default the task import's `invalid_task`).
 */
export async function* ndjsonRows(
  stream: Readable,
  maxBytes: number,
  makeRowError: (line: number, message: string) => Error = rowError,
): AsyncGenerator<ImportRow[]> {
  let line = 0;
  let total = 0;
  let carry = '';
  stream.setEncoding('utf8');
  for await (const chunk of stream as AsyncIterable<string>) {
    total += Buffer.byteLength(chunk);
    if (total > maxBytes) throw errors.tooLarge(maxBytes);
    const text = carry + chunk;
    const batch: ImportRow[] = [];
    let start = 0;
    let nl: number;
    while ((nl = text.indexOf('\n', start)) >= 0) {
      line++;
      let row: ImportRow | undefined;
      try {
        row = parseLine(text.slice(start, nl), line);
      } catch (e) {
        if (batch.length > 0) yield batch; // the rows before it are checked first, so the first bad line is the one named
        throw e;
      }
      if (row) batch.push(row);
      start = nl + 1;
    }
    carry = text.slice(start);
    if (carry.length > MAX_LINE_BYTES) throw makeRowError(line + 1, `the line is longer than ${MAX_LINE_BYTES} bytes.`);
    if (batch.length > 0) yield batch;
  }
  if (carry.length > 0) {
    const row = parseLine(carry, line + 1);
    if (row) yield [row];
  }
}

function parseLine(text: string, line: number): ImportRow | undefined {
  const trimmed = text.trim();
  if (trimmed === '') return undefined;
  try {
    return { line, value: JSON.parse(trimmed) };
  } catch (e) {
    throw errors.unprocessable('malformed_json', `line ${line}: not valid JSON (${(e as Error).message}). Nothing was imported.`, { line });
  }
}

/** Items of a JSON array body (one batch); `line` is the item's 1-based position. */
export function arrayRows(items: unknown[]): ImportRow[][] {
  return [items.map((value, i) => ({ line: i + 1, value }))];
}

/**
 * CSV with a header row: each record becomes `{data: record}`; the columns
 * `uniqueId` and `priority`, when present, set those task fields. Line numbers
 * count the header as line 1.
 */
export async function* csvRows(stream: Readable, maxBytes: number): AsyncGenerator<ImportRow[]> {
  let total = 0;
  stream.on('data', (c: Buffer) => {
    total += c.length;
    if (total > maxBytes) stream.destroy(errors.tooLarge(maxBytes));
  });
  const parser = stream.pipe(parseCsv({ columns: true, bom: true, skip_empty_lines: true, info: true }));
  stream.on('error', (e) => parser.destroy(e));
  try {
    for await (const rec of parser as AsyncIterable<{ record: Record<string, string>; info: { lines: number } }>) {
      const { uniqueId, priority, ...data } = rec.record;
      const value: Record<string, unknown> = { data };
      if (uniqueId) value.uniqueId = uniqueId;
      if (priority) value.priority = Number(priority);
      yield [{ line: rec.info.lines, value }];
    }
  } catch (e) {
    const err = e as { code?: string; lines?: number; message: string };
    // Not every csv-parse error code starts with CSV_ (INVALID_OPENING_QUOTE does not): test the class.
    if (e instanceof CsvError || err.code?.startsWith('CSV_')) {
      throw errors.unprocessable('malformed_csv', `line ${err.lines ?? '?'}: ${err.message}. Nothing was imported.`, { line: err.lines });
    }
    throw e;
  }
}
