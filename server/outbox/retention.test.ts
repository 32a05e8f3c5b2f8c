import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap, DB_KIND, testApp, type Client, type TestApp } from '../../test/harness.ts';
import { pruneFinished } from './retention.ts';

describe(`retention: finished jobs and deliveries (${DB_KIND})`, () => {
  let t: TestApp;
  let owner: Client;

  beforeAll(async () => {
    t = await testApp();
    ({ owner } = await bootstrap(t.app));
  });
  afterAll(() => t.close());

  it('deletes done jobs and delivered or failed deliveries older than the retention, and nothing else', async () => {
    const db = t.database.db;
    const hook = await owner.post('/api/v1/webhooks', { url: 'https://example.com/tally', events: ['task.completed'] });
    expect(hook.status).toBe(201);
    // Six deliveries (with their jobs), made the way the API makes them, then aged by hand.
    const ids: number[] = [];
    for (let i = 0; i < 6; i++) {
      const d = await owner.post(`/api/v1/webhooks/${hook.body.id}/test`);
      expect(d.status).toBe(202);
      ids.push(d.body.id);
    }
    const [oldDelivered, oldFailed, oldPending, newDelivered, oldNeverTried, newFailed] = ids;
    const age = (id: number, status: string, attemptDaysAgo: number | null, createdDaysAgo: number) =>
      sql`update webhook_deliveries set status = ${status},
            last_attempt_at = ${attemptDaysAgo === null ? null : sql`now() - make_interval(days => ${attemptDaysAgo})`},
            created_at = now() - make_interval(days => ${createdDaysAgo})
          where id = ${id}`.execute(db);
    await age(oldDelivered, 'delivered', 10, 11);
    await age(oldFailed, 'failed', 8, 20);
    await age(oldPending, 'pending', 10, 11); // still being tried: kept however old
    await age(newDelivered, 'delivered', 3, 30); // made long ago, sent again lately: kept
    await age(oldNeverTried, 'failed', null, 9);
    await age(newFailed, 'failed', 1, 1);
    const job = (id: number) => sql`payload ->> 'deliveryId' = ${String(id)}`;
    await sql`update outbox set done_at = now() - interval '8 days' where ${job(oldDelivered)} or ${job(oldFailed)}`.execute(db);
    await sql`update outbox set done_at = now() - interval '1 day' where ${job(newDelivered)}`.execute(db);
    await sql`update outbox set run_at = now() - interval '30 days' where ${job(oldPending)}`.execute(db); // due long ago, not done
    const jobsBefore = await sql<{ n: number }>`select count(*)::int as n from outbox`.execute(db);

    const pruned = await pruneFinished(db, 7);
    expect(pruned).toEqual({ outbox: 2, deliveries: 3 });
    const left = await db.selectFrom('webhook_deliveries').select('id').where('id', 'in', ids).orderBy('id').execute();
    expect(left.map((r) => r.id)).toEqual([oldPending, newDelivered, newFailed]);
    const jobs = await sql<{ n: number }>`select count(*)::int as n from outbox`.execute(db);
    expect(jobs.rows[0].n).toBe(jobsBefore.rows[0].n - 2);
    const kept = await sql<{ id: string }>`select payload ->> 'deliveryId' as id from outbox where ${job(oldPending)} or ${job(newDelivered)}`.execute(db);
    expect(kept.rows).toHaveLength(2);

    expect(await pruneFinished(db, 7)).toEqual({ outbox: 0, deliveries: 0 }); // nothing more to do
    expect(await pruneFinished(db, 2)).toEqual({ outbox: 0, deliveries: 1 }); // newDelivered; its job (done 1 day ago) and newFailed stay
  });
});
