/**
 * The typed API client: fetch with the session cookie, JSON in and out, and every
 * failure turned into an {@link ApiError} carrying the server's stable `code`.
 *
 * @example
 * const me = await api.get<Me>('/me');
 * try { await api.post(`/claims/${id}/submit`, { value }); }
 * catch (e) { if (e instanceof ApiError && e.code === 'lease_expired') ... }
 */

/** The API's base path; every call below is relative to it. */
export const API_BASE = '/api/v1';

/** An error answered by the API (`{error: {code, message, ...}}`), or a network failure (status 0). */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    /** Everything else the server put in `error` (e.g. `field`, `reason`, `issues`). */
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'ApiError';
  }

  /** True when the request never got an answer (offline, DNS, server down). */
  get isNetwork(): boolean {
    return this.status === 0;
  }
}

/** True for failures worth retrying later: no connection, or the server is briefly unavailable. */
export function isTransient(err: unknown): boolean {
  return err instanceof ApiError && (err.status === 0 || err.status === 502 || err.status === 503 || err.status === 504);
}

export interface RequestOptions {
  signal?: AbortSignal;
  headers?: Record<string, string>;
  /** Send this body as is (e.g. NDJSON) instead of JSON-encoding it. */
  rawBody?: BodyInit;
  /** Keep the request alive while the page unloads (skip-back on leave). */
  keepalive?: boolean;
}

async function parseError(res: Response): Promise<ApiError> {
  let body: unknown;
  try {
    body = await res.json();
  } catch {
    body = undefined;
  }
  const err = (body as { error?: Record<string, unknown> } | undefined)?.error;
  if (err && typeof err.code === 'string') {
    const { code, message, ...details } = err;
    return new ApiError(res.status, code, typeof message === 'string' ? message : code, details);
  }
  return new ApiError(res.status, `http_${res.status}`, res.statusText || `Request failed with status ${res.status}`);
}

/** One API request. Resolves to the parsed JSON body, or `undefined` for 204. */
export async function request<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<T> {
  const headers: Record<string, string> = { accept: 'application/json', ...opts.headers };
  let payload: BodyInit | undefined = opts.rawBody;
  if (payload === undefined && body !== undefined) {
    payload = JSON.stringify(body);
    headers['content-type'] ??= 'application/json';
  }
  let res: Response;
  try {
    res = await fetch(API_BASE + path, { method, headers, body: payload, credentials: 'same-origin', signal: opts.signal, keepalive: opts.keepalive });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'network_error', 'Could not reach the server. Check your connection.');
  }
  if (!res.ok) throw await parseError(res);
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}

/** Shorthands over {@link request}. */
export const api = {
  get: <T>(path: string, opts?: RequestOptions) => request<T>('GET', path, undefined, opts),
  post: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('POST', path, body, opts),
  patch: <T>(path: string, body?: unknown, opts?: RequestOptions) => request<T>('PATCH', path, body, opts),
  delete: <T>(path: string, opts?: RequestOptions) => request<T>('DELETE', path, undefined, opts),
};

/** Like {@link request} but also returns the status (to tell 200 from 201 or 204). */
export async function requestWithStatus<T>(method: string, path: string, body?: unknown, opts: RequestOptions = {}): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { accept: 'application/json', 'content-type': 'application/json', ...opts.headers };
  let res: Response;
  try {
    res = await fetch(API_BASE + path, {
      method,
      headers,
      body: body === undefined ? undefined : JSON.stringify(body),
      credentials: 'same-origin',
      signal: opts.signal,
      keepalive: opts.keepalive,
    });
  } catch (e) {
    if ((e as Error).name === 'AbortError') throw e;
    throw new ApiError(0, 'network_error', 'Could not reach the server. Check your connection.');
  }
  if (!res.ok) throw await parseError(res);
  if (res.status === 204) return { status: 204, body: undefined as T };
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : undefined) as T };
}
