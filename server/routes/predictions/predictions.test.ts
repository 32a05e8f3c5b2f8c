import { PassThrough } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { addMember, bootstrap, DB_KIND, SENTIMENT_SCHEMA, secondOrg, testApp, type Client, type TestApp } from '../../../test/harness.ts';

/** Spans over the task's text: a value is valid only for the task it was made for, so the check needs the task's data. */
const NER_SCHEMA = { fields: [{ name: 'entities', type: 'spans', source: 'text', labels: ['PER', 'ORG'] }] };

describe(`predictions after import (${DB_KIND})`, () => {
  let t: TestApp;
  let owner: Client;
  let ownerToken: string;
  let projectId: number;
  let otherProjectId: number;
  /** Task ids by uniqueId, in projectId. */
  const ids: Record<string, number> = {};

  /** Every prediction of the project's tasks, as the database holds them. */
  const stored = async (pid = projectId) =>
    (
      await t.database.db
        .selectFrom('predictions as p')
        .innerJoin('tasks as t', 't.id', 'p.task_id')
        .select(['t.unique_id', 'p.model', 'p.value', 'p.score'])
        .where('t.project_id', '=', pid)
        .orderBy('p.id')
        .execute()
    ).map((r) => ({ uniqueId: r.unique_id, model: r.model, value: r.value, score: r.score }));

  const push = (api: Client, body: unknown, pid = projectId) =>
    typeof body === 'string' ? api.post(`/api/v1/projects/${pid}/predictions`, body, { 'content-type': 'application/x-ndjson' }) : api.post(`/api/v1/projects/${pid}/predictions`, body);

  beforeAll(async () => {
    t = await testApp();
    const b = await bootstrap(t.app);
    owner = b.owner;
    ownerToken = b.token;
    projectId = (await owner.post('/api/v1/projects', { name: 'Preds', schema: SENTIMENT_SCHEMA })).body.id;
    const imp = await owner.post(`/api/v1/projects/${projectId}/tasks`, [
      { uniqueId: 'a', data: { text: 'one' } },
      { uniqueId: 'b', data: { text: 'two' }, predictions: [{ model: 'import-v0', value: { sentiment: 'neg' }, score: 0.1 }] },
      { uniqueId: 'c', data: { text: 'three' } },
    ]);
    expect(imp.status).toBe(201);
    const list = await owner.get(`/api/v1/projects/${projectId}/tasks?limit=100`);
    for (const task of list.body.items) ids[task.uniqueId] = task.id;
    otherProjectId = (await owner.post('/api/v1/projects', { name: 'Other', schema: SENTIMENT_SCHEMA })).body.id;
    await owner.post(`/api/v1/projects/${otherProjectId}/tasks`, [{ uniqueId: 'x', data: { text: 'elsewhere' } }]);
  });
  afterAll(() => t.close());

  it('adds predictions by taskId (JSON) and by uniqueId (NDJSON), and GET /tasks/:id shows them beside import-time ones', async () => {
    const r = await push(owner, [
      { taskId: ids.a, model: 'bert-v1', value: { sentiment: 'pos' }, score: 0.9 },
      { taskId: ids.b, model: 'bert-v1', value: { sentiment: 'neutral' } },
    ]);
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ created: 2, replaced: 0 });
    const nd = await push(owner, ['{"uniqueId":"c","model":"bert-v1","value":{"sentiment":"neg"},"score":0.4}', '', '{"uniqueId":"a","model":"gpt-x","value":{"sentiment":"neutral"}}'].join('\n'));
    expect(nd.status).toBe(201);
    expect(nd.body).toEqual({ created: 2, replaced: 0 });
    expect(await stored()).toEqual([
      { uniqueId: 'b', model: 'import-v0', value: { sentiment: 'neg' }, score: 0.1 },
      { uniqueId: 'a', model: 'bert-v1', value: { sentiment: 'pos' }, score: 0.9 },
      { uniqueId: 'b', model: 'bert-v1', value: { sentiment: 'neutral' }, score: null },
      { uniqueId: 'c', model: 'bert-v1', value: { sentiment: 'neg' }, score: 0.4 },
      { uniqueId: 'a', model: 'gpt-x', value: { sentiment: 'neutral' }, score: null },
    ]);
    const task = await owner.get(`/api/v1/tasks/${ids.b}`);
    expect(task.status).toBe(200);
    expect(task.body.predictions).toEqual([
      { model: 'import-v0', value: { sentiment: 'neg' }, score: 0.1 },
      { model: 'bert-v1', value: { sentiment: 'neutral' }, score: null },
    ]);
  });

  it("replaces the same model's earlier prediction for a task, and counts it in replaced", async () => {
    const r = await push(owner, [
      { uniqueId: 'a', model: 'bert-v1', value: { sentiment: 'neg' }, score: 0.55 },
      { uniqueId: 'b', model: 'import-v0', value: { sentiment: 'pos' } },
      { uniqueId: 'b', model: 'bert-v2', value: { sentiment: 'pos' } },
    ]);
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ created: 1, replaced: 2 });
    const rows = await stored();
    expect(rows.filter((p) => p.uniqueId === 'a' && p.model === 'bert-v1')).toEqual([{ uniqueId: 'a', model: 'bert-v1', value: { sentiment: 'neg' }, score: 0.55 }]);
    expect(rows.filter((p) => p.uniqueId === 'b' && p.model === 'import-v0')).toEqual([{ uniqueId: 'b', model: 'import-v0', value: { sentiment: 'pos' }, score: null }]);
    // Other models' predictions for the same tasks are untouched.
    expect(rows.filter((p) => p.uniqueId === 'a' && p.model === 'gpt-x')).toHaveLength(1);
    expect(rows).toHaveLength(6);
  });

  it('a bad row anywhere rejects the whole body with its line and writes nothing', async () => {
    const before = await stored();
    const good = (i: number) => JSON.stringify({ uniqueId: 'a', model: `m${i}`, value: { sentiment: 'pos' } });
    const cases: Array<{ body: unknown; line: number; message: RegExp }> = [
      // A value the schema refuses.
      { body: [{ taskId: ids.a, model: 'new', value: { sentiment: 'pos' } }, { taskId: ids.b, model: 'new', value: { sentiment: 'angry' } }], line: 2, message: /value/ },
      // A uniqueId the project does not hold.
      { body: [good(1), good(2), '{"uniqueId":"nope","model":"m","value":{"sentiment":"pos"}}'].join('\n'), line: 3, message: /no task with uniqueId "nope"/ },
      // Another project's task, even in the same org.
      { body: [{ taskId: (await owner.get(`/api/v1/projects/${otherProjectId}/tasks`)).body.items[0].id, model: 'm', value: { sentiment: 'pos' } }], line: 1, message: /no task with taskId/ },
      // Both ways of naming the task, or neither.
      { body: [{ taskId: ids.a, uniqueId: 'a', model: 'm', value: { sentiment: 'pos' } }], line: 1, message: /exactly one of taskId or uniqueId/ },
      { body: [{ taskId: ids.a, model: 'm', value: { sentiment: 'pos' } }, { model: 'm', value: { sentiment: 'pos' } }], line: 2, message: /exactly one of taskId or uniqueId/ },
      // The same task and model twice in one body.
      { body: [{ taskId: ids.a, model: 'twice', value: { sentiment: 'pos' } }, { uniqueId: 'a', model: 'twice', value: { sentiment: 'neg' } }], line: 2, message: /earlier in this body/ },
      // An unknown key; a shape error after an unknown task still names the earlier line.
      { body: [{ taskId: ids.a, model: 'm', value: { sentiment: 'pos' }, confidence: 1 }], line: 1, message: /confidence|unrecognized/i },
      { body: [{ taskId: 999999999, model: 'm', value: { sentiment: 'pos' } }, { taskId: ids.a, model: 'm' }], line: 1, message: /no task with taskId 999999999/ },
    ];
    for (const c of cases) {
      const r = await push(owner, c.body);
      expect(r.status, JSON.stringify(c.body)).toBe(422);
      expect(r.body.error.code).toBe('invalid_prediction');
      expect(r.body.error.line).toBe(c.line);
      expect(r.body.error.message).toMatch(new RegExp(`^line ${c.line}: `));
      expect(r.body.error.message).toMatch(c.message);
    }
    // A bad row after more than one chunk of good ones: the good ones are rolled back too.
    // 100 tasks, 15 models each (under the 20-per-task cap), in a project of their own.
    const bulkPid = (await owner.post('/api/v1/projects', { name: 'Bulk', schema: SENTIMENT_SCHEMA })).body.id;
    await owner.post(`/api/v1/projects/${bulkPid}/tasks`, Array.from({ length: 100 }, (_, i) => ({ uniqueId: `t${i}`, data: { text: `t${i}` } })));
    const many = Array.from({ length: 1500 }, (_, i) => JSON.stringify({ uniqueId: `t${i % 100}`, model: `bulk-${Math.floor(i / 100)}`, value: { sentiment: 'pos' } }));
    many.push('{"uniqueId":"t0","model":"bulk-last","value":{"sentiment":"great"}}');
    const big = await push(owner, many.join('\n'), bulkPid);
    expect(big.status).toBe(422);
    expect(big.body.error.line).toBe(1501);
    expect(await stored(bulkPid)).toEqual([]);
    const malformed = await push(owner, `${good(1)}\n{"uniqueId": "a"\n`);
    expect(malformed.body.error).toMatchObject({ code: 'malformed_json', line: 2 });
    const empty = await push(owner, []);
    expect(empty.status).toBe(422);
    expect(empty.body.error.code).toBe('empty_import');
    const notArray = await push(owner, { taskId: ids.a, model: 'm', value: {} });
    expect(notArray.status).toBe(422);
    expect(notArray.body.error.code).toBe('invalid_import');
    expect(await stored()).toEqual(before);
  });

  it("checks each value against its own task's data, as import does", async () => {
    const pid = (await owner.post('/api/v1/projects', { name: 'NER', schema: NER_SCHEMA })).body.id;
    await owner.post(`/api/v1/projects/${pid}/tasks`, [
      { uniqueId: 'long', data: { text: 'Ada Lovelace met Babbage' } },
      { uniqueId: 'short', data: { text: 'Hi' } },
    ]);
    const span = { entities: [{ start: 0, end: 12, label: 'PER' }] };
    const ok = await push(owner, [{ uniqueId: 'long', model: 'ner', value: span }], pid);
    expect(ok.status).toBe(201);
    // The same span runs past the end of the short task's text.
    const bad = await push(owner, [{ uniqueId: 'long', model: 'ner2', value: span }, { uniqueId: 'short', model: 'ner2', value: span }], pid);
    expect(bad.status).toBe(422);
    expect(bad.body.error.line).toBe(2);
    expect((await stored(pid)).map((p) => p.model)).toEqual(['ner']);
  });

  it('the claim answer carries pushed predictions', async () => {
    const pid = (await owner.post('/api/v1/projects', { name: 'Claimed', schema: SENTIMENT_SCHEMA })).body.id;
    await owner.post(`/api/v1/projects/${pid}/tasks`, [{ uniqueId: 'only', data: { text: 'label me' } }]);
    const r = await push(owner, [{ uniqueId: 'only', model: 'bert-v1', value: { sentiment: 'pos' }, score: 0.75 }], pid);
    expect(r.status).toBe(201);
    const annotator = await addMember(t.app, owner, 'ann@acme.test');
    const claim = await annotator.api.post(`/api/v1/projects/${pid}/claims`);
    expect(claim.status).toBe(200);
    expect(claim.body.task.predictions).toEqual([{ model: 'bert-v1', value: { sentiment: 'pos' }, score: 0.75 }]);
  });

  it("deletes one model's predictions from the project, and records imports and deletes in the audit log", async () => {
    const before = await stored();
    const bert = before.filter((p) => p.model === 'bert-v1').length;
    expect(bert).toBeGreaterThan(0);
    const otherBefore = await stored(otherProjectId);
    await push(owner, [{ uniqueId: 'x', model: 'bert-v1', value: { sentiment: 'pos' } }], otherProjectId);
    const del = await owner.request('DELETE', `/api/v1/projects/${projectId}/predictions?model=bert-v1`);
    expect(del.status).toBe(200);
    expect(del.body).toEqual({ deleted: bert });
    expect(await stored()).toEqual(before.filter((p) => p.model !== 'bert-v1'));
    // The other project's bert-v1 prediction stays.
    expect((await stored(otherProjectId)).length).toBe(otherBefore.length + 1);
    const missing = await owner.request('DELETE', `/api/v1/projects/${projectId}/predictions`);
    expect(missing.status).toBe(400);

    const audit = await owner.get('/api/v1/audit?limit=100');
    const actions = audit.body.items.filter((e: { action: string }) => e.action.startsWith('predictions.'));
    expect(actions[0]).toMatchObject({ action: 'predictions.delete', target: `project:${projectId}`, details: { model: 'bert-v1', deleted: bert } });
    expect(actions.find((e: any) => e.action === 'predictions.import' && e.details.replaced === 2)).toMatchObject({
      target: `project:${projectId}`,
      details: { created: 1, replaced: 2, total: 3, modelCount: 3, models: ['bert-v1', 'bert-v2', 'import-v0'] },
    });
    // Failed pushes record nothing: one entry per successful push (2 in the first test, 1 replace, 1 claim project, 1 NER, 1 other project).
    expect(actions.filter((e: { action: string }) => e.action === 'predictions.import')).toHaveLength(6);
    expect((await owner.get('/api/v1/audit/verify')).body.ok).toBe(true);
  });

  it('needs the manager role, and another org sees 404', async () => {
    const row = [{ uniqueId: 'a', model: 'role-test', value: { sentiment: 'pos' } }];
    const manager = await addMember(t.app, owner, 'mgr@acme.test', 'manager');
    expect((await push(manager.api, row)).status).toBe(201);
    for (const role of ['reviewer', 'annotator']) {
      const m = await addMember(t.app, owner, `${role}-p@acme.test`, role);
      const r = await push(m.api, row);
      expect(r.status).toBe(403);
      expect(r.body.error.code).toBe('forbidden');
      expect((await m.api.request('DELETE', `/api/v1/projects/${projectId}/predictions?model=role-test`)).status).toBe(403);
    }
    const globex = await secondOrg(t.app, owner);
    const before = await stored();
    const foreign = await push(globex.owner, [{ taskId: ids.a, model: 'spy', value: { sentiment: 'pos' } }]);
    expect(foreign.status).toBe(404);
    expect(foreign.body.error.code).toBe('not_found');
    expect((await globex.owner.request('DELETE', `/api/v1/projects/${projectId}/predictions?model=role-test`)).status).toBe(404);
    expect(await stored()).toEqual(before);
  });

  it('refuses unstorable names with their line, an over-long line as invalid_prediction, and an earlier line before a malformed one', async () => {
    const pid = (await owner.post('/api/v1/projects', { name: 'Edge', schema: SENTIMENT_SCHEMA })).body.id;
    await owner.post(`/api/v1/projects/${pid}/tasks`, [{ uniqueId: 'e', data: { text: 'edge' } }]);
    const row = (extra: Record<string, unknown>) => ({ model: 'm', value: { sentiment: 'pos' }, ...extra });
    const cases: Array<{ body: unknown; line: number; message: RegExp }> = [
      { body: [row({ uniqueId: 'e' }), row({ uniqueId: 'a\u0000b' })], line: 2, message: /uniqueId holds a NUL/ },
      // A lone surrogate can only arrive as a JSON escape.
      { body: `${JSON.stringify(row({ uniqueId: 'e' }))}\n{"uniqueId":"\\ud800","model":"m","value":{"sentiment":"pos"}}`, line: 2, message: /uniqueId holds a NUL character \(\\u0000\) or a lone UTF-16 surrogate/ },
      { body: [row({ uniqueId: 'e', model: 'bad\u0000model' })], line: 1, message: /model holds a NUL/ },
      // Line 1 names an unknown task, line 2 is not JSON: line 1's error comes first.
      { body: `${JSON.stringify(row({ uniqueId: 'nope' }))}\n{"uniqueId": "e"\n`, line: 1, message: /no task with uniqueId "nope"/ },
    ];
    for (const c of cases) {
      const r = await push(owner, c.body, pid);
      expect(r.status, JSON.stringify(c.body)).toBe(422);
      expect(r.body.error).toMatchObject({ code: 'invalid_prediction', line: c.line });
      expect(r.body.error.message).toMatch(c.message);
    }
    // A good line 1, then a line longer than 16 MiB: the predictions route's code, with the line.
    const long = await push(owner, `${JSON.stringify(row({ uniqueId: 'e' }))}\n${'x'.repeat(16 * 1024 * 1024 + 10)}`, pid);
    expect(long.status).toBe(422);
    expect(long.body.error).toMatchObject({ code: 'invalid_prediction', line: 2 });
    expect(long.body.error.message).toMatch(/^line 2: the line is longer than/);
    const del = await owner.request('DELETE', `/api/v1/projects/${pid}/predictions?model=a%00b`);
    expect(del.status).toBe(400);
    expect(del.body.error.code).toBe('invalid_model');
    expect(del.body.error.message).toMatch(/NUL/);
    expect(await stored(pid)).toEqual([]);
  });

  it('keeps at most 20 predictions per task, counting the ones it already holds', async () => {
    const pid = (await owner.post('/api/v1/projects', { name: 'Cap', schema: SENTIMENT_SCHEMA })).body.id;
    const predictions = Array.from({ length: 19 }, (_, i) => ({ model: `m${i}`, value: { sentiment: 'pos' } }));
    expect((await owner.post(`/api/v1/projects/${pid}/tasks`, [{ uniqueId: 'full', data: { text: 'busy' }, predictions }, { uniqueId: 'free', data: { text: 'idle' } }])).status).toBe(201);
    const p = (uniqueId: string, model: string) => ({ uniqueId, model, value: { sentiment: 'neg' } });
    // A replacement does not add one: 19 - 1 + 1 + 1 new = 20.
    const ok = await push(owner, [p('full', 'm0'), p('full', 'new1')], pid);
    expect(ok.status).toBe(201);
    expect(ok.body).toEqual({ created: 1, replaced: 1 });
    const over = await push(owner, [p('free', 'new2'), p('full', 'new1'), p('full', 'new2')], pid);
    expect(over.status).toBe(422);
    expect(over.body.error).toMatchObject({ code: 'invalid_prediction', line: 3 });
    expect(over.body.error.message).toMatch(/more than 20 predictions/);
    expect((await stored(pid)).length).toBe(20);
  });

  it("lists at most 100 model names in a push's audit entry, with the count of all", async () => {
    const pid = (await owner.post('/api/v1/projects', { name: 'Many models', schema: SENTIMENT_SCHEMA })).body.id;
    await owner.post(`/api/v1/projects/${pid}/tasks`, Array.from({ length: 6 }, (_, i) => ({ uniqueId: `mm${i}`, data: { text: `t${i}` } })));
    const names = Array.from({ length: 101 }, (_, i) => `model-${String(i).padStart(3, '0')}`);
    const r = await push(owner, names.map((model, i) => ({ uniqueId: `mm${Math.floor(i / 20)}`, model, value: { sentiment: 'pos' } })), pid);
    expect(r.status).toBe(201);
    expect(r.body).toEqual({ created: 101, replaced: 0 });
    const audit = await owner.get('/api/v1/audit?limit=100');
    const entry = audit.body.items.find((e: any) => e.action === 'predictions.import' && e.target === `project:${pid}`);
    expect(entry.details).toMatchObject({ total: 101, modelCount: 101 });
    expect(entry.details.models).toEqual(names.slice(0, 100));
  });

  // PGlite has one connection: a push waiting on a streaming body holds it, so a second one cannot even start there.
  it.skipIf(DB_KIND !== 'postgres')('refuses a second push into a project while one streams, with 409 predictions_push_in_progress', async () => {
    const pid = (await owner.post('/api/v1/projects', { name: 'Locked', schema: SENTIMENT_SCHEMA })).body.id;
    await owner.post(`/api/v1/projects/${pid}/tasks`, [{ uniqueId: 'l1', data: { text: 'one' } }, { uniqueId: 'l2', data: { text: 'two' } }]);
    const body = new PassThrough();
    const first = t.app.inject({
      method: 'POST',
      url: `/api/v1/projects/${pid}/predictions`,
      payload: body,
      headers: { authorization: `Bearer ${ownerToken}`, 'content-type': 'application/x-ndjson' },
    });
    body.write(`${JSON.stringify({ uniqueId: 'l1', model: 'slow', value: { sentiment: 'pos' } })}\n`);
    // Wait until the first push holds its lock.
    for (let i = 0; i < 200; i++) {
      const held = await sql<{ n: number }>`
        select count(*)::int as n from pg_locks
        where locktype = 'advisory' and objsubid = 1
          and ((classid::int8 << 32) | objid::int8) = hashtextextended(${`tally:predictions:${pid}`}, 0)`.execute(t.database.db);
      if (held.rows[0].n > 0) break;
      await new Promise((r) => setTimeout(r, 25));
    }
    const second = await push(owner, [{ uniqueId: 'l2', model: 'fast', value: { sentiment: 'neg' } }], pid);
    expect(second.status).toBe(409);
    expect(second.body.error.code).toBe('predictions_push_in_progress');
    expect(second.body.error.message).toMatch(/one push per project/);
    body.end(`${JSON.stringify({ uniqueId: 'l2', model: 'slow', value: { sentiment: 'neg' } })}\n`);
    const done = await first;
    expect(done.statusCode).toBe(201);
    expect(JSON.parse(done.body)).toEqual({ created: 2, replaced: 0 });
    // Once it is done, the next push goes through.
    expect((await push(owner, [{ uniqueId: 'l2', model: 'fast', value: { sentiment: 'neg' } }], pid)).status).toBe(201);
  });
});
