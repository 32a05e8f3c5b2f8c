/** A tiny HTTP client for seeding and reading back through the real API (no inject). */
export class HttpError extends Error {
  constructor(
    readonly status: number,
    readonly body: string,
  ) {
    super(`HTTP ${status}: ${body.slice(0, 500)}`);
  }
}

export function http(baseUrl: string, token?: string) {
  async function request<T = any>(method: string, path: string, body?: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: T }> {
    const h: Record<string, string> = { ...headers };
    if (token) h.authorization = `Bearer ${token}`;
    let payload: string | undefined;
    if (typeof body === 'string') payload = body;
    else if (body !== undefined) {
      payload = JSON.stringify(body);
      h['content-type'] ??= 'application/json';
    }
    const res = await fetch(baseUrl + path, { method, headers: h, body: payload });
    const text = await res.text();
    let parsed: unknown = undefined;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      parsed = text;
    }
    return { status: res.status, body: parsed as T };
  }
  /** Like request, but throws unless the status is 2xx. */
  async function ok<T = any>(method: string, path: string, body?: unknown, headers?: Record<string, string>): Promise<T> {
    const r = await request<T>(method, path, body, headers);
    if (r.status < 200 || r.status > 299) throw new HttpError(r.status, JSON.stringify(r.body));
    return r.body;
  }
  return {
    request,
    get: <T = any>(path: string) => ok<T>('GET', path),
    post: <T = any>(path: string, body?: unknown, headers?: Record<string, string>) => ok<T>('POST', path, body, headers),
    patch: <T = any>(path: string, body?: unknown) => ok<T>('PATCH', path, body),
  };
}

export type Http = ReturnType<typeof http>;

export interface Seeded {
  owner: Http;
  ownerToken: string;
  orgId: number;
  annotator: { id: number; email: string; password: string; token: string; api: Http };
}

/** Bootstraps an org with an owner and one annotator who has a password (for the login page). */
export async function seedOrg(baseUrl: string, org = 'Acme Labs'): Promise<Seeded> {
  const anon = http(baseUrl);
  const boot = await anon.post<{ token: string; orgId: number; userId: number }>('/api/v1/orgs/bootstrap', {
    org,
    email: 'owner@acme.test',
    password: 'correct horse battery',
    name: 'Olive Owner',
  });
  const owner = http(baseUrl, boot.token);
  const email = 'ann@acme.test';
  const password = 'annotator-pass-1';
  const member = await owner.post<{ id: number }>('/api/v1/members', { email, name: 'Ann Notator', role: 'annotator', password });
  const tok = await owner.post<{ token: string }>(`/api/v1/members/${member.id}/tokens`, {});
  return {
    owner,
    ownerToken: boot.token,
    orgId: boot.orgId,
    annotator: { id: member.id, email, password, token: tok.token, api: http(baseUrl, tok.token) },
  };
}
