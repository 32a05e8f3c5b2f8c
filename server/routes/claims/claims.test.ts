import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, bootstrap, DB_KIND, SENTIMENT_SCHEMA, testApp, type Client, type TestApp } from '../../../test/harness.ts';

const LABELS = ['pos', 'neg', 'neutral'];

async function newProject(owner: Client, tasks: number, overlap: number, extra: Record<string, unknown> = {}) {
  const p = await owner.post('/api/v1/projects', { name: `p${Math.random()}`, schema: SENTIMENT_SCHEMA, overlapMin: overlap, overlapMax: overlap, ...extra });
  expect(p.status).toBe(201);
  const rows = Array.from({ length: tasks }, (_, i) => ({ uniqueId: `t${i}`, data: { text: `task ${i}` } }));
  const imp = await owner.post(`/api/v1/projects/${p.body.id}/tasks`, rows);
  expect(imp.body).toEqual({ created: tasks, duplicates: 0, total: tasks, batchId: null });
  return p.body.id as number;
}

/** Claims and submits until the queue answers 204; returns how many were submitted. */
async function drain(api: Client, projectId: number, pick: (taskId: number) => string) {
  let n = 0;
  for (;;) {
    const c = await api.post(`/api/v1/projects/${projectId}/claims`);
    if (c.status === 204) return n;
    expect(c.status).toBe(200);
    const s = await api.post(`/api/v1/claims/${c.body.claim.id}/submit`, { value: { sentiment: pick(c.body.task.id) }, activeMs: 1200 });
    expect(s.status).toBe(201);
    n++;
  }
}

describe(`queue (${DB_KIND})`, () => {
  let t: TestApp;
  let owner: Client;
  beforeAll(async () => {
    t = await testApp();
    ({ owner } = await bootstrap(t.app));
  });
  afterAll(() => t.close());

  it('three annotators label 200 tasks with overlap 3 end to end', async () => {
    const projectId = await newProject(owner, 200, 3);
    const annotators = await Promise.all([1, 2, 3].map((i) => addMember(t.app, owner, `a${i}@acme.test`)));
    // Annotator 3 disagrees on every task whose id is divisible by 5.
    const counts = await Promise.all(
      annotators.map((a, i) => drain(a.api, projectId, (taskId) => (i === 2 && taskId % 5 === 0 ? 'neg' : 'pos'))),
    );
    expect(counts).toEqual([200, 200, 200]);

    const exp = await owner.get(`/api/v1/projects/${projectId}/results?format=jsonl`);
    expect(exp.status).toBe(200);
    const lines = exp.text.trim().split('\n').map((l) => JSON.parse(l));
    expect(lines).toHaveLength(200);
    for (const line of lines) {
      expect(line.annotations).toHaveLength(3);
      expect(new Set(line.annotations.map((a: { userId: number }) => a.userId)).size).toBe(3);
      expect(line.result).toEqual({ sentiment: 'pos' });
      expect(line.confidence).toBeCloseTo(line.id % 5 === 0 ? 2 / 3 : 1, 6);
      // Still unsure at overlapMax (2/3 < the default target 0.8): the task waits for a reviewer.
      expect(line.status).toBe(line.id % 5 === 0 ? 'review' : 'done');
      for (const a of line.annotations) expect(a.activeMs).toBe(1200);
    }

    const stats = await owner.get(`/api/v1/projects/${projectId}/stats`);
    const unsure = lines.filter((l) => l.id % 5 === 0).length;
    expect(stats.body.tasks).toMatchObject({ open: 0, done: 200 - unsure, review: unsure, total: 200 });
    expect(stats.body.annotations).toBe(600);
    expect(stats.body.annotators.map((a: { annotations: number }) => a.annotations)).toEqual([200, 200, 200]);
    for (const bucket of ['hour', 'day']) {
      const timeline = (await owner.get(`/api/v1/projects/${projectId}/stats/timeline?bucket=${bucket}`)).body;
      const sum = (k: string) => timeline.items.reduce((s: number, i: Record<string, number>) => s + i[k], 0);
      expect([sum('annotations'), sum('tasksDone'), sum('reviews')]).toEqual([600, 200 - unsure, 0]);
      // Buckets are contiguous and oldest first, empty ones included.
      const step = bucket === 'hour' ? 3_600_000 : 86_400_000;
      const times = timeline.items.map((i: { at: string }) => new Date(i.at).getTime());
      for (let k = 1; k < times.length; k++) expect(times[k] - times[k - 1]).toBe(step);
    }

    const csv = await owner.get(`/api/v1/projects/${projectId}/results?format=csv`);
    expect(csv.headers['content-type']).toContain('text/csv');
    expect(csv.text.trim().split('\n')).toHaveLength(201);
  });

  it('50 concurrent claimers on 100 tasks with overlap 2: no over-claim, no user twice, nothing lost', async () => {
    const projectId = await newProject(owner, 100, 2);
    const workers = await Promise.all(Array.from({ length: 50 }, (_, i) => addMember(t.app, owner, `w${i}@acme.test`)));
    const done = await Promise.all(workers.map((w) => drain(w.api, projectId, () => LABELS[0])));
    expect(done.reduce((a, b) => a + b, 0)).toBe(200);
    const { rows } = await t.database.db
      .selectFrom('tasks')
      .select(['id', 'needed', 'submitted', 'active', 'status'])
      .where('project_id', '=', projectId)
      .execute()
      .then((rows) => ({ rows }));
    expect(rows).toHaveLength(100);
    for (const r of rows) expect(r).toMatchObject({ needed: 2, submitted: 2, active: 0, status: 'done' });
    const perTaskUsers = await t.database.db
      .selectFrom('annotations')
      .select(['task_id', (eb) => eb.fn.count<number>('user_id').distinct().as('users'), (eb) => eb.fn.countAll<number>().as('n')])
      .where('project_id', '=', projectId)
      .groupBy('task_id')
      .execute();
    expect(perTaskUsers).toHaveLength(100);
    for (const r of perTaskUsers) expect([Number(r.users), Number(r.n)]).toEqual([2, 2]);
  });

  it('an expired lease is re-offered to someone else, and its late submit is refused once the slot is taken', async () => {
    const projectId = await newProject(owner, 1, 1, { leaseSeconds: 5 });
    const [a, b] = await Promise.all([addMember(t.app, owner, 'lease-a@acme.test'), addMember(t.app, owner, 'lease-b@acme.test')]);
    const first = await a.api.post(`/api/v1/projects/${projectId}/claims`);
    expect(first.status).toBe(200);
    expect((await b.api.post(`/api/v1/projects/${projectId}/claims`)).status).toBe(204);
    // Let the lease run out without waiting: move it into the past.
    await t.database.db.updateTable('claims').set({ lease_until: new Date(Date.now() - 1000) }).where('id', '=', first.body.claim.id).execute();
    const second = await b.api.post(`/api/v1/projects/${projectId}/claims`);
    expect(second.status).toBe(200);
    expect(second.body.task.id).toBe(first.body.task.id);
    const late = await a.api.post(`/api/v1/claims/${first.body.claim.id}/submit`, { value: { sentiment: 'pos' } });
    expect(late.status).toBe(409);
    expect(late.body.error.code).toBe('lease_expired');
    const hb = await a.api.post(`/api/v1/claims/${first.body.claim.id}/heartbeat`);
    expect(hb.body.error.code).toBe('lease_expired');
    expect((await b.api.post(`/api/v1/claims/${second.body.claim.id}/submit`, { value: { sentiment: 'neg' } })).status).toBe(201);
  });

  it('an expired claim whose slot is still free is accepted; submit is idempotent', async () => {
    const projectId = await newProject(owner, 1, 1);
    const a = await addMember(t.app, owner, 'idem@acme.test');
    const c = await a.api.post(`/api/v1/projects/${projectId}/claims`);
    await t.database.db.updateTable('claims').set({ lease_until: new Date(Date.now() - 1000) }).where('id', '=', c.body.claim.id).execute();
    const s1 = await a.api.post(`/api/v1/claims/${c.body.claim.id}/submit`, { value: { sentiment: 'neutral' } });
    expect(s1.status).toBe(201);
    const s2 = await a.api.post(`/api/v1/claims/${c.body.claim.id}/submit`, { value: { sentiment: 'neutral' } });
    expect(s2.status).toBe(200);
    expect(s2.body.replayed).toBe(true);
    expect(s2.body.annotation.id).toBe(s1.body.annotation.id);
    const count = await t.database.db.selectFrom('annotations').select((eb) => eb.fn.countAll<number>().as('n')).where('task_id', '=', c.body.task.id).executeTakeFirstOrThrow();
    expect(Number(count.n)).toBe(1);
  });

  it('heartbeat extends the lease; skip gives the task to others but never back to the skipper', async () => {
    const projectId = await newProject(owner, 1, 1, { leaseSeconds: 60 });
    const [a, b] = await Promise.all([addMember(t.app, owner, 'hb-a@acme.test'), addMember(t.app, owner, 'hb-b@acme.test')]);
    const c = await a.api.post(`/api/v1/projects/${projectId}/claims`);
    const before = new Date(c.body.claim.leaseUntil).getTime();
    await new Promise((r) => setTimeout(r, 20));
    const hb = await a.api.post(`/api/v1/claims/${c.body.claim.id}/heartbeat`);
    expect(hb.status).toBe(200);
    expect(new Date(hb.body.leaseUntil).getTime()).toBeGreaterThan(before);
    const skip = await a.api.post(`/api/v1/claims/${c.body.claim.id}/skip`, { reason: 'unreadable' });
    expect(skip.body).toEqual({ claimId: c.body.claim.id, status: 'skipped' });
    expect((await a.api.post(`/api/v1/projects/${projectId}/claims`)).status).toBe(204);
    expect((await b.api.post(`/api/v1/projects/${projectId}/claims`)).status).toBe(200);
    const task = await owner.get(`/api/v1/tasks/${c.body.task.id}`);
    expect(task.body.skips).toMatchObject([{ userId: a.id, userName: 'hb-a', stage: 'label', reason: 'unreadable' }]);
  });

  it('release gives a lease back unseen: the slot returns and the same user may get the task again', async () => {
    const projectId = await newProject(owner, 1, 1);
    const a = await addMember(t.app, owner, 'release@acme.test');
    const c = await a.api.post(`/api/v1/projects/${projectId}/claims`);
    const mine = await a.api.get(`/api/v1/projects/${projectId}/claims/mine`);
    expect(mine.body.items).toEqual([{ claim: { id: c.body.claim.id, leaseUntil: c.body.claim.leaseUntil, taskId: c.body.task.id }, task: { id: c.body.task.id, data: c.body.task.data } }]);
    const rel = await a.api.post(`/api/v1/claims/${c.body.claim.id}/release`);
    expect(rel.body).toEqual({ claimId: c.body.claim.id, status: 'released' });
    expect((await a.api.get(`/api/v1/projects/${projectId}/claims/mine`)).body.items).toEqual([]);
    expect((await a.api.post(`/api/v1/claims/${c.body.claim.id}/submit`, { value: { sentiment: 'pos' } })).status).toBe(404);
    const again = await a.api.post(`/api/v1/projects/${projectId}/claims`);
    expect(again.status).toBe(200);
    expect(again.body.task.id).toBe(c.body.task.id);
  });

  it('dynamic overlap asks for more annotators while unsure, up to overlapMax', async () => {
    const projectId = await newProject(owner, 1, 2, { overlapMax: 4, targetConfidence: 0.7 });
    const ws = await Promise.all([1, 2, 3, 4, 5].map((i) => addMember(t.app, owner, `dyn${i}@acme.test`)));
    const answers = ['pos', 'neg', 'pos', 'pos'];
    for (let i = 0; i < 4; i++) {
      const c = await ws[i].api.post(`/api/v1/projects/${projectId}/claims`);
      expect(c.status).toBe(200);
      await ws[i].api.post(`/api/v1/claims/${c.body.claim.id}/submit`, { value: { sentiment: answers[i] } });
    }
    // 1:1 after two (0.5 < 0.7: needed 3), 2:1 after three (0.67: needed 4), 3:1 after four = 0.75: done.
    expect((await ws[4].api.post(`/api/v1/projects/${projectId}/claims`)).status).toBe(204);
    const task = await t.database.db.selectFrom('tasks').selectAll().where('project_id', '=', projectId).executeTakeFirstOrThrow();
    expect(task).toMatchObject({ needed: 4, submitted: 4, status: 'done' });
  });

  it('a project paused after work began refuses the next claim with 409; active again, claims resume', async () => {
    const projectId = await newProject(owner, 3, 1);
    const a = await addMember(t.app, owner, 'pause@acme.test');
    expect((await a.api.post(`/api/v1/projects/${projectId}/claims`)).status).toBe(200);
    expect((await owner.patch(`/api/v1/projects/${projectId}`, { status: 'paused' })).status).toBe(200);
    const refused = await a.api.post(`/api/v1/projects/${projectId}/claims`);
    expect(refused.status).toBe(409);
    expect(refused.body.error.code).toBe('project_not_active');
    expect((await owner.patch(`/api/v1/projects/${projectId}`, { status: 'active' })).status).toBe(200);
    expect((await a.api.post(`/api/v1/projects/${projectId}/claims`)).status).toBe(200);
  });

  it('a gold rate raised after work began reaches the draws within one claim', async () => {
    const p = await owner.post('/api/v1/projects', { name: 'late gold', schema: SENTIMENT_SCHEMA, overlapMin: 1, overlapMax: 1 });
    const rows = [
      ...Array.from({ length: 5 }, (_, i) => ({ data: { text: `normal ${i}` } })),
      { data: { text: 'gold 1' }, gold: { sentiment: 'pos' } },
    ];
    expect((await owner.post(`/api/v1/projects/${p.body.id}/tasks`, rows)).status).toBe(201);
    const a = await addMember(t.app, owner, 'late-gold@acme.test');
    const claim = async () => (await a.api.post(`/api/v1/projects/${p.body.id}/claims`)).body.task.data.text as string;
    expect(await claim()).toMatch(/^normal/); // gold rate 0: never gold
    expect((await owner.patch(`/api/v1/projects/${p.body.id}`, { goldRate: 1 })).status).toBe(200);
    // The next claim learns the new rate (its own draw may still use the old one); the one after draws gold.
    expect([await claim(), await claim()]).toContain('gold 1');
  });

  it('rejects a wrong annotation with 422 naming the field', async () => {
    const projectId = await newProject(owner, 1, 1);
    const a = await addMember(t.app, owner, 'bad-ann@acme.test');
    const c = await a.api.post(`/api/v1/projects/${projectId}/claims`);
    const res = await a.api.post(`/api/v1/claims/${c.body.claim.id}/submit`, { value: { sentiment: 'maybe' } });
    expect(res.status).toBe(422);
    expect(res.body.error).toMatchObject({ code: 'invalid_annotation', field: 'sentiment' });
    expect(res.body.error.message).toContain('maybe');
  });
});
