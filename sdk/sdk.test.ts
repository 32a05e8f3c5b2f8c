import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, expectTypeOf, it } from 'vitest';
import { buildApp, type TallyApp } from '../server/app.ts';
import { loadConfig } from '../server/config.ts';
import { freshDatabase } from '../test/harness.ts';
import { createTallyClient, TallyApiError, type Claimed, type PredictionInput, type ResultRecord, type TallyClient, type TaskInput } from './index.ts';
import * as viaPackage from 'tally/sdk';

// The SDK against a real listening server over a fresh database, through real fetch: no inject, no mocks.
let app: TallyApp;
let dispose: () => Promise<void>;
let baseUrl: string;
let owner: TallyClient;
let annotator: TallyClient;
let annotatorId: number;
let projectId: number;
let tmp: string;

const SCHEMA = { fields: [{ name: 'sentiment', type: 'choice', options: ['pos', 'neg'] }] };

beforeAll(async () => {
  const db = await freshDatabase();
  dispose = db.dispose;
  app = await buildApp({ config: loadConfig({ NODE_ENV: 'test' }), database: db.database });
  await app.listen({ port: 0, host: '127.0.0.1' });
  baseUrl = `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/`;
  tmp = await mkdtemp(join(tmpdir(), 'tally-sdk-'));
});

afterAll(async () => {
  await app?.close();
  await dispose?.();
  if (tmp) await rm(tmp, { recursive: true, force: true });
});

describe('typed SDK over HTTP', () => {
  it('bootstraps an org, adds an annotator and creates a project', async () => {
    const anon = createTallyClient({ baseUrl });
    const boot = await anon.bootstrap({ org: 'Acme', email: 'owner@acme.test', password: 'correct horse', name: 'Owner' });
    expect(boot.token).toMatch(/\S{20,}/);
    owner = createTallyClient({ baseUrl, token: boot.token });
    const me = await owner.me();
    expect(me).toMatchObject({ orgId: boot.orgId, role: 'owner', user: { id: boot.userId, email: 'owner@acme.test' } });

    const member = await owner.addMember({ email: 'ann@acme.test', name: 'Ann', role: 'annotator' });
    annotatorId = member.id;
    const token = await owner.issueToken(member.id, 'sdk test');
    expect(token.userId).toBe(member.id);
    annotator = createTallyClient({ baseUrl, token: token.token });

    const project = await owner.createProject({ name: 'Reviews', schema: SCHEMA, overlapMin: 1, overlapMax: 1 });
    projectId = project.id;
    expect(project).toMatchObject({ name: 'Reviews', overlapMin: 1, status: 'active' });
    // Timestamps cross the wire as ISO strings.
    expect(new Date(project.createdAt).toISOString()).toBe(project.createdAt);
    expect((await owner.getProject(projectId)).id).toBe(projectId);
    expect((await owner.listProjects()).items.map((p) => p.id)).toEqual([projectId]);
  });

  it('imports an array, counting duplicates by uniqueId', async () => {
    const tasks: TaskInput[] = [
      { uniqueId: 'a', data: { text: 'Great product' } },
      { uniqueId: 'b', data: { text: 'Broke in a day' } },
    ];
    expect(await owner.importTasks(projectId, tasks)).toMatchObject({ created: 2, duplicates: 0, total: 2 });
    expect(await owner.importTasks(projectId, [...tasks, { uniqueId: 'c', data: { text: 'Fine' } }])).toMatchObject({ created: 1, duplicates: 2 });
  });

  it('streams an import from an async generator and from an NDJSON file stream', async () => {
    async function* generated() {
      for (let i = 0; i < 3000; i++) yield { uniqueId: `gen-${i}`, data: { text: `generated ${i} ${'x'.repeat(40)}` } } satisfies TaskInput;
    }
    const fromGenerator = await owner.importTasks(projectId, generated(), { batch: 'generated' });
    expect(fromGenerator).toMatchObject({ created: 3000, duplicates: 0 });
    expect(fromGenerator.batchId).toEqual(expect.any(Number));

    const file = join(tmp, 'tasks.ndjson');
    await writeFile(file, Array.from({ length: 50 }, (_, i) => JSON.stringify({ uniqueId: `file-${i}`, data: { text: `from file ${i}` } })).join('\n') + '\n');
    expect(await owner.importTasks(projectId, createReadStream(file, { highWaterMark: 100 }))).toMatchObject({ created: 50, duplicates: 0 });

    const page = await owner.listTasks(projectId, { total: 'true', limit: 1 });
    expect(page.total).toBe(3 + 3000 + 50);
  });

  it('a bad row rejects the whole import: TallyApiError with status, code, message and line', async () => {
    const before = (await owner.listTasks(projectId, { total: 'true', limit: 1 })).total;
    async function* withBadThird() {
      yield { data: { text: 'ok 1' } };
      yield { data: { text: 'ok 2' } };
      yield { date: { text: 'typo in the key' } } as unknown as TaskInput;
      for (let i = 0; i < 2000; i++) yield { data: { text: `after ${i}` } };
    }
    const err = await owner.importTasks(projectId, withBadThird()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TallyApiError);
    const e = err as TallyApiError;
    expect({ status: e.status, code: e.code, line: e.line }).toEqual({ status: 422, code: 'invalid_task', line: 3 });
    expect(e.context.line).toBe(3);
    expect(e.message).toMatch(/^line 3: .*Nothing was imported/);
    expect((await owner.listTasks(projectId, { total: 'true', limit: 1 })).total).toBe(before);
  });

  it('pushes predictions for existing tasks, replacing per model, and deletes a model', async () => {
    const p = await owner.createProject({ name: 'Predicted', schema: SCHEMA });
    await owner.importTasks(p.id, [{ uniqueId: 'p1', data: { text: 'one' } }, { uniqueId: 'p2', data: { text: 'two' } }]);
    const taskId = (await owner.listTasks(p.id, { limit: 10 })).items.find((t) => t.uniqueId === 'p2')!.id;
    async function* rows() {
      yield { uniqueId: 'p1', model: 'm1', value: { sentiment: 'pos' }, score: 0.8 } satisfies PredictionInput;
      yield { taskId, model: 'm1', value: { sentiment: 'neg' } } satisfies PredictionInput;
    }
    expect(await owner.importPredictions(p.id, rows())).toEqual({ created: 2, replaced: 0 });
    expect(await owner.importPredictions(p.id, [{ taskId, model: 'm1', value: { sentiment: 'pos' } }])).toEqual({ created: 0, replaced: 1 });
    expect((await owner.getTask(taskId)).predictions).toEqual([{ model: 'm1', value: { sentiment: 'pos' }, score: null }]);
    const err = await owner.importPredictions(p.id, [{ uniqueId: 'p1', model: 'm2', value: { sentiment: 'pos' } }, { uniqueId: 'missing', model: 'm2', value: { sentiment: 'pos' } }]).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TallyApiError);
    expect({ status: (err as TallyApiError).status, code: (err as TallyApiError).code, line: (err as TallyApiError).line }).toEqual({ status: 422, code: 'invalid_prediction', line: 2 });
    expect(await owner.deletePredictions(p.id, 'm1')).toEqual({ deleted: 2 });
    expect((await owner.getTask(taskId)).predictions).toEqual([]);
  });

  it('claims, submits (idempotently), skips, and answers null when nothing is left', async () => {
    const small = await owner.createProject({ name: 'Two tasks', schema: SCHEMA });
    await owner.importTasks(small.id, [{ data: { text: 'one' } }, { data: { text: 'two' } }]);

    const first = await annotator.claim(small.id);
    expect(first).not.toBeNull();
    expectTypeOf(first).toEqualTypeOf<Claimed | null>();
    const beat = await annotator.heartbeat(first!.claim.id);
    expect(new Date(beat.leaseUntil).getTime()).toBeGreaterThan(Date.now());
    const submitted = await annotator.submit(first!.claim.id, { value: { sentiment: 'pos' }, activeMs: 1200 });
    expect(submitted).toMatchObject({ replayed: false, annotation: { taskId: first!.task.id, userId: annotatorId, value: { sentiment: 'pos' } } });
    const again = await annotator.submit(first!.claim.id, { value: { sentiment: 'pos' }, activeMs: 1200 });
    expect(again).toMatchObject({ replayed: true, annotation: { id: submitted.annotation.id } });

    const offered = await annotator.claim(small.id);
    expect(offered!.task.id).not.toBe(first!.task.id);
    expect(await annotator.release(offered!.claim.id)).toEqual({ claimId: offered!.claim.id, status: 'released' });
    // A released lease was never seen: the same task comes back.
    const second = await annotator.claim(small.id);
    expect(second!.task.id).toBe(offered!.task.id);
    expect(await annotator.skip(second!.claim.id, 'cannot tell')).toEqual({ claimId: second!.claim.id, status: 'skipped' });
    expect(await annotator.claim(small.id)).toBeNull();

    const task = await owner.getTask(first!.task.id);
    expect(task.annotations.map((a) => a.value)).toEqual([{ sentiment: 'pos' }]);
    expect(task.result).toMatchObject({ value: { sentiment: 'pos' } });
    expect((await owner.stats(small.id)).annotations).toBe(1);
  });

  it('claimLoop labels a queue to its end, skipping on null and releasing the lease when the labeler throws', async () => {
    const queue = await owner.createProject({ name: 'Loop', schema: SCHEMA, overlapMin: 1, overlapMax: 1 });
    await owner.importTasks(queue.id, ['good', 'bad', 'unsure', 'good too'].map((text) => ({ uniqueId: text, data: { text } })));

    const failing = annotator.claimLoop(queue.id, async () => {
      throw new Error('model down');
    });
    await expect(failing).rejects.toThrow('model down');
    // The released task is claimable again, so the loop below still sees all four.
    const seen: string[] = [];
    let extended = false;
    const done = await annotator.claimLoop(
      queue.id,
      async (task, claim) => {
        const text = (task.data as { text: string }).text;
        seen.push(text);
        if (text === 'unsure') return null;
        if (text === 'bad') {
          // A slow labeler: the loop keeps its lease alive meanwhile.
          await new Promise((r) => setTimeout(r, 300));
          const { data } = await annotator.api.GET('/api/v1/projects/{id}/claims/mine', { params: { path: { id: queue.id } } });
          const lease = data!.items.find((i) => i.claim.id === claim.id)!;
          extended = new Date(lease.claim.leaseUntil) > new Date(claim.leaseUntil);
          return { value: { sentiment: 'neg' } };
        }
        expect(claim.taskId).toBe(task.id);
        return { value: { sentiment: 'pos' }, activeMs: 10 };
      },
      { heartbeatMs: 50 },
    );
    expect(done).toEqual({ submitted: 3, skipped: 1 });
    expect(extended).toBe(true);
    expect(seen.sort()).toEqual(['bad', 'good', 'good too', 'unsure']);
    const records: ResultRecord[] = [];
    for await (const r of owner.exportResults(queue.id, { status: 'done' })) records.push(r);
    expect(Object.fromEntries(records.map((r) => [r.uniqueId, r.result]))).toEqual({
      good: { sentiment: 'pos' },
      bad: { sentiment: 'neg' },
      'good too': { sentiment: 'pos' },
    });
  });

  it('exports results as typed records, streamed, and any format as a download', async () => {
    const c = await annotator.claim(projectId);
    await annotator.submit(c!.claim.id, { value: { sentiment: 'neg' } });

    const records: ResultRecord[] = [];
    for await (const r of owner.exportResults(projectId)) records.push(r);
    expect(records).toHaveLength(3 + 3000 + 50);
    // The keys ResultRecord declares are the keys the server writes (gold only with gold=true).
    const declared = { id: true, uniqueId: true, data: true, status: true, result: true, confidence: true, method: true, agreement: true, annotations: true } satisfies Record<Exclude<keyof ResultRecord, 'gold'>, true>;
    expect(Object.keys(records[0]).sort()).toEqual(Object.keys(declared).sort());
    const done = records.filter((r) => r.annotations.length > 0);
    expect(done).toHaveLength(1);
    expect(done[0]).toMatchObject({ id: c!.task.id, status: 'done', result: { sentiment: 'neg' }, annotations: [{ value: { sentiment: 'neg' } }] });

    // Stopping early cancels the download; the server keeps answering.
    let n = 0;
    for await (const _ of owner.exportResults(projectId)) if (++n === 10) break;
    expect(n).toBe(10);

    const csv = await owner.downloadResults(projectId, { format: 'csv', status: 'done' });
    expect(csv.headers.get('content-type')).toMatch(/text\/csv/);
    const text = await csv.text();
    expect(text.split('\n')[0]).toMatch(/^id,/);
    expect(text.trim().split('\n')).toHaveLength(2);

    await expect(owner.exportResults(projectId, { format: 'csv' }).next()).rejects.toThrow(/use downloadResults/);
  });

  it('error answers carry status, code and message; the raw client types errors too', async () => {
    const err = await owner.getProject(987654).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(TallyApiError);
    expect(err).toMatchObject({ status: 404, code: 'not_found' });
    const forbidden = await annotator.createProject({ name: 'x', schema: SCHEMA }).catch((e: unknown) => e);
    expect(forbidden).toMatchObject({ status: 403, code: 'forbidden' });
    const badToken = await createTallyClient({ baseUrl, token: 'nope' }).me().catch((e: unknown) => e);
    expect(badToken).toMatchObject({ status: 401 });

    const { data, error, response } = await owner.api.GET('/api/v1/projects/{id}', { params: { path: { id: 987654 } } });
    expect(response.status).toBe(404);
    expect(data).toBeUndefined();
    expect(error?.error.code).toBe('not_found');
  });

  it('a custom fetch is used for every request, typed and streamed alike', async () => {
    const seen: string[] = [];
    const spy: typeof fetch = (input, init) => {
      seen.push(input instanceof Request ? `${input.method} ${new URL(input.url).pathname}` : `${init?.method ?? 'GET'} ${new URL(String(input)).pathname}`);
      return fetch(input, init);
    };
    const tally = createTallyClient({ baseUrl, token: undefined, fetch: spy });
    await tally.me().catch(() => {});
    await tally.importTasks(projectId, [{ data: { text: 'x' } }]).catch(() => {});
    expect(seen).toEqual(['GET /api/v1/me', `POST /api/v1/projects/${projectId}/tasks`]);
  });

  it('the raw client reaches routes without a helper: list tokens, revoke one', async () => {
    const { data: tokens } = await owner.api.GET('/api/v1/tokens');
    const mine = tokens!.items.find((t) => t.userId === annotatorId);
    expect(mine).toMatchObject({ name: 'sdk test', revokedAt: null });
    expect(typeof mine!.createdAt).toBe('string');
    const { data: revoked, response } = await owner.api.DELETE('/api/v1/tokens/{id}', { params: { path: { id: mine!.id } } });
    expect(response.status).toBe(200);
    expect(revoked).toEqual({ id: mine!.id, revoked: true });
    await expect(annotator.me()).rejects.toMatchObject({ status: 401, code: 'unauthorized' });
  });

  it('is importable as tally/sdk (package.json exports)', () => {
    expect(viaPackage.createTallyClient).toBe(createTallyClient);
    expect(viaPackage.TallyApiError).toBe(TallyApiError);
  });
});

describe('the types constrain calls (checked by tsc; vitest runs them as no-ops)', () => {
  it('rejects wrong bodies and paths at compile time', () => {
    const check = (t: TallyClient) => {
      // @ts-expect-error: a project needs a schema
      void t.createProject({ name: 'no schema' });
      // @ts-expect-error: submit takes {value, activeMs?}, not a bare value
      void t.submit(1, { sentiment: 'pos' });
      // @ts-expect-error: a task's data goes under `data`
      void t.importTasks(1, [{ text: 'no data key' }]);
      // @ts-expect-error: not a route of API v1
      void t.api.GET('/api/v1/nope');
      // @ts-expect-error: status is one of open, done, review
      void t.exportResults(1, { status: 'finished' });
    };
    expect(typeof check).toBe('function');
    expectTypeOf<Awaited<ReturnType<TallyClient['importTasks']>>>().toEqualTypeOf<{ created: number; duplicates: number; total: number; batchId: number | null }>();
    expectTypeOf<Awaited<ReturnType<TallyClient['getProject']>>['createdAt']>().toEqualTypeOf<string>();
  });
});
