/** Parses a stream of JSON lines as it arrives, one value per non-empty line; memory holds one line at a time. */
export async function* jsonLines<T>(body: ReadableStream<Uint8Array>): AsyncGenerator<T> {
  const reader = body.getReader();
  const decoder = new TextDecoder();
  let rest = '';
  try {
    for (;;) {
      const { value, done } = await reader.read();
      rest += done ? decoder.decode() : decoder.decode(value, { stream: true });
      let start = 0;
      for (let nl = rest.indexOf('\n'); nl >= 0; nl = rest.indexOf('\n', start)) {
        const line = rest.slice(start, nl).trim();
        start = nl + 1;
        if (line) yield JSON.parse(line) as T;
      }
      rest = rest.slice(start);
      if (done) break;
    }
    if (rest.trim()) yield JSON.parse(rest) as T;
  } finally {
    // A consumer that stops early (break) cancels the download instead of leaving it open.
    await reader.cancel().catch(() => {});
  }
}
