import { createHmac, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, bootstrap, DB_KIND, SENTIMENT_SCHEMA, secondOrg, testApp, type Client, type TestApp } from '../../../test/harness.ts';
import { OutboxWorker } from '../../outbox/worker.ts';
import { webhookHandlers } from '../../outbox/webhooks.ts';
import { enqueue } from '../../outbox/enqueue.ts';

/** What a receiver answers to one request: a status, or no answer at all (a timeout for the sender). */
type Answer = number | 'hang';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
  json: any;
}

/** A real HTTP receiver on a free port: records each POST and answers from `answers`, then 200. */
async function receiver(answers: Answer[] = [], onRequest?: (r: Received) => Promise<void>) {
  const got: Received[] = [];
  const hung: Array<() => void> = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const r = { headers: req.headers, body, json: JSON.parse(body) };
      got.push(r);
      await onRequest?.(r);
      const answer = answers.shift() ?? 200;
      if (answer === 'hang') {
        hung.push(() => res.destroy());
        return;
      }
      res.writeHead(answer, { 'content-type': 'text/plain' });
      res.end(answer >= 400 ? `refused with ${answer}` : 'ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/hook`,
    got,
    close: () => {
      for (const h of hung) h();
      return new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}

/** How a receiver checks a delivery (the sample in docs/api.md): HMAC-SHA256 over `${timestamp}.${body}`. */
function verify(secret: string, r: Received, toleranceS = 300): boolean {
  const timestamp = String(r.headers['tally-timestamp']);
  const signature = String(r.headers['tally-signature'] ?? '');
  if (Math.abs(Date.now() / 1000 - Number(timestamp)) > toleranceS) return false;
  const expected = createHmac('sha256', secret).update(`${timestamp}.${r.body}`).digest('hex');
  return signature.split(',').some((part) => {
    const [version, hex] = part.trim().split('=');
    return version === 'v1' && hex?.length === expected.length && timingSafeEqual(Buffer.from(hex), Buffer.from(expected));
  });
}

/** Polls until `check` holds (or throws at the deadline): no fixed sleeps. */
async function until(check: () => boolean | Promise<boolean>, what: string, ms = 15_000) {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

describe(`webhooks and task callbacks (${DB_KIND})`, () => {
  let t: TestApp;
  let owner: Client;
  let worker: OutboxWorker;
  const receivers: Array<{ close(): Promise<void> }> = [];
  const RETRY_MS = 40;

  beforeAll(async () => {
    t = await testApp();
    ({ owner } = await bootstrap(t.app));
    // The server's delivery workers, with short waits between attempts and a short timeout.
    const hooks = webhookHandlers(t.database.db, { retryDelaysMs: [RETRY_MS, RETRY_MS, RETRY_MS], timeoutMs: 800 });
    worker = new OutboxWorker(t.database.db, hooks, { pollMs: 10, kinds: Object.keys(hooks) });
    worker.start();
  });
  afterAll(async () => {
    await worker.stop();
    await Promise.all(receivers.map((r) => r.close()));
    await t.close();
  });

  const listen = async (answers: Answer[] = [], onRequest?: (r: Received) => Promise<void>) => {
    const r = await receiver(answers, onRequest);
    receivers.push(r);
    return r;
  };

  /** Every webhook job has run (none pending, none due later). */
  const settled = () =>
    until(async () => {
      const n = await t.database.db
        .selectFrom('outbox')
        .select((eb) => eb.fn.countAll<string>().as('n'))
        .where('kind', 'like', 'webhook.%')
        .where('done_at', 'is', null)
        .executeTakeFirstOrThrow();
      return Number(n.n) === 0;
    }, 'the webhook jobs to finish');

  const project = async (api: Client, extra: Record<string, unknown> = {}) => {
    const p = await api.post('/api/v1/projects', { name: `p${Math.random()}`, schema: SENTIMENT_SCHEMA, overlapMin: 1, overlapMax: 1, ...extra });
    expect(p.status).toBe(201);
    return p.body.id as number;
  };
  /** Claims and answers the next task of the project; returns its id. */
  const label = async (api: Client, projectId: number, sentiment = 'pos') => {
    const c = await api.post(`/api/v1/projects/${projectId}/claims`);
    expect(c.status).toBe(200);
    const s = await api.post(`/api/v1/claims/${c.body.claim.id}/submit`, { value: { sentiment } });
    expect(s.status).toBe(201);
    return c.body.task.id as number;
  };
  const deliveries = async (webhookId: number) => (await owner.get(`/api/v1/webhooks/${webhookId}/deliveries`)).body.items as any[];

  it('creates a webhook (secret shown once), lists it without secrets, and answers bad input with codes', async () => {
    const made = await owner.post('/api/v1/webhooks', { url: 'https://example.com/tally', events: ['task.completed', 'import.completed'] });
    expect(made.status).toBe(201);
    expect(made.body).toMatchObject({ url: 'https://example.com/tally', events: ['task.completed', 'import.completed'] });
    expect(made.body.secret).toMatch(/^whsec_[A-Za-z0-9_-]{32}$/);
    const list = await owner.get('/api/v1/webhooks');
    expect(list.status).toBe(200);
    const listed = list.body.items.find((w: any) => w.id === made.body.id);
    expect(listed).toMatchObject({ id: made.body.id, url: 'https://example.com/tally' });
    expect(list.text).not.toContain(made.body.secret);
    expect(list.text).not.toContain('secret');
    const one = await owner.get(`/api/v1/webhooks/${made.body.id}`);
    expect(one.status).toBe(200);
    expect(one.body.secret).toBeUndefined();

    const bad = async (body: unknown, code: string) => {
      const res = await owner.post('/api/v1/webhooks', body);
      expect(res.status, res.text).toBe(code === 'invalid_request' ? 400 : 422);
      expect(res.body.error.code).toBe(code);
      expect(res.body.error.message.length).toBeGreaterThan(10);
      return res.body.error;
    };
    await bad({ url: 'ftp://example.com/x', events: ['task.completed'] }, 'invalid_url');
    await bad({ url: 'not a url', events: ['task.completed'] }, 'invalid_url');
    await bad({ url: 'https://user:pw@example.com/', events: ['task.completed'] }, 'invalid_url');
    await bad({ url: 'https://example.com/', events: [] }, 'no_events');
    const unknown = await bad({ url: 'https://example.com/', events: ['task.completed', 'task.done'] }, 'unknown_event');
    expect(unknown.unknown).toEqual(['task.done']);
    expect(unknown.known).toContain('project.completed');
    await bad({ events: ['task.completed'] }, 'invalid_request');

    const patched = await owner.patch(`/api/v1/webhooks/${made.body.id}`, { events: ['project.completed'] });
    expect(patched.status).toBe(200);
    expect(patched.body).toMatchObject({ id: made.body.id, events: ['project.completed'], url: 'https://example.com/tally' });
    expect((await owner.patch(`/api/v1/webhooks/${made.body.id}`, { url: 'mailto:a@b.c' })).body.error.code).toBe('invalid_url');

    // Owners and admins only.
    const manager = await addMember(t.app, owner, 'manager@acme.test', 'manager');
    const admin = await addMember(t.app, owner, 'admin@acme.test', 'admin');
    expect((await manager.api.get('/api/v1/webhooks')).status).toBe(403);
    const refused = await manager.api.post('/api/v1/webhooks', { url: 'https://example.com/', events: ['task.completed'] });
    expect(refused.status).toBe(403);
    expect(refused.body.error.code).toBe('forbidden');
    expect((await admin.api.get('/api/v1/webhooks')).body.items.map((w: any) => w.id)).toContain(made.body.id);

    // Another org sees none of it: 404, not 403.
    const other = await secondOrg(t.app, owner, 'Initech');
    expect((await other.owner.get('/api/v1/webhooks')).body.items).toEqual([]);
    expect((await other.owner.get(`/api/v1/webhooks/${made.body.id}`)).status).toBe(404);
    expect((await other.owner.patch(`/api/v1/webhooks/${made.body.id}`, { events: ['task.completed'] })).status).toBe(404);
    expect((await other.owner.request('DELETE', `/api/v1/webhooks/${made.body.id}`)).status).toBe(404);
    expect((await other.owner.get(`/api/v1/webhooks/${made.body.id}/deliveries`)).status).toBe(404);

    expect((await owner.request('DELETE', `/api/v1/webhooks/${made.body.id}`)).status).toBe(204);
    expect((await owner.get(`/api/v1/webhooks/${made.body.id}`)).status).toBe(404);
    expect((await owner.request('DELETE', `/api/v1/webhooks/${made.body.id}`)).status).toBe(404);
  });

  it("sends a signed task.completed to the org's webhook and to the task's callbackUrl, and nothing to another org", async () => {
    const hook = await listen();
    const callback = await listen();
    const stranger = await listen();
    const made = await owner.post('/api/v1/webhooks', { url: hook.url, events: ['task.completed'] });
    const callbackSecret = (await owner.post('/api/v1/callbacks/secret')).body.secret as string;
    expect(callbackSecret).toMatch(/^whsec_/);
    // A competing customer subscribes to the same event with its own receiver.
    const other = await secondOrg(t.app, owner, 'Globex');
    expect((await other.owner.post('/api/v1/webhooks', { url: stranger.url, events: ['task.completed', 'import.completed'] })).status).toBe(201);

    const projectId = await project(owner);
    const imp = await owner.post(`/api/v1/projects/${projectId}/tasks`, [{ uniqueId: 'doc-1', data: { text: 'great' }, metadata: { source: 'crawl' }, callbackUrl: callback.url }]);
    expect(imp.status).toBe(201);
    const taskId = await label(owner, projectId, 'pos');

    await until(() => hook.got.length === 1 && callback.got.length === 1, 'the webhook and the callback');
    await settled();
    for (const [r, secret] of [
      [hook.got[0], made.body.secret],
      [callback.got[0], callbackSecret],
    ] as const) {
      expect(r.headers['content-type']).toBe('application/json');
      expect(r.headers['tally-event']).toBe('task.completed');
      expect(r.headers['tally-delivery']).toBe(String(r.json.id));
      expect(verify(secret, r)).toBe(true);
      expect(verify('whsec_wrong', r)).toBe(false);
      expect(verify(secret, { ...r, body: r.body.replace('"pos"', '"neg"') })).toBe(false);
      expect(Object.keys(r.json).sort()).toEqual(['createdAt', 'data', 'event', 'id']);
      expect(r.json.event).toBe('task.completed');
      expect(Date.parse(r.json.createdAt)).toBeGreaterThan(Date.now() - 60_000);
      expect(r.json.data).toMatchObject({
        taskId,
        uniqueId: 'doc-1',
        projectId,
        status: 'done',
        metadata: { source: 'crawl' },
        annotations: 1,
        result: { value: { sentiment: 'pos' }, method: expect.any(String) },
      });
      expect(r.json.data.result.confidence).toBeGreaterThan(0);
      expect(r.json.data.result.fields.sentiment).toMatchObject({ value: 'pos' });
      expect(Date.parse(r.json.data.completedAt)).not.toBeNaN();
    }
    expect(hook.got[0].json.id).not.toBe(callback.got[0].json.id);
    expect(stranger.got).toHaveLength(0);

    const [d] = await deliveries(made.body.id);
    expect(d).toMatchObject({ id: hook.got[0].json.id, event: 'task.completed', status: 'delivered', attempts: 1, lastStatus: 200, lastError: null });
    const cb = await owner.get(`/api/v1/callbacks/deliveries?taskId=${taskId}`);
    expect(cb.body.items).toHaveLength(1);
    expect(cb.body.items[0]).toMatchObject({ id: callback.got[0].json.id, webhookId: null, url: callback.url, status: 'delivered' });
    // The other org reads none of these deliveries.
    expect((await other.owner.get(`/api/v1/callbacks/deliveries?taskId=${taskId}`)).body.items).toEqual([]);
  });

  it('retries network-level failures (5xx, 429, a timeout) with the same delivery id until one succeeds', async () => {
    const hook = await listen([500, 'hang', 429, 200]);
    const made = await owner.post('/api/v1/webhooks', { url: hook.url, events: ['task.completed'] });
    const projectId = await project(owner);
    await owner.post(`/api/v1/projects/${projectId}/tasks`, [{ data: { text: 'retry me' } }]);
    await label(owner, projectId);
    await until(() => hook.got.length === 4, 'four attempts');
    await settled();
    expect(new Set(hook.got.map((r) => r.json.id)).size).toBe(1);
    expect(new Set(hook.got.map((r) => r.body)).size).toBe(1); // the same body every time
    for (const r of hook.got) expect(verify(made.body.secret, r)).toBe(true);
    const [d] = await deliveries(made.body.id);
    expect(d).toMatchObject({ id: hook.got[0].json.id, status: 'delivered', attempts: 4, lastStatus: 200, lastError: null, nextAttemptAt: null });
    expect(d.deliveredAt).not.toBeNull();
  });

  it('gives up after the last attempt, and keeps what went wrong for the owner to read', async () => {
    const hook = await listen([503, 503, 503, 503, 503]);
    const made = await owner.post('/api/v1/webhooks', { url: hook.url, events: ['task.completed'] });
    const projectId = await project(owner);
    await owner.post(`/api/v1/projects/${projectId}/tasks`, [{ data: { text: 'down' } }]);
    await label(owner, projectId);
    await until(async () => (await deliveries(made.body.id))[0]?.status === 'failed', 'the delivery to fail');
    await settled();
    expect(hook.got).toHaveLength(4); // 1 + the 3 retry delays given to this worker
    const [d] = await deliveries(made.body.id);
    expect(d).toMatchObject({ status: 'failed', attempts: 4, lastStatus: 503, nextAttemptAt: null, deliveredAt: null });
    expect(d.lastError).toContain('HTTP 503: refused with 503');
  });

  it('does not retry a 410 or a 400: the receiver refused it', async () => {
    const gone = await listen([410]);
    const badRequest = await listen([400]);
    const a = await owner.post('/api/v1/webhooks', { url: gone.url, events: ['task.completed'] });
    const b = await owner.post('/api/v1/webhooks', { url: badRequest.url, events: ['task.completed'] });
    const projectId = await project(owner);
    await owner.post(`/api/v1/projects/${projectId}/tasks`, [{ data: { text: 'refused' } }]);
    await label(owner, projectId);
    await until(() => gone.got.length === 1 && badRequest.got.length === 1, 'both receivers');
    await settled();
    expect(gone.got).toHaveLength(1);
    expect(badRequest.got).toHaveLength(1);
    expect((await deliveries(a.body.id))[0]).toMatchObject({ status: 'failed', attempts: 1, lastStatus: 410, lastError: 'HTTP 410: refused with 410' });
    expect((await deliveries(b.body.id))[0]).toMatchObject({ status: 'failed', attempts: 1, lastStatus: 400 });
    const failed = await owner.get(`/api/v1/webhooks/${a.body.id}/deliveries?status=failed`);
    expect(failed.body.items).toHaveLength(1);
    expect((await owner.get(`/api/v1/webhooks/${a.body.id}/deliveries?status=delivered`)).body.items).toHaveLength(0);
  });

  it('a test delivery reaches the webhook at once, signed, whatever its events', async () => {
    const hook = await listen();
    const made = await owner.post('/api/v1/webhooks', { url: hook.url, events: ['project.completed'] });
    const sent = await owner.post(`/api/v1/webhooks/${made.body.id}/test`);
    expect(sent.status).toBe(202);
    expect(sent.body).toMatchObject({ webhookId: made.body.id, event: 'webhook.test', status: 'pending' });
    await until(() => hook.got.length === 1, 'the test delivery');
    expect(hook.got[0].json).toMatchObject({ id: sent.body.id, event: 'webhook.test', data: { webhookId: made.body.id } });
    expect(hook.got[0].headers['tally-event']).toBe('webhook.test');
    expect(verify(made.body.secret, hook.got[0])).toBe(true);
    await until(async () => (await deliveries(made.body.id))[0]?.status === 'delivered', 'the record');
    const other = await secondOrg(t.app, owner, 'Vandelay');
    expect((await other.owner.post(`/api/v1/webhooks/${made.body.id}/test`)).status).toBe(404);
    await owner.request('DELETE', `/api/v1/webhooks/${made.body.id}`);
  });

  it('deleting a webhook stops its pending retries and its future events', async () => {
    let webhookId = 0;
    // The receiver's first answer is a 500, and the webhook is deleted before that answer goes out.
    const hook = await listen([500], async () => {
      if (webhookId) expect((await owner.request('DELETE', `/api/v1/webhooks/${webhookId}`)).status).toBe(204);
    });
    webhookId = (await owner.post('/api/v1/webhooks', { url: hook.url, events: ['task.completed'] })).body.id;
    const projectId = await project(owner);
    await owner.post(`/api/v1/projects/${projectId}/tasks`, [{ data: { text: 'one' } }, { data: { text: 'two' } }]);
    await label(owner, projectId);
    await until(() => hook.got.length === 1, 'the first attempt');
    await settled();
    webhookId = 0;
    await label(owner, projectId); // a new event, after the deletion
    await settled();
    expect(hook.got).toHaveLength(1);
  });

  it('task.completed also comes from a review: the fixed result, method review', async () => {
    const hook = await listen();
    await owner.post('/api/v1/webhooks', { url: hook.url, events: ['task.completed'] });
    const projectId = await project(owner, { reviewRate: 1 });
    await owner.post(`/api/v1/projects/${projectId}/tasks`, [{ uniqueId: 'r1', data: { text: 'meh' } }]);
    const taskId = await label(owner, projectId, 'pos');
    await settled();
    expect(hook.got).toHaveLength(0); // waiting for review is not done
    const reviewer = await addMember(t.app, owner, `reviewer${Math.random()}@acme.test`, 'reviewer');
    const rc = await reviewer.api.post(`/api/v1/projects/${projectId}/reviews/claims`);
    expect(rc.status).toBe(200);
    expect((await reviewer.api.post(`/api/v1/reviews/${rc.body.claim.id}/submit`, { verdict: 'fix', value: { sentiment: 'neutral' } })).status).toBe(201);
    await until(() => hook.got.length === 1, 'the reviewed task');
    expect(hook.got[0].json.data).toMatchObject({ taskId, uniqueId: 'r1', status: 'done', result: { value: { sentiment: 'neutral' }, confidence: 1, method: 'review' } });
  });

  it('project.completed goes out once, when the last task is done; import.completed after each committed import only', async () => {
    const hook = await listen();
    await owner.post('/api/v1/webhooks', { url: hook.url, events: ['project.completed', 'import.completed'] });
    const projectId = await project(owner);
    // A rolled-back import (a bad row) sends nothing: its event was never committed.
    const badImport = await owner.post(`/api/v1/projects/${projectId}/tasks`, [{ data: { text: 'a' } }, { data: 'not an object' }]);
    expect(badImport.status).toBe(422);
    const imp = await owner.post(`/api/v1/projects/${projectId}/tasks`, [
      { uniqueId: 'a', data: { text: 'a' } },
      { uniqueId: 'b', data: { text: 'b' } },
    ]);
    expect(imp.status).toBe(201);
    await until(() => hook.got.length === 1, 'import.completed');
    expect(hook.got[0].json).toMatchObject({ event: 'import.completed', data: { projectId, created: 2, duplicates: 0, total: 2 } });
    await label(owner, projectId);
    await settled();
    expect(hook.got).toHaveLength(1); // one task left: not complete yet
    await label(owner, projectId);
    await until(() => hook.got.length === 2, 'project.completed');
    await settled();
    expect(hook.got).toHaveLength(2);
    expect(hook.got[1].json).toMatchObject({ event: 'project.completed', data: { projectId, tasks: 2 } });
    expect(Date.parse(hook.got[1].json.data.completedAt)).not.toBeNaN();
    expect(hook.got[1].headers['tally-event']).toBe('project.completed');
  });

  it('enqueues nothing on a submit when no webhook listens and the task has no callbackUrl', async () => {
    const quiet = await secondOrg(t.app, owner, 'Quiet');
    const projectId = await project(quiet.owner);
    await quiet.owner.post(`/api/v1/projects/${projectId}/tasks`, [{ data: { text: 'unheard' } }]);
    await label(quiet.owner, projectId);
    const events = await t.database.db.selectFrom('outbox').select('payload').where('kind', '=', 'webhook.event').execute();
    expect(events.length).toBeGreaterThan(0); // the other tests' events are there...
    expect(events.filter((e) => (e.payload as { orgId: number }).orgId === quiet.orgId)).toEqual([]); // ...none of this org's
  });

  it('a fan-out that runs twice (a crash before its job was closed) makes one delivery', async () => {
    const hook = await listen();
    const made = await owner.post('/api/v1/webhooks', { url: hook.url, events: ['import.completed'] });
    const me = await owner.get('/api/v1/me');
    const job = { event: 'import.completed', key: `replayed-${Math.random()}`, orgId: me.body.orgId, at: new Date().toISOString(), data: { projectId: 1 } };
    await enqueue(t.database.db, { kind: 'webhook.event', payload: job });
    await enqueue(t.database.db, { kind: 'webhook.event', payload: job });
    await until(() => hook.got.length === 1, 'the delivery');
    await settled();
    expect(hook.got).toHaveLength(1);
    expect(await deliveries(made.body.id)).toHaveLength(1);
    await owner.request('DELETE', `/api/v1/webhooks/${made.body.id}`);
  });

  it('two last tasks completed before either fan-out runs make one project.completed', async () => {
    const hook = await listen();
    const made = await owner.post('/api/v1/webhooks', { url: hook.url, events: ['project.completed'] });
    const projectId = await project(owner);
    await owner.post(`/api/v1/projects/${projectId}/tasks`, [{ data: { text: 'a' } }, { data: { text: 'b' } }]);
    await worker.stop(); // both completions commit before either fan-out looks at the project
    try {
      const a = await addMember(t.app, owner, `a${Math.random()}@acme.test`);
      const b = await addMember(t.app, owner, `b${Math.random()}@acme.test`);
      await Promise.all([label(a.api, projectId), label(b.api, projectId)]);
    } finally {
      worker.start();
    }
    await until(() => hook.got.length === 1, 'project.completed');
    await settled();
    expect(hook.got.map((r) => [r.json.event, r.json.data.projectId])).toEqual([['project.completed', projectId]]);
    await owner.request('DELETE', `/api/v1/webhooks/${made.body.id}`);
  });

  it('sends a failed delivery again on request (same id), signed with a rotated secret; a pending one is 409', async () => {
    const hook = await listen([410]);
    const made = await owner.post('/api/v1/webhooks', { url: hook.url, events: ['task.completed'] });
    const projectId = await project(owner);
    await owner.post(`/api/v1/projects/${projectId}/tasks`, [{ data: { text: 'again' } }]);
    await label(owner, projectId);
    await until(async () => (await deliveries(made.body.id))[0]?.status === 'failed', 'the delivery to fail');
    const [failed] = await deliveries(made.body.id);

    const rotated = await owner.post(`/api/v1/webhooks/${made.body.id}/secret`);
    expect(rotated.status).toBe(201);
    expect(rotated.body.secret).toMatch(/^whsec_/);
    expect(rotated.body.secret).not.toBe(made.body.secret);
    const other = await secondOrg(t.app, owner, 'Hooli');
    expect((await other.owner.post(`/api/v1/webhooks/${made.body.id}/secret`)).status).toBe(404);
    expect((await other.owner.post(`/api/v1/webhooks/${made.body.id}/deliveries/${failed.id}/retry`)).status).toBe(404);
    expect((await owner.post(`/api/v1/callbacks/deliveries/${failed.id}/retry`)).status).toBe(404); // not a callback delivery

    await worker.stop(); // hold the new attempt so the delivery is seen pending
    try {
      const again = await owner.post(`/api/v1/webhooks/${made.body.id}/deliveries/${failed.id}/retry`);
      expect(again.status).toBe(202);
      expect(again.body).toMatchObject({ id: failed.id, status: 'pending', attempts: 0 });
      const twice = await owner.post(`/api/v1/webhooks/${made.body.id}/deliveries/${failed.id}/retry`);
      expect(twice.status).toBe(409);
      expect(twice.body.error.code).toBe('delivery_pending');
    } finally {
      worker.start();
    }
    await until(() => hook.got.length === 2, 'the second delivery');
    await settled();
    expect(hook.got[1].json.id).toBe(failed.id);
    expect(hook.got[1].body).toBe(hook.got[0].body);
    expect(verify(rotated.body.secret, hook.got[1])).toBe(true);
    expect(verify(made.body.secret, hook.got[1])).toBe(false);
    expect((await deliveries(made.body.id))[0]).toMatchObject({ id: failed.id, status: 'delivered', attempts: 1, lastStatus: 200, lastError: null });
    await owner.request('DELETE', `/api/v1/webhooks/${made.body.id}`);
  });
});
