import http from 'node:http';
import type { Readable } from 'node:stream';

/** Keep-alive connections, as a real annotator's browser or SDK would hold. */
export const agent = new http.Agent({ keepAlive: true, maxSockets: 256 });

export interface HttpRes {
  status: number;
  body: any;
  text: string;
  headers: http.IncomingHttpHeaders;
}

/**
 * A small HTTP client over node:http (lighter than fetch on a 2-core machine,
 * where the load generator shares the CPU with the server and the database).
 */
export function request(
  base: string,
  method: string,
  path: string,
  o: { token?: string; json?: unknown; body?: Readable | string; contentType?: string; timeoutMs?: number } = {},
): Promise<HttpRes> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string> = {};
    if (o.token) headers.authorization = `Bearer ${o.token}`;
    let payload: string | undefined;
    if (o.json !== undefined) {
      payload = JSON.stringify(o.json);
      headers['content-type'] = 'application/json';
    } else if (typeof o.body === 'string') payload = o.body;
    if (o.contentType) headers['content-type'] = o.contentType;
    if (payload !== undefined) headers['content-length'] = String(Buffer.byteLength(payload));
    const req = http.request(`${base}${path}`, { method, headers, agent, timeout: o.timeoutMs ?? 0 }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (c: Buffer) => parts.push(c));
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        let body: unknown;
        try {
          body = text ? JSON.parse(text) : undefined;
        } catch {
          body = undefined;
        }
        resolve({ status: res.statusCode ?? 0, body, text, headers: res.headers });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.on('timeout', () => req.destroy(new Error('timeout')));
    if (payload !== undefined) req.end(payload);
    else if (o.body && typeof o.body !== 'string') o.body.pipe(req);
    else req.end();
  });
}

/** Streams a GET response to `onChunk` without keeping it; resolves with the status and byte count. */
export function streamGet(base: string, path: string, token: string, onChunk: (c: Buffer) => void): Promise<{ status: number; bytes: number }> {
  return new Promise((resolve, reject) => {
    const req = http.get(`${base}${path}`, { headers: { authorization: `Bearer ${token}` }, agent }, (res) => {
      let bytes = 0;
      res.on('data', (c: Buffer) => {
        bytes += c.length;
        onChunk(c);
      });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, bytes }));
      res.on('error', reject);
    });
    req.on('error', reject);
  });
}

export async function expectStatus(p: Promise<HttpRes>, status: number, what: string): Promise<HttpRes> {
  const r = await p;
  if (r.status !== status) throw new Error(`${what}: expected ${status}, got ${r.status} ${r.text.slice(0, 500)}`);
  return r;
}
