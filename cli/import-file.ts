import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import cliProgress from 'cli-progress';
import StreamArray from 'stream-json/streamers/StreamArray.js';
import { call, CliError, type Remote } from './api-client.ts';

const TYPES: Record<string, string> = {
  '.jsonl': 'application/x-ndjson',
  '.ndjson': 'application/x-ndjson',
  '.json': 'application/x-ndjson',
  '.csv': 'text/csv',
};

/**
 * A .json array, streamed element by element into NDJSON (stream-json), so a
 * million-task array never sits in memory. Not-an-array is a clear error.
 */
function jsonArrayAsNdjson(file: string, fileStream: Readable, what = 'tasks'): Readable {
  let failure: Error | undefined;
  const out = new Transform({
    writableObjectMode: true,
    transform({ value }: { value: unknown }, _enc, done) {
      done(null, `${JSON.stringify(value)}\n`);
    },
  });
  const parser = fileStream.pipe(StreamArray.withParser());
  parser.on('error', (e: Error) => {
    failure ??= new CliError(`${file}: not a JSON array of ${what} (${e.message}). Use .jsonl for one ${what.replace(/s$/, '')} per line.`);
    out.destroy(failure);
  });
  return parser.pipe(out);
}

/**
 * Streams a task file to the import endpoint with a progress bar by bytes
 * read. Every format streams, whatever the file's size: JSONL/NDJSON and CSV
 * go through as they are, a .json array is turned into NDJSON as it is read.
 */
export async function importFile(remote: Remote, file: string, projectId: number, opts: { batch?: string; quiet?: boolean }) {
  return (await upload(remote, file, `/api/v1/projects/${projectId}/tasks`, 'tasks', opts)) as { created: number; duplicates: number; total: number };
}

/**
 * Streams a predictions file (.jsonl/.ndjson, or a .json array) to
 * `POST /projects/:id/predictions`, the same way as a task import.
 */
export async function importPredictionsFile(remote: Remote, file: string, projectId: number, opts: { quiet?: boolean }) {
  if (extname(file).toLowerCase() === '.csv') throw new CliError(`${file}: predictions come as .jsonl, .ndjson or .json, not CSV.`);
  return (await upload(remote, file, `/api/v1/projects/${projectId}/predictions`, 'predictions', opts)) as { created: number; replaced: number };
}

async function upload(remote: Remote, file: string, path: string, what: string, opts: { batch?: string; quiet?: boolean }): Promise<unknown> {
  const ext = extname(file).toLowerCase();
  const type = TYPES[ext];
  if (!type) throw new CliError(`${file}: unknown file type ${ext || '(none)'}; use .jsonl, .ndjson, .json or .csv.`);
  const size = (await stat(file)).size;
  const bar = opts.quiet ? undefined : new cliProgress.SingleBar({ format: `${what} |{bar}| {percentage}% {value}/{total} bytes` }, cliProgress.Presets.shades_classic);
  bar?.start(size, 0);
  let read = 0;
  const counter = new Transform({
    transform(chunk: Buffer, _enc, done) {
      read += chunk.length;
      bar?.update(Math.min(read, size));
      done(null, chunk);
    },
  });
  const fileStream = createReadStream(file, { highWaterMark: 1 << 20 }).pipe(counter);
  const body = ext === '.json' ? jsonArrayAsNdjson(file, fileStream, what) : fileStream;
  const qs = opts.batch ? `?batch=${encodeURIComponent(opts.batch)}` : '';
  try {
    const res = await call(remote, 'POST', `${path}${qs}`, {
      headers: { 'content-type': type },
      body: Readable.toWeb(body) as unknown as BodyInit,
      // @ts-expect-error: Node's fetch needs half duplex for a streamed body.
      duplex: 'half',
    });
    bar?.update(size);
    return await res.json();
  } catch (e) {
    // A local parse failure surfaces through fetch as a body error: report the parse failure itself.
    const cause = (e as Error & { cause?: unknown }).cause;
    if (body.errored instanceof CliError) throw body.errored;
    if (cause instanceof CliError) throw cause;
    throw e;
  } finally {
    bar?.stop();
  }
}
