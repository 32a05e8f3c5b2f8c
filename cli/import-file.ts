import { createReadStream } from 'node:fs';
import { readFile, stat } from 'node:fs/promises';
import { extname } from 'node:path';
import { Readable, Transform } from 'node:stream';
import cliProgress from 'cli-progress';
import { call, CliError, type Remote } from './api-client.ts';

const TYPES: Record<string, string> = { '.jsonl': 'application/x-ndjson', '.ndjson': 'application/x-ndjson', '.csv': 'text/csv' };

/**
 * Streams a task file to the import endpoint with a progress bar by bytes.
 * JSONL/NDJSON and CSV go through as they are, so a file of any size streams;
 * a .json array is read whole and sent as NDJSON (use .jsonl for big files).
 */
export async function importFile(remote: Remote, file: string, projectId: number, opts: { batch?: string; quiet?: boolean }) {
  const ext = extname(file).toLowerCase();
  const size = (await stat(file)).size;
  let source: Readable;
  let type = TYPES[ext];
  if (ext === '.json') {
    const items = JSON.parse(await readFile(file, 'utf8')) as unknown;
    if (!Array.isArray(items)) throw new CliError(`${file}: a .json file must hold an array of tasks.`);
    source = Readable.from(items.map((t) => `${JSON.stringify(t)}\n`));
    type = 'application/x-ndjson';
  } else if (type) {
    source = createReadStream(file, { highWaterMark: 1 << 20 });
  } else {
    throw new CliError(`${file}: unknown file type ${ext || '(none)'}; use .jsonl, .ndjson, .json or .csv.`);
  }
  const bar = opts.quiet ? undefined : new cliProgress.SingleBar({ format: 'import |{bar}| {percentage}% {value}/{total} bytes' }, cliProgress.Presets.shades_classic);
  bar?.start(size, 0);
  let sent = 0;
  const counter = new Transform({
    transform(chunk: Buffer | string, _enc, done) {
      sent += Buffer.byteLength(chunk);
      bar?.update(Math.min(sent, size));
      done(null, chunk);
    },
  });
  const qs = opts.batch ? `?batch=${encodeURIComponent(opts.batch)}` : '';
  try {
    const res = await call(remote, 'POST', `/api/v1/projects/${projectId}/tasks${qs}`, {
      headers: { 'content-type': type },
      body: Readable.toWeb(source.pipe(counter)) as unknown as BodyInit,
      // @ts-expect-error: Node's fetch needs half duplex for a streamed body.
      duplex: 'half',
    });
    bar?.update(size);
    return (await res.json()) as { created: number; duplicates: number; total: number };
  } finally {
    bar?.stop();
  }
}
