import { describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import pg from 'pg';
import { DB_KIND, freshDatabase } from '../../test/harness.ts';
import { enqueue } from './enqueue.ts';
import { DeferJob, OutboxWorker } from './worker.ts';

describe(`outbox worker (${DB_KIND})`, () => {
  const pending = (db: Parameters<typeof enqueue>[0], kind: string) =>
    db.selectFrom('outbox').selectAll().where('kind', '=', kind).where('done_at', 'is', null).execute();

  it('a deferred job goes back to the queue uncounted, keeps its dedupe key, and lets the next job run', async () => {
    const { database, dispose } = await freshDatabase();
    try {
      const db = database.db;
      await enqueue(db, { kind: 'paced', payload: {}, dedupeKey: 'paced:1' });
      await enqueue(db, { kind: 'plain', payload: {} });
      const ran: string[] = [];
      const worker = new OutboxWorker(db, {
        paced: async () => {
          ran.push('paced');
          throw new DeferJob(60_000);
        },
        plain: async () => {
          ran.push('plain');
        },
      });
      expect(await worker.drain()).toBe(2);
      expect(ran).toEqual(['paced', 'plain']);
      const [job] = await pending(db, 'paced');
      expect(job).toMatchObject({ attempts: 0, dedupe_key: 'paced:1', last_error: null });
      const dueIn = (await sql<{ s: number }>`select extract(epoch from run_at - now())::float8 as s from outbox where id = ${job.id}`.execute(db)).rows[0].s;
      expect(dueIn).toBeGreaterThan(50);
      // A new request for the key finds the deferred job pending: still one job.
      await enqueue(db, { kind: 'paced', payload: {}, dedupeKey: 'paced:1' });
      expect(await pending(db, 'paced')).toHaveLength(1);
    } finally {
      await dispose();
    }
  });

  it('a worker given kinds claims only jobs of those kinds and leaves the rest to other workers', async () => {
    const { database, dispose } = await freshDatabase();
    try {
      const db = database.db;
      await enqueue(db, { kind: 'slow', payload: {} });
      await enqueue(db, { kind: 'fast', payload: {} });
      const ran: string[] = [];
      const fastOnly = new OutboxWorker(db, { fast: async () => void ran.push('fast') }, { kinds: ['fast'] });
      expect(await fastOnly.drain()).toBe(1);
      expect(ran).toEqual(['fast']);
      expect((await pending(db, 'slow')).map((j) => j.attempts)).toEqual([0]);
      const slowOnly = new OutboxWorker(db, { slow: async () => void ran.push('slow') }, { kinds: ['slow'] });
      expect(await slowOnly.drain()).toBe(1);
      expect(ran).toEqual(['fast', 'slow']);
    } finally {
      await dispose();
    }
  });

  it('says once that polling fails, keeps polling (even past a throwing listener), says once that it recovered, and then runs the jobs', async () => {
    const { database, dispose } = await freshDatabase();
    const said: unknown[] = [];
    const onPollError = (err: unknown) => {
      said.push(err);
      throw new Error('a listener that fails must not stop the worker');
    };
    const worker = new OutboxWorker(database.db, { plain: async () => {} }, { pollMs: 10, onPollError });
    try {
      const db = database.db;
      await enqueue(db, { kind: 'plain', payload: {} });
      await sql`alter table outbox rename to outbox_away`.execute(db);
      worker.start();
      const until = async (what: () => boolean) => {
        for (let i = 0; i < 500 && !what(); i++) await new Promise((r) => setTimeout(r, 10));
        expect(what()).toBe(true);
      };
      await until(() => said.length === 1);
      await new Promise((r) => setTimeout(r, 100)); // about ten more failing polls
      expect(said).toHaveLength(1);
      expect(String((said[0] as Error).message)).toMatch(/outbox/);
      await sql`alter table outbox_away rename to outbox`.execute(db);
      await until(() => said.length === 2);
      expect(said[1]).toBeUndefined();
      const done = async () => (await db.selectFrom('outbox').select('done_at').where('kind', '=', 'plain').executeTakeFirstOrThrow()).done_at;
      for (let i = 0; i < 500 && !(await done()); i++) await new Promise((r) => setTimeout(r, 10));
      expect(await done()).not.toBeNull();
    } finally {
      await worker.stop();
      await dispose();
    }
  });

  it('a deferred job whose key a newer request took during its run is closed: the newer job stands in for it', async () => {
    const { database, dispose } = await freshDatabase();
    try {
      const db = database.db;
      await enqueue(db, { kind: 'paced', payload: { n: 1 }, dedupeKey: 'paced:1' });
      const worker = new OutboxWorker(db, {
        paced: async () => {
          await enqueue(db, { kind: 'paced', payload: { n: 2 }, dedupeKey: 'paced:1', delayMs: 60_000 });
          throw new DeferJob(60_000);
        },
      });
      expect(await worker.runOnce()).toBe(true);
      const jobs = await pending(db, 'paced');
      expect(jobs.map((j) => j.payload)).toEqual([{ n: 2 }]);
      expect(jobs[0].dedupe_key).toBe('paced:1');
      const closed = await db.selectFrom('outbox').selectAll().where('done_at', 'is not', null).execute();
      expect(closed.map((j) => [j.payload, j.last_error])).toEqual([[{ n: 1 }, null]]);
    } finally {
      await dispose();
    }
  });

  // Two connections at once: PostgreSQL only (PGlite has one).
  it.skipIf(DB_KIND !== 'postgres')('a request for the key still uncommitted while a job is deferred: the job is closed, the request stands in', async () => {
    const { database, url, dispose } = await freshDatabase();
    const submit = new pg.Client({ connectionString: url });
    await submit.connect();
    try {
      const db = database.db;
      await enqueue(db, { kind: 'paced', payload: { n: 1 }, dedupeKey: 'paced:1' });
      const worker = new OutboxWorker(db, {
        paced: async () => {
          // A submit asks for the same refit in a transaction that commits only after the deferral began.
          await submit.query('begin');
          await submit.query(`insert into outbox (kind, payload, dedupe_key) values ('paced', '{"n": 2}', 'paced:1')`);
          setTimeout(() => void submit.query('commit'), 300);
          throw new DeferJob(60_000);
        },
      });
      expect(await worker.runOnce()).toBe(true);
      const jobs = await pending(db, 'paced');
      expect(jobs.map((j) => [j.payload, j.dedupe_key])).toEqual([[{ n: 2 }, 'paced:1']]);
      const closed = await db.selectFrom('outbox').select(['payload', 'attempts', 'last_error']).where('done_at', 'is not', null).execute();
      expect(closed).toEqual([{ payload: { n: 1 }, attempts: 0, last_error: null }]);
    } finally {
      await submit.end();
      await dispose();
    }
  });
});
