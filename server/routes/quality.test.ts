import { sql } from 'kysely';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, bootstrap, DB_KIND, SENTIMENT_SCHEMA, testApp, type Client, type TestApp } from '../../test/harness.ts';
import { OutboxWorker } from '../outbox/worker.ts';
import { jobHandlers } from '../outbox/handlers.ts';

describe(`quality engine over the API (${DB_KIND})`, () => {
  let t: TestApp;
  let owner: Client;
  beforeAll(async () => {
    t = await testApp();
    ({ owner } = await bootstrap(t.app));
  });
  afterAll(() => t.close());

  async function project(settings: Record<string, unknown>, tasks: unknown[]) {
    const p = await owner.post('/api/v1/projects', { name: `q${Math.random()}`, schema: SENTIMENT_SCHEMA, ...settings });
    expect(p.status, p.text).toBe(201);
    const imp = await owner.post(`/api/v1/projects/${p.body.id}/tasks`, tasks);
    expect(imp.status, imp.text).toBe(201);
    return p.body.id as number;
  }

  async function labelNext(api: Client, projectId: number, answer: (data: any) => string) {
    const c = await api.post(`/api/v1/projects/${projectId}/claims`);
    if (c.status !== 200) return c;
    const s = await api.post(`/api/v1/claims/${c.body.claim.id}/submit`, { value: { sentiment: answer(c.body.task.data) } });
    expect(s.status, s.text).toBe(201);
    return c;
  }

  it('gold tasks are injected, scored, and pause an annotator below the bar with a readable reason', async () => {
    const gold = [1, 2, 3].map((i) => ({ data: { text: `gold ${i}`, truth: 'pos' }, gold: { sentiment: 'pos' } }));
    const normal = Array.from({ length: 5 }, (_, i) => ({ data: { text: `normal ${i}` } }));
    const id = await project({ goldRate: 1, goldMinSeen: 2, goldMinAccuracy: 0.6 }, [...gold, ...normal]);
    const good = await addMember(t.app, owner, 'good@acme.test');
    const bad = await addMember(t.app, owner, 'bad@acme.test');
    // goldRate 1: every claim is a gold task until the user has seen them all.
    for (let i = 0; i < 3; i++) {
      const c = await labelNext(good.api, id, () => 'pos');
      expect(c.body.task.data.text).toMatch(/^gold/);
    }
    await labelNext(bad.api, id, () => 'neg');
    await labelNext(bad.api, id, () => 'neg');
    const paused = await bad.api.post(`/api/v1/projects/${id}/claims`);
    expect(paused.status).toBe(403);
    expect(paused.body.error.code).toBe('annotator_paused');
    expect(paused.body.error.reason).toContain('0 of 2 check tasks');
    // The good annotator has seen every gold task: normal work follows.
    const next = await good.api.post(`/api/v1/projects/${id}/claims`);
    expect(next.body.task.data.text).toMatch(/^normal/);

    const annotators = (await owner.get(`/api/v1/projects/${id}/annotators`)).body.items;
    const byEmail = Object.fromEntries(annotators.map((a: { email: string }) => [a.email, a]));
    expect(byEmail['good@acme.test']).toMatchObject({ goldSeen: 3, goldCorrect: 3, goldAccuracy: 1, state: 'active' });
    expect(byEmail['bad@acme.test']).toMatchObject({ goldSeen: 2, goldCorrect: 0, goldAccuracy: 0, state: 'paused' });

    const unpause = await owner.patch(`/api/v1/projects/${id}/annotators/${bad.id}`, { state: 'active' });
    expect(unpause.status).toBe(200);
    expect((await bad.api.post(`/api/v1/projects/${id}/claims`)).status).toBe(200);

    // Gold stays out of exports unless asked for.
    const plain = (await owner.get(`/api/v1/projects/${id}/results`)).text.trim().split('\n');
    expect(plain).toHaveLength(5);
    const withGold = (await owner.get(`/api/v1/projects/${id}/results?gold=true`)).text.trim().split('\n');
    expect(withGold).toHaveLength(8);
    expect(JSON.parse(withGold[0]).gold).toEqual({ sentiment: 'pos' });
  });

  it('review: low confidence at overlapMax and review_rate send tasks to reviewers, who accept, reject or fix', async () => {
    const id = await project({ overlapMin: 1, overlapMax: 1, reviewRate: 1 }, [{ data: { text: 'a' } }, { data: { text: 'b' } }, { data: { text: 'c' } }]);
    const ann = await addMember(t.app, owner, 'rev-ann@acme.test');
    const reviewer = await addMember(t.app, owner, 'reviewer@acme.test', 'reviewer');
    for (let i = 0; i < 3; i++) await labelNext(ann.api, id, () => 'neg');
    expect((await owner.get(`/api/v1/projects/${id}/stats`)).body.tasks.review).toBe(3);
    // Annotators cannot review, and nobody reviews their own work.
    expect((await ann.api.post(`/api/v1/projects/${id}/reviews/claims`)).status).toBe(403);
    const ownerClaim = await owner.post(`/api/v1/projects/${id}/reviews/claims`);
    expect(ownerClaim.status).toBe(200);

    const r1 = await reviewer.api.post(`/api/v1/projects/${id}/reviews/claims`);
    expect(r1.status).toBe(200);
    expect(r1.body.annotations).toHaveLength(1);
    expect(r1.body.annotations[0].value).toEqual({ sentiment: 'neg' });
    const bad = await reviewer.api.post(`/api/v1/reviews/${r1.body.claim.id}/submit`, { verdict: 'fix', value: { sentiment: 'meh' } });
    expect(bad.status).toBe(422);
    const fix = await reviewer.api.post(`/api/v1/reviews/${r1.body.claim.id}/submit`, { verdict: 'fix', value: { sentiment: 'pos' }, comment: 'clearly positive' });
    expect(fix.status).toBe(201);
    const fixed = await owner.get(`/api/v1/tasks/${r1.body.task.id}`);
    expect(fixed.body.status).toBe('done');
    expect(fixed.body.result).toMatchObject({ value: { sentiment: 'pos' }, confidence: 1, method: 'review' });
    // Per field too, with what the annotators' votes showed kept.
    expect(fixed.body.result.fields.sentiment).toMatchObject({ value: 'pos', confidence: 1, method: 'review' });
    expect(fixed.body.result.fields.sentiment.votes).toEqual({ neg: 1 });
    expect(fixed.body.reviews).toMatchObject([{ verdict: 'fix', value: { sentiment: 'pos' }, comment: 'clearly positive', reviewerName: 'reviewer' }]);

    const r2 = await reviewer.api.post(`/api/v1/projects/${id}/reviews/claims`);
    expect((await reviewer.api.post(`/api/v1/reviews/${r2.body.claim.id}/submit`, { verdict: 'reject', comment: 'wrong' })).status).toBe(201);
    const rejected = await owner.get(`/api/v1/tasks/${r2.body.task.id}`);
    expect(rejected.body).toMatchObject({ status: 'open', needed: 2, submitted: 1 });

    // A review lease that runs out puts the task back in the review queue.
    expect((await reviewer.api.post(`/api/v1/projects/${id}/reviews/claims`)).status).toBe(204);
    await t.database.db.updateTable('claims').set({ lease_until: new Date(Date.now() - 1000) }).where('id', '=', ownerClaim.body.claim.id).execute();
    const r3 = await reviewer.api.post(`/api/v1/projects/${id}/reviews/claims`);
    expect(r3.status).toBe(200);
    expect(r3.body.task.id).toBe(ownerClaim.body.task.id);
    const accept = await reviewer.api.post(`/api/v1/reviews/${r3.body.claim.id}/submit`, { verdict: 'accept' });
    expect(accept.status).toBe(201);
    const again = await reviewer.api.post(`/api/v1/reviews/${r3.body.claim.id}/submit`, { verdict: 'accept' });
    expect(again.body.replayed).toBe(true);
    expect((await owner.get(`/api/v1/tasks/${r3.body.task.id}`)).body.status).toBe('done');
    const timeline = (await owner.get(`/api/v1/projects/${id}/stats/timeline?bucket=day`)).body.items;
    const total = (k: string) => timeline.reduce((s: number, i: Record<string, number>) => s + i[k], 0);
    // Three verdicts; the fixed and the accepted task were completed by their review.
    expect([total('annotations'), total('reviews'), total('tasksDone')]).toEqual([3, 3, 2]);
    expect((await reviewer.api.post(`/api/v1/projects/${id}/reviews/claims`)).status).toBe(204);
  });

  it('predictions are imported, validated and served with the claim', async () => {
    const id = await project({}, [{ data: { text: 'p' }, predictions: [{ model: 'm1', value: { sentiment: 'pos' }, score: 0.9 }] }]);
    const bad = await owner.post(`/api/v1/projects/${id}/tasks`, [{ data: { text: 'x' } }, { data: { text: 'y' }, predictions: [{ model: 'm', value: { sentiment: 'nope' } }] }]);
    expect(bad.status).toBe(422);
    expect(bad.body.error).toMatchObject({ code: 'invalid_task', line: 2 });
    const ann = await addMember(t.app, owner, 'pred@acme.test');
    const c = await ann.api.post(`/api/v1/projects/${id}/claims`);
    expect(c.body.task.predictions).toEqual([{ model: 'm1', value: { sentiment: 'pos' }, score: 0.9 }]);
  });

  it('submissions ask for a background refit; the worker fits Dawid-Skene and results carry its posterior', async () => {
    const tasks = Array.from({ length: 30 }, (_, i) => ({ data: { text: `t${i}`, truth: i % 2 ? 'pos' : 'neg' } }));
    const id = await project({ overlapMin: 3, overlapMax: 3, aggregation: 'ds', targetConfidence: 0.5 }, tasks);
    const crowd = await Promise.all(['r1', 'r2', 'r3'].map((n) => addMember(t.app, owner, `${n}@ds.test`)));
    // Two careful annotators, one who always says "neutral".
    const answer = [(d: any) => d.truth, (d: any) => d.truth, () => 'neutral'];
    for (let i = 0; i < 3; i++) while ((await labelNext(crowd[i].api, id, answer[i])).status === 200);
    // 90 submissions, one pending refit job for this project.
    const jobs = await t.database.db.selectFrom('outbox').select(['kind', 'payload']).where('done_at', 'is', null).where('dedupe_key', '=', `refit:${id}`).execute();
    expect(jobs).toEqual([{ kind: 'refit', payload: { projectId: id } }]);
    await sql`update outbox set run_at = now()`.execute(t.database.db);
    const worker = new OutboxWorker(t.database.db, jobHandlers(t.database.db));
    expect(await worker.drain()).toBeGreaterThanOrEqual(1);
    const failed = await t.database.db.selectFrom('outbox').select('last_error').where('last_error', 'is not', null).execute();
    expect(failed).toEqual([]);
    const stats = (await owner.get(`/api/v1/projects/${id}/stats`)).body;
    expect(stats.quality.models).toMatchObject([{ field: 'sentiment', method: 'ds', answers: 90 }]);
    const spammer = stats.annotators.find((a: { email: string }) => a.email === 'r3@ds.test');
    const careful = stats.annotators.find((a: { email: string }) => a.email === 'r1@ds.test');
    expect(careful.estimatedAccuracy).toBeGreaterThan(0.9);
    expect(spammer.estimatedAccuracy).toBeLessThan(0.1);
    expect(stats.quality.agreement.sentiment).toMatchObject({ level: 'nominal', units: 30 });
    const lines = (await owner.get(`/api/v1/projects/${id}/results`)).text.trim().split('\n').map((l) => JSON.parse(l));
    for (const l of lines) {
      expect(l.method).toBe('ds');
      expect(l.result.sentiment).toBe(l.data.truth);
      expect(l.confidence).toBeGreaterThan(2 / 3);
    }
  });
});
