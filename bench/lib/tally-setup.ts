import { createWriteStream } from 'node:fs';
import { Readable } from 'node:stream';
import { once } from 'node:events';
import { expectStatus, request } from './http.ts';

export const SENTIMENT_SCHEMA = { fields: [{ name: 'sentiment', type: 'choice', options: ['pos', 'neg', 'neutral'] }] };
export const LABELS = ['pos', 'neg', 'neutral'];

/** One task line, about 160 bytes, like a short text-classification item. */
export function taskLine(i: number): string {
  return `${JSON.stringify({ uniqueId: `t${i}`, data: { text: `Review ${i}: the delivery was late but the product itself works as described, would order again.` } })}\n`;
}

/** Writes `n` task lines as NDJSON; returns the file size in bytes. */
export async function writeNdjson(file: string, n: number): Promise<number> {
  const out = createWriteStream(file);
  let bytes = 0;
  let buf = '';
  for (let i = 1; i <= n; i++) {
    buf += taskLine(i);
    if (buf.length > 1 << 20) {
      bytes += Buffer.byteLength(buf);
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  bytes += Buffer.byteLength(buf);
  out.end(buf);
  await once(out, 'finish');
  return bytes;
}

/** A stream of `n` task lines generated on the fly (no file). */
export function ndjsonStream(n: number, from = 1): Readable {
  let i = from;
  const end = from + n;
  return new Readable({
    read() {
      let buf = '';
      while (i < end && buf.length < 256 * 1024) buf += taskLine(i++);
      this.push(buf.length ? buf : null);
    },
  });
}

export interface Org {
  token: string;
  orgId: number;
  userId: number;
}

export async function bootstrapOrg(url: string, name = 'Bench'): Promise<Org> {
  const r = await expectStatus(
    request(url, 'POST', '/api/v1/orgs/bootstrap', { json: { org: name, email: `owner@${name.toLowerCase()}.test`, password: 'correct horse battery', name: 'Owner' } }),
    201,
    'bootstrap',
  );
  return r.body as Org;
}

export async function createProject(url: string, token: string, o: { overlap?: number; leaseSeconds?: number; name?: string } = {}): Promise<number> {
  const overlap = o.overlap ?? 3;
  const r = await expectStatus(
    request(url, 'POST', '/api/v1/projects', {
      token,
      json: { name: o.name ?? `bench ${Date.now()}`, schema: SENTIMENT_SCHEMA, overlapMin: overlap, overlapMax: overlap, leaseSeconds: o.leaseSeconds ?? 600 },
    }),
    201,
    'create project',
  );
  return r.body.id as number;
}

export interface Annotator {
  id: number;
  token: string;
}

export async function addAnnotators(url: string, token: string, n: number, prefix = 'a'): Promise<Annotator[]> {
  const out: Annotator[] = [];
  for (let i = 0; i < n; i++) {
    const m = await expectStatus(request(url, 'POST', '/api/v1/members', { token, json: { email: `${prefix}${i}@bench.test`, role: 'annotator', name: `${prefix}${i}` } }), 201, 'add member');
    const t = await expectStatus(request(url, 'POST', `/api/v1/members/${m.body.id}/tokens`, { token, json: {} }), 201, 'token');
    out.push({ id: m.body.id, token: t.body.token });
  }
  return out;
}

/** Imports `n` generated tasks through the API (NDJSON, streamed). */
export async function importGenerated(url: string, token: string, projectId: number, n: number): Promise<void> {
  const r = await request(url, 'POST', `/api/v1/projects/${projectId}/tasks`, { token, body: ndjsonStream(n), contentType: 'application/x-ndjson' });
  if (r.status !== 201 || r.body.created !== n) throw new Error(`import failed: ${r.status} ${r.text.slice(0, 300)}`);
}

export function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
