import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap, DB_KIND, SENTIMENT_SCHEMA, testApp, type Client, type TestApp } from '../../../test/harness.ts';

describe(`import and bad input (${DB_KIND})`, () => {
  let t: TestApp;
  let owner: Client;
  let projectId: number;
  const taskCount = async () =>
    Number((await t.database.db.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', projectId).executeTakeFirstOrThrow()).n);

  beforeAll(async () => {
    t = await testApp({ TALLY_MAX_JSON_BYTES: '65536' });
    ({ owner } = await bootstrap(t.app));
    const p = await owner.post('/api/v1/projects', { name: 'Import', schema: SENTIMENT_SCHEMA });
    projectId = p.body.id;
  });
  afterAll(() => t.close());

  it('imports NDJSON, reports duplicates by uniqueId instead of creating them', async () => {
    const ndjson = ['{"uniqueId":"a","data":{"text":"one"}}', '', '{"uniqueId":"b","data":{"text":"two"},"priority":5}', '{"uniqueId":"a","data":{"text":"again"}}'].join('\n');
    const r = await owner.post(`/api/v1/projects/${projectId}/tasks`, ndjson, { 'content-type': 'application/x-ndjson' });
    expect(r.status).toBe(201);
    expect(r.body).toMatchObject({ created: 2, duplicates: 1, total: 3 });
    const again = await owner.post(`/api/v1/projects/${projectId}/tasks`, [{ uniqueId: 'b', data: { text: 'x' } }, { data: { text: 'no id' } }]);
    expect(again.body).toMatchObject({ created: 1, duplicates: 1, total: 2 });
    expect(await taskCount()).toBe(3);
  });

  it('imports CSV with a header, uniqueId column and line numbers in errors', async () => {
    const csv = 'uniqueId,text\nc1,"hello, world"\nc2,bye\n';
    const r = await owner.post(`/api/v1/projects/${projectId}/tasks`, csv, { 'content-type': 'text/csv' });
    expect(r.body).toMatchObject({ created: 2, duplicates: 0 });
    const list = await owner.get(`/api/v1/projects/${projectId}/tasks?limit=100`);
    expect(list.body.items.find((x: { uniqueId: string }) => x.uniqueId === 'c1').data).toEqual({ text: 'hello, world' });
  });

  it('a bad NDJSON line rejects the whole import with its line number and writes nothing', async () => {
    const before = await taskCount();
    const lines = ['{"data":{"text":"ok 1"}}', '{"data":{"text":"ok 2"}}', '{"data": {"text": "broken"', '{"data":{"text":"ok 4"}}'];
    const r = await owner.post(`/api/v1/projects/${projectId}/tasks`, lines.join('\n'), { 'content-type': 'application/x-ndjson' });
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({ code: 'malformed_json', line: 3 });
    expect(r.body.error.message).toMatch(/^line 3: /);
    const shape = await owner.post(`/api/v1/projects/${projectId}/tasks`, '{"data":{"text":"ok"}}\n{"text":"no data wrapper"}\n', { 'content-type': 'application/x-ndjson' });
    expect(shape.status).toBe(422);
    expect(shape.body.error).toMatchObject({ code: 'invalid_task', line: 2 });
    expect(await taskCount()).toBe(before);
  });

  it('rejects a row after thousands of good ones without a partial write', async () => {
    const before = await taskCount();
    const rows = Array.from({ length: 4500 }, (_, i) => JSON.stringify({ uniqueId: `bulk-${i}`, data: { text: `t${i}` } }));
    rows.push('{"data":{"text":"bad"},"priority":"high"}');
    const r = await owner.post(`/api/v1/projects/${projectId}/tasks`, rows.join('\n'), { 'content-type': 'application/x-ndjson' });
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({ code: 'invalid_task', line: 4501 });
    expect(r.body.error.message).toContain('priority');
    expect(await taskCount()).toBe(before);
  });

  it('malformed JSON answers 400 malformed_json', async () => {
    const r = await owner.post(`/api/v1/projects/${projectId}/tasks`, '[{"data": {', { 'content-type': 'application/json' });
    expect(r.status).toBe(400);
    expect(r.body.error.code).toBe('malformed_json');
  });

  it('an oversized JSON body answers 413 body_too_large and writes nothing', async () => {
    const before = await taskCount();
    const big = JSON.stringify(Array.from({ length: 2000 }, (_, i) => ({ data: { text: `padding ${'x'.repeat(40)} ${i}` } })));
    expect(big.length).toBeGreaterThan(65536);
    const r = await owner.post(`/api/v1/projects/${projectId}/tasks`, big, { 'content-type': 'application/json' });
    expect(r.status).toBe(413);
    expect(r.body.error.code).toBe('body_too_large');
    expect(r.body.error.message).toContain('NDJSON');
    expect(await taskCount()).toBe(before);
  });

  it('a wrong schema and an unknown field type answer 422 with stable codes, and no project is created', async () => {
    const count = async () => (await owner.get('/api/v1/projects')).body.items.length;
    const before = await count();
    const unknown = await owner.post('/api/v1/projects', { name: 'x', schema: { fields: [{ name: 'f', type: 'hologram' }] } });
    expect(unknown.status).toBe(422);
    expect(unknown.body.error.code).toBe('unknown_field_type');
    expect(unknown.body.error.message).toContain('hologram');
    const empty = await owner.post('/api/v1/projects', { name: 'x', schema: { fields: [{ name: 'f', type: 'choice', options: [] }] } });
    expect(empty.status).toBe(422);
    expect(empty.body.error.code).toBe('invalid_schema');
    const notObject = await owner.post('/api/v1/projects', { name: 'x', schema: 'choice' });
    expect(notObject.status).toBe(400);
    expect(notObject.body.error.code).toBe('invalid_request');
    expect(await count()).toBe(before);
  });

  it('a task missing the data a field reads is rejected with its line', async () => {
    const p = await owner.post('/api/v1/projects', { name: 'NER', schema: { fields: [{ name: 'ents', type: 'spans', source: 'text', labels: ['PER'] }] } });
    const r = await owner.post(`/api/v1/projects/${p.body.id}/tasks`, [{ data: { text: 'fine' } }, { data: { body: 'wrong key' } }]);
    expect(r.status).toBe(422);
    expect(r.body.error).toMatchObject({ code: 'invalid_task', line: 2 });
    expect(r.body.error.message).toContain('data.text');
  });

  it('gold answers are validated against the schema', async () => {
    const r = await owner.post(`/api/v1/projects/${projectId}/tasks`, [{ data: { text: 'g' }, gold: { sentiment: 'nope' } }]);
    expect(r.status).toBe(422);
    expect(r.body.error.message).toContain('gold');
  });

  it('an empty import and a non-array body are clear 422s', async () => {
    expect((await owner.post(`/api/v1/projects/${projectId}/tasks`, [])).body.error.code).toBe('empty_import');
    expect((await owner.post(`/api/v1/projects/${projectId}/tasks`, { data: {} })).body.error.code).toBe('invalid_import');
  });

  it('lists tasks by cursor', async () => {
    const first = await owner.get(`/api/v1/projects/${projectId}/tasks?limit=2`);
    expect(first.body.items).toHaveLength(2);
    const second = await owner.get(`/api/v1/projects/${projectId}/tasks?limit=2&cursor=${first.body.nextCursor}&total=true`);
    expect(second.body.items[0].id).toBeGreaterThan(first.body.items[1].id);
    // The total counts every match, not what is left after the cursor.
    expect(second.body.total).toBe(await taskCount());
    expect(first.body.total).toBeUndefined();
  });
});
