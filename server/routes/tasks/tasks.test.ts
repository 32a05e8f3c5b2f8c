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
    // Lines arrive in batches; an invalid row still wins over a malformed line after it in the same batch.
    const first = await owner.post(`/api/v1/projects/${projectId}/tasks`, '{"data":{"text":"ok"}}\n{"text":"no data wrapper"}\n{"data": \n', { 'content-type': 'application/x-ndjson' });
    expect(first.body.error).toMatchObject({ code: 'invalid_task', line: 2 });
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
  it('counts duplicates within a chunk, across chunks of one import and against the project, and creates each uniqueId once', async () => {
    const p = (await owner.post('/api/v1/projects', { name: 'Chunks', schema: SENTIMENT_SCHEMA })).body.id;
    await owner.post(`/api/v1/projects/${p}/tasks`, [{ uniqueId: 'u-7', data: { text: 'already here' } }, { uniqueId: 'u-11999', data: { text: 'and here' } }]);
    // 12,000 rows span three 5,000-row chunks: row 3 repeats row 2 (same chunk), row 11,000 repeats row 10 (two chunks later).
    const rows = Array.from({ length: 12_000 }, (_, i) => ({ uniqueId: `u-${i}`, data: { text: `row ${i}` } }));
    rows[3].uniqueId = 'u-2';
    rows[11_000].uniqueId = 'u-10';
    rows.push({ data: { text: 'no id' } } as (typeof rows)[number], { data: { text: 'no id' } } as (typeof rows)[number]);
    const ndjson = rows.map((r) => JSON.stringify(r)).join('\n');
    const r = await owner.post(`/api/v1/projects/${p}/tasks`, ndjson, { 'content-type': 'application/x-ndjson' });
    expect(r.status).toBe(201);
    // Duplicates: u-2 again, u-10 again, u-7 and u-11999 from before. Rows without a uniqueId are never duplicates.
    expect(r.body).toMatchObject({ created: 12_002 - 4, duplicates: 4, total: 12_002 });
    const counts = await t.database.db
      .selectFrom('tasks')
      .select((eb) => [eb.fn.countAll<number>().as('n'), eb.fn.count<number>('unique_id').distinct().as('ids')])
      .where('project_id', '=', p)
      .executeTakeFirstOrThrow();
    expect(Number(counts.n)).toBe(2 + 12_002 - 4);
    expect(Number(counts.ids)).toBe(Number(counts.n) - 2);
    const first = await t.database.db.selectFrom('tasks').select('data').where('project_id', '=', p).where('unique_id', '=', 'u-10').executeTakeFirstOrThrow();
    expect(first.data).toEqual({ text: 'row 10' }); // the first row with a uniqueId wins
  });

  it('stores tabs, newlines, backslashes and non-ASCII text in every column exactly as sent', async () => {
    const p = (await owner.post('/api/v1/projects', { name: 'Escapes', schema: SENTIMENT_SCHEMA })).body.id;
    const nasty = 'tab\there\nnew line\r\\N back\\slash \\u0000 literally, naïve 日本 🐢 "quoted"';
    const task = { uniqueId: `id ${nasty}`, data: { text: nasty, nested: { k: [nasty, 1.5, null, true] } }, metadata: { note: nasty }, priority: -3, callbackUrl: 'https://example.com/cb?x=a%09b' };
    const r = await owner.post(`/api/v1/projects/${p}/tasks`, [task]);
    expect(r.body).toMatchObject({ created: 1, duplicates: 0 });
    const list = await owner.get(`/api/v1/projects/${p}/tasks?limit=10`);
    const got = await owner.get(`/api/v1/tasks/${list.body.items[0].id}`);
    expect(got.body).toMatchObject({ uniqueId: task.uniqueId, data: task.data, metadata: task.metadata, priority: -3 });
    const again = await owner.post(`/api/v1/projects/${p}/tasks`, [task]);
    expect(again.body).toMatchObject({ created: 0, duplicates: 1 });
  });

  it('a NUL character or a lone surrogate anywhere is a 422 naming the line and path, not a database error', async () => {
    const p = (await owner.post('/api/v1/projects', { name: 'Unstorable', schema: SENTIMENT_SCHEMA })).body.id;
    const cases = [
      ['{"data":{"text":"a\\u0000b"}}', 'data'],
      ['{"data":{"text":"x"},"metadata":{"m":"\\ud800"}}', 'metadata'],
      ['{"uniqueId":"\\udfff","data":{"text":"x"}}', 'uniqueId'],
    ];
    for (const [bad, path] of cases) {
      const r = await owner.post(`/api/v1/projects/${p}/tasks`, `{"data":{"text":"fine"}}\n${bad}`, { 'content-type': 'application/x-ndjson' });
      expect(r.status, bad).toBe(422);
      expect(r.body.error).toMatchObject({ code: 'invalid_task', line: 2 });
      expect(r.body.error.message).toContain(`line 2: ${path} holds a NUL character`);
    }
    expect((await owner.get(`/api/v1/projects/${p}/tasks?limit=10`)).body.items).toHaveLength(0);
  });

  it('concurrent imports into one project with overlapping uniqueIds create each task once', async () => {
    const p = (await owner.post('/api/v1/projects', { name: 'Concurrent', schema: SENTIMENT_SCHEMA })).body.id;
    const part = (from: number) => Array.from({ length: 3_000 }, (_, i) => ({ uniqueId: `c-${from + i}`, data: { text: 'x' } }));
    const ndjson = (from: number) => part(from).map((r) => JSON.stringify(r)).join('\n');
    const [a, b, c] = await Promise.all(
      [0, 1_000, 2_000].map((from) => owner.post(`/api/v1/projects/${p}/tasks`, ndjson(from), { 'content-type': 'application/x-ndjson' })),
    );
    expect([a.status, b.status, c.status]).toEqual([201, 201, 201]);
    expect(a.body.created + b.body.created + c.body.created).toBe(5_000);
    expect(a.body.duplicates + b.body.duplicates + c.body.duplicates).toBe(4_000);
  });
  it('deleting a project, or its org, deletes its tasks (a trigger, not a per-row foreign key)', async () => {
    const { db } = t.database;
    const mk = async (name: string) => {
      const id = (await owner.post('/api/v1/projects', { name, schema: SENTIMENT_SCHEMA })).body.id as number;
      await owner.post(`/api/v1/projects/${id}/tasks`, [{ data: { text: 'a' } }, { data: { text: 'b' } }]);
      return id;
    };
    const gone = await mk('Doomed');
    const kept = await mk('Kept');
    const count = async (p: number) => Number((await db.selectFrom('tasks').select((eb) => eb.fn.countAll<number>().as('n')).where('project_id', '=', p).executeTakeFirstOrThrow()).n);
    expect(await count(gone)).toBe(2);
    await db.deleteFrom('projects').where('id', '=', gone).execute();
    expect(await count(gone)).toBe(0);
    expect(await count(kept)).toBe(2);
    // An org's deletion cascades to its projects, and from them to their tasks.
    const org = await db.insertInto('orgs').values({ name: 'Temporary' }).returning('id').executeTakeFirstOrThrow();
    const proj = await db.insertInto('projects').values({ org_id: org.id, name: 'T', schema: JSON.stringify(SENTIMENT_SCHEMA) }).returning('id').executeTakeFirstOrThrow();
    await db.insertInto('tasks').values({ org_id: org.id, project_id: proj.id, data: JSON.stringify({ text: 'x' }), needed: 1 }).execute();
    await db.deleteFrom('orgs').where('id', '=', org.id).execute();
    expect(await count(proj.id)).toBe(0);
  });
});
