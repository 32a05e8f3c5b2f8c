import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { addMember, bootstrap, SENTIMENT_SCHEMA, secondOrg, testApp, type Client, type TestApp } from '../../../test/harness.ts';
import { inTransaction } from '../../db/transaction.ts';
import { appendAudit, auditHash } from '../../db/queries/append-audit.ts';

const PAY = { currency: 'USD', pieceRateMinor: 50, hourlyFloorMinor: 1500 };

/** Every entry of the caller's org, oldest first, walking the pages newest first. */
async function allEntries(api: Client, query = '') {
  const out: any[] = [];
  let cursor: number | null = null;
  for (;;) {
    const res = await api.get(`/api/v1/audit?limit=3${query}${cursor ? `&cursor=${cursor}` : ''}`);
    expect(res.status).toBe(200);
    out.push(...res.body.items);
    cursor = res.body.nextCursor;
    if (cursor === null) return out.reverse();
  }
}

describe('audit log', () => {
  let t: TestApp;
  let owner: Client;
  let orgId: number;
  let ownerId: number;

  beforeAll(async () => {
    t = await testApp();
    const b = await bootstrap(t.app);
    owner = b.owner;
    orgId = b.orgId;
    ownerId = b.userId;
  });
  afterAll(() => t.close());

  it('records administrative actions with actor, target and details, in one unbroken chain', async () => {
    const p = await owner.post('/api/v1/projects', { name: 'Audited', schema: SENTIMENT_SCHEMA, pay: PAY });
    expect(p.status).toBe(201);
    const pid = p.body.id;
    expect((await owner.patch(`/api/v1/projects/${pid}`, { name: 'Audited 2', goldRate: 0.1 })).status).toBe(200);
    const m = await owner.post('/api/v1/members', { email: 'ann@acme.test', role: 'annotator' });
    expect(m.status).toBe(201);
    expect((await owner.patch(`/api/v1/members/${m.body.id}`, { role: 'reviewer' })).status).toBe(200);
    const tok = await owner.post(`/api/v1/members/${m.body.id}/tokens`, { name: 'ci' });
    expect(tok.status).toBe(201);
    expect((await owner.request('DELETE', `/api/v1/tokens/${tok.body.id}`)).status).toBe(200);
    expect((await owner.request('DELETE', `/api/v1/tokens/${tok.body.id}`)).status).toBe(200); // already revoked: nothing new to record
    const w = await owner.post('/api/v1/webhooks', { url: 'https://example.com/hook', events: ['task.completed'] });
    expect(w.status).toBe(201);
    expect((await owner.patch(`/api/v1/webhooks/${w.body.id}`, { events: ['task.completed', 'import.completed'] })).status).toBe(200);
    expect((await owner.post(`/api/v1/webhooks/${w.body.id}/secret`)).status).toBe(201);
    expect((await owner.request('DELETE', `/api/v1/webhooks/${w.body.id}`)).status).toBe(204);
    const cb = await owner.post('/api/v1/callbacks/secret');
    expect(cb.status).toBe(201);
    const imp = await owner.post(`/api/v1/projects/${pid}/tasks?batch=first`, [{ uniqueId: 'a', data: { text: 'x' } }, { uniqueId: 'a', data: { text: 'dup' } }, { data: { text: 'y' } }]);
    expect(imp.status).toBe(201);
    expect((await owner.post(`/api/v1/projects/${pid}/pay/bonuses`, { userId: m.body.id, amountMinor: 250 })).status).toBe(201);
    const to = new Date(Date.now() - 1000);
    const settled = await owner.post(`/api/v1/projects/${pid}/pay/settle`, { from: new Date(to.getTime() - 3_600_000).toISOString(), to: to.toISOString() });
    expect(settled.status).toBe(201);
    expect((await owner.post(`/api/v1/projects/${pid}/pay/settle`, { from: new Date(to.getTime() - 3_600_000).toISOString(), to: to.toISOString() })).status).toBe(200); // a replay records nothing
    const exp = await owner.get(`/api/v1/projects/${pid}/results?format=csv&status=done`);
    expect(exp.status).toBe(200);
    expect((await owner.request('DELETE', `/api/v1/members/${m.body.id}`)).status).toBe(200);

    const entries = await allEntries(owner);
    expect(entries.map((e) => e.action)).toEqual([
      'org.create',
      'token.issue',
      'project.create',
      'project.update',
      'member.add',
      'member.role_change',
      'token.issue',
      'token.revoke',
      'webhook.create',
      'webhook.update',
      'webhook.rotate_secret',
      'webhook.delete',
      'callback.rotate_secret',
      'tasks.import',
      'pay.bonus',
      'pay.settle',
      'results.export',
      'member.remove',
    ]);
    for (const e of entries) {
      expect(e.orgId).toBe(orgId);
      expect(e.actor).toBe(ownerId);
      expect(Date.now() - new Date(e.at).getTime()).toBeLessThan(120_000);
    }
    expect(entries[0]).toMatchObject({ target: `org:${orgId}`, details: { name: 'Acme', ownerId } });
    expect(entries[1].details).toMatchObject({ userId: ownerId });
    const by = Object.fromEntries(entries.slice(2).map((e) => [e.action, e]));
    expect(by['project.create']).toMatchObject({ target: `project:${pid}`, details: { name: 'Audited' } });
    expect(by['project.update']).toMatchObject({ target: `project:${pid}`, details: { keys: ['goldRate', 'name'] } });
    expect(by['member.add']).toMatchObject({ target: `user:${m.body.id}`, details: { role: 'annotator' } });
    expect(by['member.role_change'].details).toEqual({ from: 'annotator', to: 'reviewer' });
    expect(by['token.issue']).toMatchObject({ target: `token:${tok.body.id}`, details: { userId: m.body.id, prefix: tok.body.prefix } });
    expect(by['token.revoke'].target).toBe(`token:${tok.body.id}`);
    expect(JSON.stringify(entries)).not.toContain(tok.body.token);
    expect(JSON.stringify(entries)).not.toContain(w.body.secret);
    expect(JSON.stringify(entries)).not.toContain(cb.body.secret);
    expect(by['webhook.create']).toMatchObject({ target: `webhook:${w.body.id}`, details: { url: 'https://example.com/hook', events: ['task.completed'] } });
    expect(by['webhook.update'].details).toEqual({ keys: ['events'], events: ['task.completed', 'import.completed'] });
    expect(by['webhook.delete'].details).toEqual({ url: 'https://example.com/hook' });
    expect(by['callback.rotate_secret'].target).toBe(`org:${orgId}`);
    expect(by['tasks.import']).toMatchObject({ target: `project:${pid}`, details: { created: 2, duplicates: 1, total: 3, batch: 'first', batchId: imp.body.batchId } });
    expect(by['pay.bonus'].details).toMatchObject({ userId: m.body.id, amountMinor: 250, currency: 'USD' });
    expect(by['pay.settle'].details).toMatchObject({ settlementId: settled.body.settlement.id, currency: 'USD', to: to.toISOString() });
    expect(by['results.export'].details).toEqual({ format: 'csv', status: 'done', gold: false });
    expect(by['member.remove'].details).toEqual({ role: 'reviewer' });

    // The chain: each entry points at the one before it and hashes to its own hash (canonical form of docs/api.md).
    expect(entries[0].prevHash).toBeNull();
    entries.forEach((e, i) => {
      if (i > 0) expect(e.prevHash).toBe(entries[i - 1].hash);
      const { orgId: org_id, id, actor, action, target, details, at } = e;
      expect(auditHash(e.prevHash, { org_id, id, actor, action, target, details, at })).toBe(e.hash);
    });
    expect((await owner.get('/api/v1/audit/verify')).body).toEqual({ ok: true, entries: entries.length });
  });

  it('filters by action, actor and target', async () => {
    const p = await owner.post('/api/v1/projects', { name: 'Filtered', schema: SENTIMENT_SCHEMA });
    await owner.patch(`/api/v1/projects/${p.body.id}`, { name: 'Filtered 2' });
    const byTarget = await allEntries(owner, `&target=project:${p.body.id}`);
    expect(byTarget.map((e) => e.action)).toEqual(['project.create', 'project.update']);
    const byAction = await allEntries(owner, '&action=project.update');
    expect(byAction.length).toBeGreaterThanOrEqual(2);
    expect(byAction.every((e) => e.action === 'project.update')).toBe(true);
    expect(await allEntries(owner, `&actor=${ownerId + 1000}`)).toEqual([]);
    expect((await allEntries(owner, `&actor=${ownerId}`)).length).toBe((await allEntries(owner)).length);
  });

  it('writes no entry for a change that rolled back', async () => {
    const before = await allEntries(owner);
    // A failed import rolls back its tasks and its entry together.
    const p = await owner.post('/api/v1/projects', { name: 'Rollback', schema: SENTIMENT_SCHEMA });
    const bad = await owner.post(`/api/v1/projects/${p.body.id}/tasks`, [{ data: { text: 'ok' } }, { nodata: true }]);
    expect(bad.status).toBe(422);
    // An entry appended and then rolled back by a later failure in the same transaction.
    await expect(
      inTransaction(t.database.db, async (trx) => {
        await trx.updateTable('projects').set({ name: 'never' }).where('id', '=', p.body.id).execute();
        await appendAudit(trx, { orgId, actor: ownerId, action: 'project.update', target: `project:${p.body.id}`, details: { keys: ['name'] } });
        throw new Error('fails after the audit write');
      }),
    ).rejects.toThrow('fails after the audit write');
    const after = await allEntries(owner);
    expect(after.map((e) => e.action)).toEqual([...before.map((e) => e.action), 'project.create']);
    expect((await owner.get(`/api/v1/projects/${p.body.id}`)).body.name).toBe('Rollback');
    // The rolled-back entry used up an id, not a place in the chain.
    await owner.patch(`/api/v1/projects/${p.body.id}`, { name: 'Rollback 2' });
    expect((await owner.get('/api/v1/audit/verify')).body).toEqual({ ok: true, entries: after.length + 1 });
  });

  it('keeps one unbroken chain under concurrent changes in one org', async () => {
    // Ten projects, so the updates do not wait on each other's row lock: only the audit lock orders them.
    const ids: number[] = [];
    for (let i = 0; i < 10; i++) ids.push((await owner.post('/api/v1/projects', { name: `Raced ${i}`, schema: SENTIMENT_SCHEMA })).body.id);
    const results = await Promise.all(ids.map((id) => owner.patch(`/api/v1/projects/${id}`, { name: `Raced ${id}` })));
    expect(results.map((r) => r.status)).toEqual(Array(10).fill(200));
    const entries = await allEntries(owner);
    expect(entries.filter((e) => ids.some((id) => e.target === `project:${id}`) && e.action === 'project.update')).toHaveLength(10);
    const prevs = entries.map((e) => e.prevHash);
    expect(new Set(prevs).size).toBe(prevs.length); // no fork: no two entries follow the same one
    const v = await owner.get('/api/v1/audit/verify');
    expect(v.body).toEqual({ ok: true, entries: entries.length });
  });

  it('refuses UPDATE, DELETE and TRUNCATE on audit_log', async () => {
    const { db } = t.database;
    const one = await db.selectFrom('audit_log').select('id').where('org_id', '=', orgId).orderBy('id').executeTakeFirstOrThrow();
    for (const stmt of [sql`update audit_log set action = 'x' where id = ${one.id}`, sql`delete from audit_log where id = ${one.id}`, sql`truncate audit_log`]) {
      const err = await stmt.execute(db).then(
        () => null,
        (e: any) => e,
      );
      expect(err?.code).toBe('42501');
      expect(String(err?.message)).toContain('audit_log is append-only');
    }
    expect((await owner.get('/api/v1/audit/verify')).body.ok).toBe(true);
  });

  it('verify finds an entry changed or removed behind the trigger (as a superuser)', async () => {
    const other = await secondOrg(t.app, owner, 'Tampered');
    for (let i = 0; i < 4; i++) await other.owner.post('/api/v1/projects', { name: `T${i}`, schema: SENTIMENT_SCHEMA });
    const entries = (await allEntries(other.owner)).slice(2); // after org.create and its owner's token.issue
    expect(entries.map((e) => e.action)).toEqual(Array(4).fill('project.create'));
    expect((await other.owner.get('/api/v1/audit/verify')).body).toEqual({ ok: true, entries: 6 });
    // session_replication_role = replica skips ordinary triggers: what a superuser could do to hide a change.
    const behindTrigger = (q: ReturnType<typeof sql>) =>
      t.database.db.transaction().execute(async (trx) => {
        await sql`set local session_replication_role = replica`.execute(trx);
        await q.execute(trx);
      });
    await behindTrigger(sql`update audit_log set details = '{"name": "forged"}'::jsonb where id = ${entries[2].id}`);
    expect((await other.owner.get('/api/v1/audit/verify')).body).toEqual({ ok: false, entries: 5, firstBadId: entries[2].id });
    // Put it back: the chain checks out again, so verify looked at the content, not at a flag.
    await behindTrigger(sql`update audit_log set details = ${JSON.stringify(entries[2].details)}::jsonb where id = ${entries[2].id}`);
    expect((await other.owner.get('/api/v1/audit/verify')).body).toEqual({ ok: true, entries: 6 });
    // A deleted entry breaks the link of the one after it.
    await behindTrigger(sql`delete from audit_log where id = ${entries[1].id}`);
    expect((await other.owner.get('/api/v1/audit/verify')).body).toEqual({ ok: false, entries: 4, firstBadId: entries[2].id });
    // Another org's chain is its own: untouched, it still verifies.
    expect((await owner.get('/api/v1/audit/verify')).body.ok).toBe(true);
  });

  it('is for owners and admins only, and never shows another org', async () => {
    const annotator = await addMember(t.app, owner, 'a2@acme.test', 'annotator');
    const manager = await addMember(t.app, owner, 'm2@acme.test', 'manager');
    const admin = await addMember(t.app, owner, 'ad2@acme.test', 'admin');
    for (const who of [annotator, manager]) {
      for (const url of ['/api/v1/audit', '/api/v1/audit/verify']) {
        const res = await who.api.get(url);
        expect(res.status).toBe(403);
        expect(res.body.error.code).toBe('forbidden');
        expect(res.body.error.message).toContain('audit read');
      }
    }
    expect((await admin.api.get('/api/v1/audit')).status).toBe(200);
    expect((await admin.api.get('/api/v1/audit/verify')).body.ok).toBe(true);

    const rival = await secondOrg(t.app, owner, 'Rival');
    const rp = await rival.owner.post('/api/v1/projects', { name: 'Secret', schema: SENTIMENT_SCHEMA });
    const mine = await allEntries(owner);
    expect(mine.every((e) => e.orgId === orgId)).toBe(true);
    expect(mine.some((e) => e.target === `project:${rp.body.id}`)).toBe(false);
    expect(await allEntries(owner, `&target=project:${rp.body.id}`)).toEqual([]);
    const theirs = await allEntries(rival.owner);
    expect(theirs.map((e) => e.action)).toEqual(['org.create', 'token.issue', 'project.create']);
    expect(theirs[0]).toMatchObject({ target: `org:${rival.orgId}`, actor: ownerId, prevHash: null }); // its own chain, from its own genesis
    // The Acme owner's PATCH of Rival's project is a 404 and records nothing anywhere.
    expect((await owner.patch(`/api/v1/projects/${rp.body.id}`, { name: 'x' })).status).toBe(404);
    // Nor does revoking an Acme token from Rival: 404, nothing revoked, nothing recorded.
    const acmeToken = (await owner.get('/api/v1/tokens')).body.items.find((x: any) => x.revokedAt === null);
    expect((await rival.owner.request('DELETE', `/api/v1/tokens/${acmeToken.id}`)).status).toBe(404);
    expect((await owner.get('/api/v1/tokens')).body.items.find((x: any) => x.id === acmeToken.id).revokedAt).toBeNull();
    expect(await allEntries(rival.owner)).toHaveLength(3);
    expect((await allEntries(owner)).length).toBe(mine.length);
  });

  it('answers 400 with what to fix for a bad query', async () => {
    const res = await owner.get('/api/v1/audit?limit=0');
    expect(res.status).toBe(400);
    expect(res.body.error.message).toContain('limit');
  });
});
