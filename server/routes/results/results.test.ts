import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse } from 'csv-parse/sync';
import { bootstrap, DB_KIND, SENTIMENT_SCHEMA, testApp, type Client, type TestApp } from '../../../test/harness.ts';

describe(`results export (${DB_KIND})`, () => {
  let t: TestApp;
  let owner: Client;
  let projectId: number;
  // 2,500 tasks: three pages of up to 1,000, each streamed in several ~64 K pieces;
  // task 1234 alone is longer than a piece.
  const texts = Array.from({ length: 2500 }, (_, i) => (i === 1234 ? 'x'.repeat(100_000) : `review ${i}: ${'lorem ipsum '.repeat(30)}`));
  beforeAll(async () => {
    t = await testApp();
    ({ owner } = await bootstrap(t.app));
    const p = await owner.post('/api/v1/projects', { name: 'export', schema: SENTIMENT_SCHEMA });
    projectId = p.body.id;
    const imp = await owner.post(`/api/v1/projects/${projectId}/tasks`, texts.map((text, i) => ({ uniqueId: `t${i}`, data: { text } })));
    expect(imp.body.created).toBe(2500);
  });
  afterAll(() => t.close());

  it('streams every task once, whole and in id order, as JSONL', async () => {
    const res = await owner.get(`/api/v1/projects/${projectId}/results?format=jsonl`);
    expect(res.status).toBe(200);
    expect(res.text.endsWith('\n')).toBe(true);
    const lines = res.text.slice(0, -1).split('\n').map((l) => JSON.parse(l));
    expect(lines.map((l) => l.uniqueId)).toEqual(texts.map((_, i) => `t${i}`));
    expect(lines.map((l) => l.data.text)).toEqual(texts);
    for (let i = 1; i < lines.length; i++) expect(lines[i].id).toBeGreaterThan(lines[i - 1].id);
  });

  it('streams the same tasks as CSV under one header', async () => {
    const res = await owner.get(`/api/v1/projects/${projectId}/results?format=csv`);
    expect(res.status).toBe(200);
    const rows = parse(res.text, { columns: true }) as Array<{ uniqueId: string; data: string }>;
    expect(rows.map((r) => r.uniqueId)).toEqual(texts.map((_, i) => `t${i}`));
    expect(rows.map((r) => JSON.parse(r.data).text)).toEqual(texts);
  });
});
