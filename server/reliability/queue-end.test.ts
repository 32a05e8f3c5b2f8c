/**
 * The end of a queue under concurrency: a task whose row is locked for a
 * moment (another annotator's submit in flight) must not make the claim
 * answer 204 "nothing left" while the task still has a slot for the caller.
 * Found by the 3-annotator drain test flaking (one annotator stopped at 199
 * of 200): SKIP LOCKED had skipped the one task left for them.
 */
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, bootstrap, DB_KIND, SENTIMENT_SCHEMA, testApp, type Client, type TestApp } from '../../test/harness.ts';

describe(`queue end: a momentarily locked task is still offered (${DB_KIND})`, () => {
  let t: TestApp;
  let owner: Client;
  beforeAll(async () => {
    t = await testApp();
    ({ owner } = await bootstrap(t.app));
  });
  afterAll(() => t.close());

  it('waits for the lock instead of answering 204', async () => {
    const p = await owner.post('/api/v1/projects', { name: 'end', schema: SENTIMENT_SCHEMA, overlapMin: 2, overlapMax: 2 });
    expect((await owner.post(`/api/v1/projects/${p.body.id}/tasks`, [{ data: { text: 'only task' } }])).status).toBe(201);
    const a = await addMember(t.app, owner, 'first@acme.test');
    const b = await addMember(t.app, owner, 'second@acme.test');
    const first = await a.api.post(`/api/v1/projects/${p.body.id}/claims`);
    expect(first.status).toBe(200);
    const taskId = first.body.task.id as number;

    let second: Promise<Awaited<ReturnType<Client['post']>>> | undefined;
    // Hold the task row as a submit does (lockClaim: FOR UPDATE of the task) while the second annotator claims.
    await t.database.db.transaction().execute(async (trx) => {
      await sql`select id from tasks where id = ${taskId} for update`.execute(trx);
      second = b.api.post(`/api/v1/projects/${p.body.id}/claims`);
      await new Promise((r) => setTimeout(r, 300));
    });
    const res = await second!;
    expect(res.status).toBe(200);
    expect(res.body.task.id).toBe(taskId);
    // And once both slots are taken, the answer is a prompt 204.
    const c = await addMember(t.app, owner, 'third@acme.test');
    expect((await c.api.post(`/api/v1/projects/${p.body.id}/claims`)).status).toBe(204);
  });
});
