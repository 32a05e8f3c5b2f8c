import Fastify from 'fastify';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { freshDatabase } from '../../test/harness.ts';
import { prioritizeRouteHandlers } from '../http/db-priority.ts';
import { openDatabase, type Database } from './database.ts';
import { currentDbPriority, PriorityGate, withDbPriority } from './priority.ts';

const tick = () => new Promise((r) => setImmediate(r));

describe('PriorityGate', () => {
  it('hands a released permit to the oldest claim first, then the oldest other waiter', async () => {
    const gate = new PriorityGate(1);
    await gate.acquire('normal');
    const order: string[] = [];
    const waiters = [
      gate.acquire('normal').then(() => order.push('normal 1')),
      gate.acquire('claim').then(() => order.push('claim 1')),
      gate.acquire('normal').then(() => order.push('normal 2')),
      gate.acquire('claim').then(() => order.push('claim 2')),
    ];
    expect(gate.waiting).toEqual({ claims: 2, others: 2 });
    for (let i = 0; i < 4; i++) {
      gate.release();
      await tick();
    }
    await Promise.all(waiters);
    expect(order).toEqual(['claim 1', 'claim 2', 'normal 1', 'normal 2']);
    gate.release();
    expect(gate.waiting).toEqual({ claims: 0, others: 0 });
  });

  it('never hands out more permits than it has', async () => {
    const gate = new PriorityGate(2);
    let held = 0;
    let most = 0;
    await Promise.all(
      Array.from({ length: 20 }, async (_, i) => {
        await gate.acquire(i % 3 === 0 ? 'claim' : 'normal');
        most = Math.max(most, ++held);
        await tick();
        held--;
        gate.release();
      }),
    );
    expect(most).toBe(2);
  });

  it('deferred: hands no permit out synchronously, so claims that reach the gate in the same turn go first', async () => {
    const gate = new PriorityGate(1, 'deferred');
    const order: string[] = [];
    const holders = [
      gate.acquire('normal').then(() => order.push('normal')),
      gate.acquire('claim').then(() => order.push('claim')),
    ];
    await Promise.resolve();
    expect(order).toEqual([]);
    expect(gate.waiting).toEqual({ claims: 1, others: 1 });
    await holders[1];
    expect(order).toEqual(['claim']);
    gate.release();
    await holders[0];
    expect(order).toEqual(['claim', 'normal']);
    gate.release();
    expect(gate.waiting).toEqual({ claims: 0, others: 0 });
  });

  it('deferred: lets the event loop turn between two holders (a timer queued during one fires before the next starts)', async () => {
    const gate = new PriorityGate(1, 'deferred');
    await gate.acquire('normal');
    const order: string[] = [];
    const next = gate.acquire('normal').then(() => order.push('next holder'));
    setTimeout(() => order.push('timer'), 0);
    // Hold the permit past the timer's due time, as a synchronous PGlite statement does.
    const until = Date.now() + 5;
    while (Date.now() < until);
    gate.release();
    await next;
    expect(order).toEqual(['timer', 'next holder']);
    gate.release();
  });

  it('takes the priority from the async context, however deep', async () => {
    expect(currentDbPriority()).toBe('normal');
    const seen = await withDbPriority('claim', async () => {
      await tick();
      return (async () => {
        await tick();
        return currentDbPriority();
      })();
    });
    expect(seen).toBe('claim');
    expect(currentDbPriority()).toBe('normal');
  });
});

describe('database pool under contention', () => {
  let owned: Awaited<ReturnType<typeof freshDatabase>>;
  let database: Database;
  beforeAll(async () => {
    owned = await freshDatabase();
    // One connection, so every query below waits for the one the transaction holds.
    database = owned.url ? await openDatabase({ databaseUrl: owned.url, poolSize: 1, migrate: false }) : owned.database;
  });
  afterAll(async () => {
    if (database !== owned.database) await database.close();
    await owned.dispose();
  });

  it('serves a waiting claim query before other queries that queued earlier', async () => {
    const { db } = database;
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let begun!: () => void;
    const inTransaction = new Promise<void>((r) => (begun = r));
    const holder = db.transaction().execute(async (trx) => {
      await sql`select 1`.execute(trx);
      begun();
      await held;
    });
    await inTransaction;
    const order: string[] = [];
    const normal = sql`select 'normal' as v`.execute(db).then(() => order.push('normal'));
    await tick();
    const claim = withDbPriority('claim', () => sql`select 'claim' as v`.execute(db)).then(() => order.push('claim'));
    await tick();
    release();
    await Promise.all([holder, normal, claim]);
    expect(order).toEqual(['claim', 'normal']);
  });
});

describe('route config dbPriority', () => {
  it("runs a route's handler inside its priority and leaves other routes normal", async () => {
    const app = Fastify();
    prioritizeRouteHandlers(app);
    app.get('/claim', { config: { dbPriority: 'claim' } }, async () => {
      await tick();
      return { priority: currentDbPriority() };
    });
    app.get('/other', async () => ({ priority: currentDbPriority() }));
    expect((await app.inject({ url: '/claim' })).json()).toEqual({ priority: 'claim' });
    expect((await app.inject({ url: '/other' })).json()).toEqual({ priority: 'normal' });
    await app.close();
  });
});
