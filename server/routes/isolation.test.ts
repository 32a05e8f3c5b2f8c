import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { addMember, bootstrap, DB_KIND, SENTIMENT_SCHEMA, secondOrg, testApp, type Client, type TestApp } from '../../test/harness.ts';

describe(`walls between orgs (${DB_KIND})`, () => {
  let t: TestApp;
  let a: Client;
  let b: Client;
  let ids: { project: number; task: number; claim: number; member: number };

  beforeAll(async () => {
    t = await testApp();
    const boot = await bootstrap(t.app);
    a = boot.owner;
    b = (await secondOrg(t.app, a, 'Competitor')).owner;
    const p = await a.post('/api/v1/projects', { name: 'Secret', schema: SENTIMENT_SCHEMA });
    await a.post(`/api/v1/projects/${p.body.id}/tasks`, [{ data: { text: 'confidential' } }, { data: { text: 'also confidential' } }]);
    const worker = await addMember(t.app, a, 'worker@acme.test');
    const c = await worker.api.post(`/api/v1/projects/${p.body.id}/claims`);
    ids = { project: p.body.id, task: c.body.task.id, claim: c.body.claim.id, member: worker.id };
  });
  afterAll(() => t.close());

  it("org B's token gets 404 on every org A resource route, never its data", async () => {
    const routes: Array<[string, string, unknown?]> = [
      ['GET', `/api/v1/projects/${ids.project}`],
      ['PATCH', `/api/v1/projects/${ids.project}`, { name: 'pwned' }],
      ['POST', `/api/v1/projects/${ids.project}/tasks`, [{ data: { text: 'injected' } }]],
      ['GET', `/api/v1/projects/${ids.project}/tasks`],
      ['GET', `/api/v1/tasks/${ids.task}`],
      ['POST', `/api/v1/projects/${ids.project}/claims`],
      ['POST', `/api/v1/claims/${ids.claim}/heartbeat`],
      ['POST', `/api/v1/claims/${ids.claim}/submit`, { value: { sentiment: 'pos' } }],
      ['POST', `/api/v1/claims/${ids.claim}/skip`, {}],
      ['GET', `/api/v1/projects/${ids.project}/results?format=jsonl`],
      ['GET', `/api/v1/projects/${ids.project}/stats`],
      ['POST', `/api/v1/members/${ids.member}/tokens`, {}],
    ];
    for (const [method, url, body] of routes) {
      const r = await b.request(method, url, body);
      expect(r.status, `${method} ${url}`).toBe(404);
      expect(r.body.error.code).toBe('not_found');
      expect(r.text).not.toContain('confidential');
    }
    expect((await b.get('/api/v1/projects')).body.items).toEqual([]);
    expect((await b.get('/api/v1/members')).body.items.map((m: { email: string }) => m.email)).toEqual(['owner@acme.test']);
    // Nothing B did changed A's data.
    const mine = await a.get(`/api/v1/projects/${ids.project}`);
    expect(mine.body.name).toBe('Secret');
    const tasks = await a.get(`/api/v1/projects/${ids.project}/tasks`);
    expect(tasks.body.items).toHaveLength(2);
  });

  it("org B's claim on org A's project runs nothing there: not even the lease reaper", async () => {
    // A's lease has expired; A's own next claim would reap it. B's claim must answer 404 before touching it.
    await sql`update claims set lease_until = now() - interval '1 minute' where id = ${ids.claim}`.execute(t.database.db);
    await new Promise((r) => setTimeout(r, 1_100)); // past the reaper's once-a-second throttle
    const r = await b.post(`/api/v1/projects/${ids.project}/claims`);
    expect(r.status).toBe(404);
    const claim = await t.database.db.selectFrom('claims').select('status').where('id', '=', ids.claim).executeTakeFirstOrThrow();
    expect(claim.status).toBe('active');
    await sql`update claims set lease_until = now() + interval '10 minutes' where id = ${ids.claim}`.execute(t.database.db);
  });

  it('roles are enforced inside an org', async () => {
    const annotator = await addMember(t.app, a, 'low@acme.test', 'annotator');
    const r = await annotator.api.post('/api/v1/projects', { name: 'x', schema: SENTIMENT_SCHEMA });
    expect(r.status).toBe(403);
    expect(r.body.error.code).toBe('forbidden');
    expect((await annotator.api.get(`/api/v1/projects/${ids.project}/results`)).status).toBe(403);
    expect((await annotator.api.post('/api/v1/members', { email: 'x@y.test', role: 'owner' })).status).toBe(403);
  });

  it('bootstrap refuses once an org exists, and requests without a token get 401', async () => {
    const again = await t.app.inject({ method: 'POST', url: '/api/v1/orgs/bootstrap', payload: { org: 'X', email: 'x@x.test', password: 'longenough' } });
    expect(again.statusCode).toBe(409);
    expect(again.json().error.code).toBe('already_bootstrapped');
    const anon = await t.app.inject({ method: 'GET', url: '/api/v1/projects' });
    expect(anon.statusCode).toBe(401);
    const bad = await t.app.inject({ method: 'GET', url: '/api/v1/projects', headers: { authorization: 'Bearer tly_nope' } });
    expect(bad.json().error.code).toBe('unauthorized');
  });
});

describe(`members (${DB_KIND})`, () => {
  let t: TestApp;
  let a: Client;
  beforeAll(async () => {
    t = await testApp();
    a = (await bootstrap(t.app)).owner;
  });
  afterAll(() => t.close());

  it('changes roles, keeps an owner, and removing a member revokes their access', async () => {
    const m = await addMember(t.app, a, 'mover@acme.test', 'annotator');
    const up = await a.patch(`/api/v1/members/${m.id}`, { role: 'manager' });
    expect(up.body).toEqual({ id: m.id, role: 'manager' });
    const list = (await a.get('/api/v1/members')).body.items;
    expect(list.find((x: { id: number }) => x.id === m.id)).toMatchObject({ role: 'manager', createdAt: expect.any(String) });
    const me = (await a.get('/api/v1/me')).body.user.id;
    const last = await a.patch(`/api/v1/members/${me}`, { role: 'admin' });
    expect(last.status).toBe(409);
    expect(last.body.error.code).toBe('last_owner');
    const gone = await a.request('DELETE', `/api/v1/members/${m.id}`);
    expect(gone.body).toEqual({ id: m.id, removed: true });
    expect((await m.api.get('/api/v1/projects')).status).toBe(401);
  });
});
