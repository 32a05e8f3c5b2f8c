import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { bootstrap, DB_KIND, testApp, type Client, type TestApp } from '../../../test/harness.ts';
import { MAX_ATTEMPTS, OutboxWorker } from '../../outbox/worker.ts';
import { webhookHandlers } from '../../outbox/webhooks.ts';

/** A real HTTP receiver: answers 200, or (`hang`) never answers; counts the requests it holds open. */
async function receiver(mode: 'ok' | 'hang') {
  const got: any[] = [];
  const held = new Set<ServerResponse>();
  let maxHeld = 0;
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push(JSON.parse(Buffer.concat(chunks).toString('utf8')));
      if (mode === 'ok') return void res.end('ok');
      held.add(res);
      maxHeld = Math.max(maxHeld, held.size);
      res.on('close', () => held.delete(res));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    got,
    held: () => held.size,
    maxHeld: () => maxHeld,
    close: () => {
      for (const r of held) r.destroy();
      server.closeAllConnections();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** Polls until `check` holds (or throws at the deadline): no fixed sleeps. */
async function until(check: () => boolean | Promise<boolean>, what: string, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe(`webhook senders: a dead receiver, a job that dies (${DB_KIND})`, () => {
  let t: TestApp;
  let owner: Client;
  const closers: Array<() => Promise<void>> = [];

  beforeAll(async () => {
    t = await testApp();
    ({ owner } = await bootstrap(t.app));
  });
  afterAll(async () => {
    for (const c of closers.reverse()) await c();
    await t.close();
  });

  const webhook = async (url: string) => {
    const made = await owner.post('/api/v1/webhooks', { url, events: ['task.completed'] });
    expect(made.status).toBe(201);
    return made.body.id as number;
  };
  /** A webhook.test delivery to the webhook, with its send job; returns the delivery's id. */
  const testDelivery = async (webhookId: number) => {
    const d = await owner.post(`/api/v1/webhooks/${webhookId}/test`);
    expect(d.status).toBe(202);
    return d.body.id as number;
  };
  const delivery = (id: number) => t.database.db.selectFrom('webhook_deliveries').selectAll().where('id', '=', id).executeTakeFirstOrThrow();

  it("a receiver that never answers holds one sender; the other hosts' deliveries arrive meanwhile", async () => {
    const dead = await receiver('hang');
    const live = await receiver('ok');
    const deadHook = await webhook(dead.url);
    const liveHook = await webhook(live.url);
    // The dead host's deliveries are older, so every sender would pick them first.
    const deadIds = [];
    for (let i = 0; i < 6; i++) deadIds.push(await testDelivery(deadHook));
    const liveIds = [];
    for (let i = 0; i < 4; i++) liveIds.push(await testDelivery(liveHook));

    // Four senders sharing one process's handlers, as server.ts runs them; a 5 s timeout (generous, for a loaded machine).
    const hooks = webhookHandlers(t.database.db, { timeoutMs: 5_000, maxPerHost: 1, busyDeferMs: 50, retryDelaysMs: [60_000] });
    const senders = Array.from({ length: 4 }, () => new OutboxWorker(t.database.db, hooks, { pollMs: 10, kinds: Object.keys(hooks) }));
    const stop = async () => {
      await dead.close(); // ends the held send, so the senders stop at once
      await Promise.all(senders.map((s) => s.stop()));
      await live.close();
      await owner.request('DELETE', `/api/v1/webhooks/${deadHook}`); // and its deliveries, so no later test sends them
    };
    for (const s of senders) s.start();
    try {
      // Well before the dead host's first send times out, every live delivery has arrived.
      await until(() => live.got.length === 4, 'the live receiver to get its 4 deliveries', 4_000);
      expect(live.got.map((b) => b.id).sort()).toEqual([...liveIds].sort());
      for (const id of liveIds) await until(async () => (await delivery(id)).status === 'delivered', `delivery ${id} to be recorded`, 4_000);
      expect(dead.held()).toBe(1); // still in flight
      expect(dead.got).toHaveLength(1);
      for (const id of deadIds) expect((await delivery(id)).status).toBe('pending');

      // When it times out, the next delivery to the dead host goes out: still one at a time.
      await until(() => dead.got.length >= 2, 'the next delivery to the dead host', 10_000);
      expect(dead.maxHeld()).toBe(1);
      const first = await delivery(dead.got[0].id);
      expect(first).toMatchObject({ status: 'pending', attempts: 1, last_error: 'no answer within 5000 ms' });
    } finally {
      await stop();
    }
  });

  it('a delivery whose send job dies ends as failed, and can be sent again', async () => {
    const live = await receiver('ok');
    closers.push(live.close);
    const id = await testDelivery(await webhook(live.url));
    // The job's last run: the send goes out but recording it fails (a real trigger refuses the update).
    await sql`update outbox set attempts = ${MAX_ATTEMPTS - 1} where kind = 'webhook.deliver' and payload ->> 'deliveryId' = ${String(id)}`.execute(t.database.db);
    await sql.raw(`
      create function refuse_attempt() returns trigger language plpgsql as $$
      begin raise exception 'recording refused'; end $$;
      create trigger refuse_attempt before update on webhook_deliveries
        for each row when (new.attempts <> old.attempts and new.id = ${id}) execute function refuse_attempt();`).execute(t.database.db);
    const hooks = webhookHandlers(t.database.db);
    const worker = new OutboxWorker(t.database.db, hooks, { kinds: Object.keys(hooks) });
    try {
      await worker.drain();
    } finally {
      await sql.raw('drop trigger refuse_attempt on webhook_deliveries; drop function refuse_attempt();').execute(t.database.db);
    }
    expect(live.got).toHaveLength(1);
    const job = await sql<{ done: boolean }>`select done_at is not null as done from outbox where payload ->> 'deliveryId' = ${String(id)}`.execute(t.database.db);
    expect(job.rows).toEqual([{ done: true }]); // the job is dead
    const failed = await delivery(id);
    expect(failed).toMatchObject({ status: 'failed', next_attempt_at: null });
    expect(failed.last_error).toContain('recording refused');

    const again = await owner.post(`/api/v1/webhooks/${failed.webhook_id}/deliveries/${id}/retry`);
    expect(again.status).toBe(202);
    await worker.drain();
    expect(live.got).toHaveLength(2);
    expect(await delivery(id)).toMatchObject({ status: 'delivered', attempts: 1 });
  });

  it('a pending delivery with no job left to send it can be sent again; one with a job is 409', async () => {
    const live = await receiver('ok');
    closers.push(live.close);
    const hookId = await webhook(live.url);
    const id = await testDelivery(hookId);
    const busy = await owner.post(`/api/v1/webhooks/${hookId}/deliveries/${id}/retry`);
    expect(busy.status).toBe(409);
    expect(busy.body.error.code).toBe('delivery_pending');
    // Its job is gone (closed without sending, as a job that died before this fix left it).
    await sql`update outbox set done_at = now() where kind = 'webhook.deliver' and payload ->> 'deliveryId' = ${String(id)}`.execute(t.database.db);
    expect((await delivery(id)).status).toBe('pending');
    const again = await owner.post(`/api/v1/webhooks/${hookId}/deliveries/${id}/retry`);
    expect(again.status).toBe(202);
    const hooks = webhookHandlers(t.database.db);
    await new OutboxWorker(t.database.db, hooks, { kinds: Object.keys(hooks) }).drain();
    expect(live.got.map((b) => b.id)).toEqual([id]);
    expect(await delivery(id)).toMatchObject({ status: 'delivered' });
  });
});
