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
function jsonArrayAsNdjson(file: string, fileStream: Readable): Readable {
  let failure: Error | undefined;
  const out = new Transform({
    writableObjectMode: true,
    transform({ value }: { value: unknown }, _enc, done) {
      done(null, `${JSON.stringify(value)}\n`);
    },
  });
  const parser = fileStream.pipe(StreamArray.withParser());
  parser.on('error', (e: Error) => {
    failure ??= new CliError(`${file}: not a JSON array of tasks (${e.message}). Use .jsonl for one task per line.`);
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
  const ext = extname(file).toLowerCase();
  const type = TYPES[ext];
  if (!type) throw new CliError(`${file}: unknown file type ${ext || '(none)'}; use .jsonl, .ndjson, .json or .csv.`);
  const size = (await stat(file)).size;
  const bar = opts.quiet ? undefined : new cliProgress.SingleBar({ format: 'import |{bar}| {percentage}% {value}/{total} bytes' }, cliProgress.Presets.shades_classic);
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
  const body = ext === '.json' ? jsonArrayAsNdjson(file, fileStream) : fileStream;
  const qs = opts.batch ? `?batch=${encodeURIComponent(opts.batch)}` : '';
  try {
    const res = await call(remote, 'POST', `/api/v1/projects/${projectId}/tasks${qs}`, {
      headers: { 'content-type': type },
      body: Readable.toWeb(body) as unknown as BodyInit,
      // @ts-expect-error: Node's fetch needs half duplex for a streamed body.
      duplex: 'half',
    });
    bar?.update(size);
    return (await res.json()) as { created: number; duplicates: number; total: number };
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
