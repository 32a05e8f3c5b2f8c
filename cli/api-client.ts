/** The CLI's view of a Tally server: base URL and token from flags or TALLY_URL / TALLY_TOKEN. */
export interface Remote {
  url: string;
  token: string;
}

export function remoteFrom(opts: { url?: string; token?: string }): Remote {
  const url = (opts.url ?? process.env.TALLY_URL ?? 'http://127.0.0.1:3000').replace(/\/$/, '');
  const token = opts.token ?? process.env.TALLY_TOKEN;
  if (!token) throw new CliError('No API token: pass --token or set TALLY_TOKEN (tally init prints one).');
  return { url, token };
}

export class CliError extends Error {}

/** Calls the API and turns an error body into a CliError carrying its code and message. */
export async function call(remote: Remote, method: string, path: string, init: RequestInit & { json?: unknown } = {}): Promise<Response> {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${remote.token}`);
  let body = init.body;
  if (init.json !== undefined) {
    headers.set('content-type', 'application/json');
    body = JSON.stringify(init.json);
  }
  let res: Response;
  try {
    res = await fetch(`${remote.url}${path}`, { ...init, method, headers, body });
  } catch (e) {
    throw new CliError(`Cannot reach Tally at ${remote.url}: ${(e as Error).cause ?? (e as Error).message}. Is the server running (tally serve)?`);
  }
  if (res.status >= 400) {
    const text = await res.text();
    let msg = text;
    try {
      const j = JSON.parse(text) as { error?: { code?: string; message?: string } };
      if (j.error) msg = `${j.error.code}: ${j.error.message}`;
    } catch {
      /* not JSON: keep the text */
    }
    throw new CliError(`${method} ${path} failed (${res.status}) ${msg}`);
  }
  return res;
}
