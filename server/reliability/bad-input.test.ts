/**
 * Bad input: property-based fuzzing (fast-check) of import bodies, label
 * schemas and annotation values against the real app (in-process inject).
 * Whatever arrives: never a 5xx, never a partial write (a rejected import
 * leaves the task count unchanged, a rejected submit stores nothing), and
 * every 4xx carries a stable machine code in `body.error.code`.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, bootstrap, DB_KIND, SENTIMENT_SCHEMA, testApp, type Client, type Res, type TestApp } from '../../test/harness.ts';

const CODE = /^[a-z_]+$/;

/** Strings that have broken JSON/jsonb pipelines elsewhere: NUL, lone surrogates, huge numbers, deep nesting. */
const nasty = fc.constantFrom('\u0000', '\ud800', 'a\udfffb', '\uffff', '1e999', '-0', '__proto__', 'constructor', '%00', '\\', '"', '\n', ' ', '');
const text = fc.oneof(fc.string({ maxLength: 20 }), fc.string({ unit: 'binary', maxLength: 20 }), nasty);
const json: fc.Arbitrary<unknown> = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: 'small' },
    text,
    fc.double(),
    fc.integer(),
    fc.bigInt({ min: -(2n ** 70n), max: 2n ** 70n }).map((b) => Number(b)),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie('value'), { maxLength: 4 }),
    fc.dictionary(text, tie('value'), { maxKeys: 4 }),
  ),
})).value;

/** A task: mostly right-shaped with wrong parts, sometimes anything at all. */
const task = fc.oneof(
  fc.record({ data: fc.dictionary(text, json, { maxKeys: 3 }) }),
  fc.record(
    {
      data: fc.oneof(fc.dictionary(text, json, { maxKeys: 3 }), json),
      uniqueId: fc.oneof(text, fc.integer(), fc.double(), json),
      metadata: json,
      priority: fc.oneof(fc.integer(), fc.double(), json),
      gold: fc.oneof(fc.record({ sentiment: fc.oneof(fc.constantFrom('pos', 'neg', 'neutral'), text) }), json),
      callbackUrl: fc.oneof(fc.constantFrom('https://example.com/cb', 'javascript:alert(1)', 'http://'), text),
    },
    { requiredKeys: [] },
  ),
  json,
);

function expectClean(r: Res, what: string) {
  if (r.status >= 500) throw new Error(`${what}: ${r.status} ${r.text.slice(0, 300)}`);
  if (r.status >= 400) {
    if (typeof r.body?.error?.code !== 'string' || !CODE.test(r.body.error.code)) {
      throw new Error(`${what}: ${r.status} without a stable error code: ${r.text.slice(0, 300)}`);
    }
  }
}

describe(`bad input never causes a 5xx or a partial write (${DB_KIND})`, () => {
  let t: TestApp;
  let owner: Client;
  let annotator: Client;
  let projectId: number;
  const taskCount = async () =>
    (await sql<{ n: number }>`select count(*)::int as n from tasks where project_id = ${projectId}`.execute(t.database.db)).rows[0].n;
  const annotationCount = async () =>
    (await sql<{ n: number }>`select count(*)::int as n from annotations where project_id = ${projectId}`.execute(t.database.db)).rows[0].n;

  beforeAll(async () => {
    t = await testApp();
    ({ owner } = await bootstrap(t.app));
    annotator = (await addMember(t.app, owner, 'fuzz@acme.test')).api;
    const p = await owner.post('/api/v1/projects', { name: 'fuzz', schema: SENTIMENT_SCHEMA, overlapMin: 1, overlapMax: 1 });
    projectId = p.body.id;
  });
  afterAll(() => t.close());

  it('JSON-array imports: all or nothing', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof({ weight: 3, arbitrary: fc.record({ data: fc.record({ text: fc.string() }) }) }, task), { maxLength: 8 }), async (rows) => {
        const before = await taskCount();
        const r = await owner.post(`/api/v1/projects/${projectId}/tasks`, rows);
        expectClean(r, 'array import');
        const after = await taskCount();
        if (r.status === 201) expect(after - before).toBe(r.body.created);
        else expect(after).toBe(before);
      }),
      { numRuns: 150 },
    );
  });

  it('NDJSON imports, including broken lines and raw bytes: all or nothing', async () => {
    const line = fc.oneof(
      { weight: 3, arbitrary: fc.string().map((s) => JSON.stringify({ data: { text: s } })) },
      task.map((x) => JSON.stringify(x) ?? 'undefined'),
      text,
      fc.constantFrom('{', '[]', '{"data":{}}{"data":{}}', '\u0000', '{"data":{"t":"\\u0000"}}', '{"data":{"t":"\\ud800"}}'),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(line, { maxLength: 8 }), fc.constantFrom('\n', '\r\n'), async (lines, eol) => {
        const before = await taskCount();
        const r = await owner.post(`/api/v1/projects/${projectId}/tasks`, lines.join(eol), { 'content-type': 'application/x-ndjson' });
        expectClean(r, 'ndjson import');
        const after = await taskCount();
        if (r.status === 201) expect(after - before).toBe(r.body.created);
        else expect(after).toBe(before);
      }),
      { numRuns: 150 },
    );
  });

  it('arbitrary bodies and content types on the import route', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(json.map((v) => JSON.stringify(v) ?? ''), fc.string({ unit: 'binary' })),
        fc.constantFrom('application/json', 'application/x-ndjson', 'text/csv', 'text/plain', 'application/xml'),
        async (body, type) => {
          const before = await taskCount();
          const r = await owner.post(`/api/v1/projects/${projectId}/tasks`, body, { 'content-type': type });
          expectClean(r, `import as ${type}`);
          if (r.status !== 201) expect(await taskCount()).toBe(before);
        },
      ),
      { numRuns: 150 },
    );
  });

  it('label schemas: rejected with a code or accepted, never a 5xx', async () => {
    const field = fc.record(
      {
        name: fc.oneof(fc.constantFrom('label', 'sentiment', 'a b', ''), text),
        type: fc.oneof(fc.constantFrom('choice', 'spans', 'boxes', 'polygons', 'rating', 'pairwise', 'ranking', 'text', 'number'), text),
        source: fc.oneof(fc.constant('text'), text),
        options: fc.oneof(fc.array(fc.oneof(text, json), { maxLength: 5 }), json),
        labels: fc.oneof(fc.array(text, { maxLength: 5 }), json),
        min: fc.oneof(fc.integer(), fc.double(), json),
        max: fc.oneof(fc.integer(), fc.double(), json),
        multiple: fc.oneof(fc.boolean(), json),
      },
      { requiredKeys: [] },
    );
    const schema = fc.oneof(fc.record({ fields: fc.array(field, { maxLength: 4 }) }), json);
    await fc.assert(
      fc.asyncProperty(schema, fc.oneof(fc.constant('p'), text), async (s, name) => {
        const r = await owner.post('/api/v1/projects', { name, schema: s, overlapMin: 1 });
        expectClean(r, 'create project');
      }),
      { numRuns: 150 },
    );
  });

  it('annotation values: rejected with a code and nothing stored, or stored once', async () => {
    const rows = Array.from({ length: 300 }, (_, i) => ({ data: { text: `fuzz ${i}` } }));
    expect((await owner.post(`/api/v1/projects/${projectId}/tasks`, rows)).status).toBe(201);
    const value = fc.oneof(
      fc.record({ sentiment: fc.oneof(fc.constantFrom('pos', 'neg', 'neutral'), text, json) }),
      fc.dictionary(text, json, { maxKeys: 3 }),
      json,
    );
    await fc.assert(
      fc.asyncProperty(value, fc.oneof(fc.constant(undefined), fc.integer(), fc.double(), json), async (v, activeMs) => {
        const c = await annotator.post(`/api/v1/projects/${projectId}/claims`);
        if (c.status === 204) return;
        expect(c.status).toBe(200);
        const before = await annotationCount();
        const body = activeMs === undefined ? { value: v } : { value: v, activeMs };
        const r = await annotator.post(`/api/v1/claims/${c.body.claim.id}/submit`, body);
        expectClean(r, 'submit');
        const after = await annotationCount();
        expect(after - before).toBe(r.status === 201 ? 1 : 0);
        if (r.status !== 201) expect((await annotator.post(`/api/v1/claims/${c.body.claim.id}/skip`, {})).status).toBe(200);
      }),
      { numRuns: 150 },
    );
  });
});
