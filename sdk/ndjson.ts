/**
 * What an import accepts: tasks (an array or any sync or async iterable), or
 * NDJSON already encoded (an iterable of strings or bytes, such as a Node file
 * stream, or a web ReadableStream of bytes). Strings and bytes are sent as they
 * are, so each line must end with a newline; objects are written one per line.
 */
export type ImportSource<T> = Iterable<T> | AsyncIterable<T | string | Uint8Array> | ReadableStream<Uint8Array>;

/** Bytes per request chunk: small tasks are batched instead of sent one write each. */
const CHUNK_BYTES = 64 * 1024;

/** An NDJSON request body pulled from the source as the upload proceeds, never built whole. */
export function ndjsonBody<T>(source: ImportSource<T>): ReadableStream<Uint8Array> {
  if (typeof (source as ReadableStream).getReader === 'function') return source as ReadableStream<Uint8Array>;
  const it: Iterator<unknown> | AsyncIterator<unknown> =
    Symbol.asyncIterator in source ? (source as AsyncIterable<unknown>)[Symbol.asyncIterator]() : (source as Iterable<unknown>)[Symbol.iterator]();
  const encoder = new TextEncoder();
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const parts: Uint8Array[] = [];
      let size = 0;
      while (size < CHUNK_BYTES) {
        const next = await it.next();
        if (next.done) break;
        const v = next.value;
        const bytes = v instanceof Uint8Array ? v : encoder.encode(typeof v === 'string' ? v : `${JSON.stringify(v)}\n`);
        parts.push(bytes);
        size += bytes.byteLength;
      }
      if (size > 0) controller.enqueue(parts.length === 1 ? parts[0] : concat(parts, size));
      if (size < CHUNK_BYTES) controller.close();
    },
    async cancel(reason) {
      await it.return?.(reason);
    },
  });
}

function concat(parts: Uint8Array[], size: number): Uint8Array {
  const out = new Uint8Array(size);
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.byteLength;
  }
  return out;
}
