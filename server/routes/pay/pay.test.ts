import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sql } from 'kysely';
import { recordPayEntry } from '../../db/queries/record-pay.ts';
import { addMember, bootstrap, DB_KIND, secondOrg, SENTIMENT_SCHEMA, testApp, type Client, type TestApp } from '../../../test/harness.ts';

// 0.50 a piece, a 15.00/h floor, at most 10 minutes of active time per task.
const PAY = { currency: 'USD', pieceRateMinor: 50, hourlyFloorMinor: 1500, maxActiveMsPerTask: 600_000 };

async function newProject(owner: Client, tasks: Array<Record<string, unknown>>, extra: Record<string, unknown> = {}) {
  const p = await owner.post('/api/v1/projects', { name: `p${Math.random()}`, schema: SENTIMENT_SCHEMA, ...extra });
  expect(p.status).toBe(201);
  const imp = await owner.post(`/api/v1/projects/${p.body.id}/tasks`, tasks);
  expect(imp.status).toBe(201);
  return p.body.id as number;
}

const plain = (n: number, tag = 't') => Array.from({ length: n }, (_, i) => ({ data: { text: `${tag} ${i}` } }));

const q = (from: Date, to: Date) => `from=${encodeURIComponent(from.toISOString())}&to=${encodeURIComponent(to.toISOString())}`;

describe(`fair pay (${DB_KIND})`, () => {
  let t: TestApp;
  let owner: Client;
  let orgId: number;
  let slow: Awaited<ReturnType<typeof addMember>>;
  let fast: Awaited<ReturnType<typeof addMember>>;
  let manager: Awaited<ReturnType<typeof addMember>>;
  let reviewer: Awaited<ReturnType<typeof addMember>>;
  beforeAll(async () => {
    t = await testApp();
    ({ owner, orgId } = await bootstrap(t.app));
    slow = await addMember(t.app, owner, 'slow@acme.test');
    fast = await addMember(t.app, owner, 'fast@acme.test');
    manager = await addMember(t.app, owner, 'manager@acme.test', 'manager');
    reviewer = await addMember(t.app, owner, 'reviewer@acme.test', 'reviewer');
  });
  afterAll(() => t.close());

  const ledger = (projectId: number) =>
    t.database.db.selectFrom('pay_ledger').selectAll().where('project_id', '=', projectId).orderBy('id').execute();

  /**
   * A transaction that has written a 70 USD bonus for `slow` in the project (the
   * statement a submit's piece uses) and holds off committing until `release()`;
   * answers once the entry is stamped. `writer` settles when it has committed.
   */
  async function slowWriter(projectId: number) {
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let written!: () => void;
    const inside = new Promise<void>((r) => (written = r));
    const writer = t.database.db.transaction().execute(async (trx) => {
      await recordPayEntry(trx, { orgId, userId: slow.id, projectId, annotationId: null, kind: 'bonus', amountMinor: 70, currency: 'USD', activeMs: 0 });
      written();
      await held;
    });
    await inside;
    return { writer, release };
  }

  /**
   * Makes `ms` look spent on a claim: the claim, and the member's earlier
   * pieces in the project, are dated back by that much (the server pays at
   * most the time it saw the claim held and since the previous piece).
   */
  async function spend(userId: number, projectId: number, claimId: number, ms: number) {
    const db = t.database.db;
    await sql`update claims set created_at = created_at - make_interval(secs => ${ms / 1000}) where id = ${claimId}`.execute(db);
    await sql`update pay_ledger set created_at = created_at - make_interval(secs => ${ms / 1000})
      where user_id = ${userId} and project_id = ${projectId} and kind = 'piece'`.execute(db);
  }

  /** Claims and submits `n` tasks, each worked for `activeMs` (see spend; `spent: false` submits at once); returns the claim ids. */
  async function work(who: { id: number; api: Client }, projectId: number, n: number, activeMs: number, spent = true) {
    const claims: number[] = [];
    for (let i = 0; i < n; i++) {
      const c = await who.api.post(`/api/v1/projects/${projectId}/claims`);
      expect(c.status).toBe(200);
      if (spent) await spend(who.id, projectId, c.body.claim.id, activeMs);
      const s = await who.api.post(`/api/v1/claims/${c.body.claim.id}/submit`, { value: { sentiment: 'pos' }, activeMs });
      expect(s.status).toBe(201);
      claims.push(c.body.claim.id);
    }
    return claims;
  }

  it('validates pay settings with codes that name the field; {} and no pay stay unpaid', async () => {
    const base = { name: 'pay settings', schema: SENTIMENT_SCHEMA };
    const none = await owner.post('/api/v1/projects', base);
    expect(none.body.pay).toEqual({});
    const empty = await owner.post('/api/v1/projects', { ...base, pay: {} });
    expect(empty.body.pay).toEqual({});
    const paid = await owner.post('/api/v1/projects', { ...base, pay: { currency: 'JPY', pieceRateMinor: 30 } });
    expect(paid.status).toBe(201);
    expect(paid.body.pay).toEqual({ currency: 'JPY', pieceRateMinor: 30, hourlyFloorMinor: 0, maxActiveMsPerTask: 600_000 });

    for (const [pay, path] of [
      [{ pieceRateMinor: 50 }, 'body.pay.currency'],
      [{ currency: 'XYZ' }, 'body.pay.currency'],
      [{ currency: 'usd' }, 'body.pay.currency'],
      [{ currency: 'USD', pieceRateMinor: 0.5 }, 'body.pay.pieceRateMinor'],
      [{ currency: 'USD', hourlyFloorMinor: -100 }, 'body.pay.hourlyFloorMinor'],
      [{ currency: 'USD', maxActiveMsPerTask: 5 }, 'body.pay.maxActiveMsPerTask'],
    ] as const) {
      const res = await owner.post('/api/v1/projects', { ...base, pay });
      expect(res.status, JSON.stringify(pay)).toBe(400);
      expect(res.body.error.code).toBe('invalid_request');
      expect(res.body.error.issues.map((i: { path: string }) => i.path)).toContain(path);
    }
    const typo = await owner.patch(`/api/v1/projects/${paid.body.id}`, { pay: { currency: 'USD', pieceRate: 50 } });
    expect(typo.status).toBe(400);
    expect(typo.body.error.message).toContain('pieceRate');
    // PATCH replaces pay as a whole; {} makes the project unpaid again.
    const off = await owner.patch(`/api/v1/projects/${paid.body.id}`, { pay: {} });
    expect(off.body.pay).toEqual({});
  });

  it('an unpaid project writes no pay; a paid submit writes one piece, even when replayed', async () => {
    const unpaid = await newProject(owner, plain(2));
    await work(slow, unpaid, 2, 5_000);
    expect(await ledger(unpaid)).toEqual([]);

    const id = await newProject(owner, plain(2), { pay: PAY });
    const [claimId] = await work(slow, id, 1, 90_000);
    const again = await slow.api.post(`/api/v1/claims/${claimId}/submit`, { value: { sentiment: 'pos' }, activeMs: 90_000 });
    expect(again.status).toBe(200);
    expect(again.body.replayed).toBe(true);
    const rows = await ledger(id);
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({
      kind: 'piece',
      user_id: slow.id,
      annotation_id: again.body.annotation.id,
      amount_minor: 50,
      currency: 'USD',
      active_ms: 90_000,
      settlement_id: null,
    });
  });

  it('a review reject keeps the pieces paid and pays the extra annotation it asks for', async () => {
    const id = await newProject(owner, plain(1), { pay: PAY, reviewRate: 1 });
    await work(slow, id, 1, 30_000);
    const rc = await reviewer.api.post(`/api/v1/projects/${id}/reviews/claims`);
    expect(rc.status).toBe(200);
    const rejected = await reviewer.api.post(`/api/v1/reviews/${rc.body.claim.id}/submit`, { verdict: 'reject' });
    expect(rejected.status).toBe(201);
    expect((await ledger(id)).map((r) => [r.kind, r.user_id, r.amount_minor])).toEqual([['piece', slow.id, 50]]);
    // The reopened task needs one more annotation; whoever gives it is paid for it.
    await work(fast, id, 1, 30_000);
    expect((await ledger(id)).map((r) => [r.kind, r.user_id, r.amount_minor])).toEqual([
      ['piece', slow.id, 50],
      ['piece', fast.id, 50],
    ]);
  });

  it('gold answers are paid like any other', async () => {
    const gold = [{ data: { text: 'gold' }, gold: { sentiment: 'pos' } }];
    const id = await newProject(owner, [...gold, ...plain(1)], { pay: PAY, goldRate: 1 });
    const c = await fast.api.post(`/api/v1/projects/${id}/claims`);
    expect(c.body.task.data.text).toBe('gold');
    const s = await fast.api.post(`/api/v1/claims/${c.body.claim.id}/submit`, { value: { sentiment: 'neg' }, activeMs: 4_000 });
    expect(s.status).toBe(201);
    const rows = await ledger(id);
    expect(rows.map((r) => [r.kind, r.annotation_id, r.amount_minor])).toEqual([['piece', s.body.annotation.id, 50]]);
  });

  it('settling a period tops a slow annotator up to the floor, not a fast one; the cap applies; settling again adds nothing', async () => {
    const id = await newProject(owner, plain(4), { pay: PAY, overlapMin: 2, overlapMax: 2 });
    const from = new Date(Date.now() - 2 * 3_600_000); // before the work below is dated back
    // Slow: 3 tasks of 20 minutes each, capped at 10: 30 minutes paid for, 150 earned in pieces.
    await work(slow, id, 3, 1_200_000);
    // Fast: 3 tasks of 6 s: 18 s, 150 earned, far above 15.00/h.
    await work(fast, id, 3, 6_000);
    const to = new Date();

    const before = await manager.api.get(`/api/v1/projects/${id}/pay?${q(from, to)}`);
    expect(before.status).toBe(200);
    const byUser = (items: Array<{ userId: number }>) => Object.fromEntries(items.map((i) => [i.userId, i]));
    const b = byUser(before.body.items);
    expect(b[slow.id]).toMatchObject({ activeMs: 1_800_000, annotations: 3, pieceMinor: 150, topupMinor: 0, totalMinor: 150, effectiveHourlyMinor: 300, owedMinor: 600 });
    expect(b[fast.id]).toMatchObject({ activeMs: 18_000, annotations: 3, pieceMinor: 150, totalMinor: 150, effectiveHourlyMinor: 30_000, owedMinor: 0 });
    expect(before.body).toMatchObject({ currency: 'USD', minorDigits: 2, pay: PAY, totals: { pieceMinor: 300, owedMinor: 600 }, settlements: [] });

    const settled = await manager.api.post(`/api/v1/projects/${id}/pay/settle`, { from: from.toISOString(), to: to.toISOString() });
    expect(settled.status).toBe(201);
    expect(settled.body.replayed).toBe(false);
    expect(settled.body.settlement).toMatchObject({ from: from.toISOString(), to: to.toISOString(), currency: 'USD', hourlyFloorMinor: 1500 });
    const s = byUser(settled.body.items);
    // 30 minutes at 15.00/h is 750; 150 earned, so 600 tops it up to exactly the floor.
    expect(s[slow.id]).toMatchObject({ topupMinor: 600, totalMinor: 750, effectiveHourlyMinor: 1500, owedMinor: 0 });
    expect(s[fast.id]).toMatchObject({ topupMinor: 0, totalMinor: 150 });
    const topups = (await ledger(id)).filter((r) => r.kind === 'topup');
    expect(topups.map((r) => [r.user_id, r.amount_minor, r.settlement_id])).toEqual([[slow.id, 600, settled.body.settlement.id]]);

    // The same period again: the same answer, nothing written.
    const replay = await owner.post(`/api/v1/projects/${id}/pay/settle`, { from: from.toISOString(), to: to.toISOString() });
    expect(replay.status).toBe(200);
    expect(replay.body.replayed).toBe(true);
    expect(replay.body.settlement.id).toBe(settled.body.settlement.id);
    expect(replay.body.items).toEqual(settled.body.items);
    expect((await ledger(id)).filter((r) => r.kind === 'topup')).toHaveLength(1);

    // Overlapping periods are refused, naming the settled one.
    const overlap = await owner.post(`/api/v1/projects/${id}/pay/settle`, { from: new Date(from.getTime() - 60_000).toISOString(), to: to.toISOString() });
    expect(overlap.status).toBe(409);
    expect(overlap.body.error.code).toBe('period_overlaps');
    expect(overlap.body.error.settlements.map((x: { id: number }) => x.id)).toEqual([settled.body.settlement.id]);

    // The report for the settled period now owes nothing and lists the settlement.
    const after = await manager.api.get(`/api/v1/projects/${id}/pay?${q(from, to)}`);
    expect(byUser(after.body.items)[slow.id]).toMatchObject({ topupMinor: 600, totalMinor: 750, owedMinor: 0 });
    expect(after.body.settlements.map((x: { id: number }) => x.id)).toEqual([settled.body.settlement.id]);

    // Work after the settlement belongs to the next period, never to the settled one.
    await work(slow, id, 1, 60_000);
    const next = await manager.api.get(`/api/v1/projects/${id}/pay?${q(to, new Date())}`);
    expect(byUser(next.body.items)[slow.id]).toMatchObject({ annotations: 1, activeMs: 60_000, pieceMinor: 50, topupMinor: 0 });
    expect(next.body.settlements).toEqual([]);
    const settledAgain = await manager.api.get(`/api/v1/projects/${id}/pay?${q(from, to)}`);
    expect(settledAgain.body.items).toEqual(after.body.items);
    // The next period starts where the settled one ended: adjacent periods do not overlap.
    const second = await manager.api.post(`/api/v1/projects/${id}/pay/settle`, { from: to.toISOString(), to: new Date().toISOString() });
    expect(second.status).toBe(201);
    // One minute for 50 earns 3,000/h: above the floor, no top-up.
    expect(second.body.items).toEqual([expect.objectContaining({ userId: slow.id, annotations: 1, topupMinor: 0, effectiveHourlyMinor: 3000 })]);

    // The annotator sees only their own line.
    const mine = await slow.api.get(`/api/v1/me/pay?projectId=${id}&${q(from, to)}`);
    expect(mine.status).toBe(200);
    expect(mine.body.userId).toBe(slow.id);
    expect(mine.body.items).toEqual([
      expect.objectContaining({ projectId: id, currency: 'USD', hourlyFloorMinor: 1500, activeMs: 1_800_000, pieceMinor: 150, topupMinor: 600, totalMinor: 750, owedMinor: 0 }),
    ]);
    expect(JSON.stringify(mine.body)).not.toContain('fast@acme.test');
  });

  it('a settlement racing submits: each piece is inside the settled period and counted, or stamped after it', async () => {
    const id = await newProject(owner, plain(30), { pay: PAY, overlapMin: 4, overlapMax: 4 });
    const workers = await Promise.all([1, 2, 3, 4].map((i) => addMember(t.app, owner, `racer${i}@acme.test`)));
    const from = new Date(Date.now() - 1000);
    const pieces = async () => (await ledger(id)).filter((r) => r.kind === 'piece');
    let to = new Date();
    const settle = (async () => {
      while ((await pieces()).length < 20) await new Promise((r) => setTimeout(r, 5));
      to = new Date();
      return manager.api.post(`/api/v1/projects/${id}/pay/settle`, { from: from.toISOString(), to: to.toISOString() });
    })();
    const [settled] = await Promise.all([settle, ...workers.map((w) => work(w, id, 15, 200_000, false))]);
    expect(settled.status).toBe(201);
    const all = await pieces();
    expect(all).toHaveLength(60);
    const inside = all.filter((r) => r.created_at < to);
    // What the settlement saw inside its transaction is every piece of the period, as read after everything committed.
    expect(settled.body.totals.annotations).toBe(inside.length);
    expect(settled.body.totals.annotations).toBeLessThan(60);
    const replay = await manager.api.post(`/api/v1/projects/${id}/pay/settle`, { from: from.toISOString(), to: to.toISOString() });
    expect(replay.body.items).toEqual(settled.body.items);
    for (const line of settled.body.items) {
      const own = inside.filter((r) => r.user_id === line.userId);
      expect(line.activeMs).toBe(own.reduce((n, r) => n + r.active_ms, 0));
      // Submitted at once, each piece is paid only the real time since the racer's previous one (not the 200 s
      // reported), so the floor is rarely owed anything; whatever it owes is exactly topped up.
      expect(line.activeMs).toBeLessThan(own.length * 200_000);
      expect(line.topupMinor).toBe(Math.max(0, Math.ceil((1500 * line.activeMs) / 3_600_000) - 50 * own.length));
    }
  });

  it('a settlement waits for a pay entry still being written in its period, and counts it', async () => {
    const id = await newProject(owner, plain(1), { pay: PAY });
    const from = new Date(Date.now() - 1000);
    // A writer (the same statement a submit's piece uses) stamps its entry, then is slow to commit.
    const { writer, release } = await slowWriter(id);
    await new Promise((r) => setTimeout(r, 20));
    const to = new Date();
    const settling = manager.api.post(`/api/v1/projects/${id}/pay/settle`, { from: from.toISOString(), to: to.toISOString() });
    await new Promise((r) => setTimeout(r, 200));
    release();
    await writer;
    const settled = await settling;
    expect(settled.status).toBe(201);
    expect(settled.body.items).toEqual([expect.objectContaining({ userId: slow.id, bonusMinor: 70, totalMinor: 70 })]);
    const bonus = (await ledger(id)).find((r) => r.kind === 'bonus');
    expect(bonus!.created_at.getTime()).toBeLessThan(to.getTime());
  });

  // PGlite runs one transaction at a time, so only PostgreSQL can show a submit passing a settlement in progress.
  it.skipIf(DB_KIND !== 'postgres')('paid submits wait for a settlement\'s seal only, not for its reading and writing', async () => {
    const id = await newProject(owner, plain(2), { pay: PAY });
    const from = new Date(Date.now() - 3_600_000);
    await work(fast, id, 1, 60_000);
    const to = new Date();
    await new Promise((r) => setTimeout(r, 5));
    // Stand in for a long settlement: hold the lock settlements take turns on while this one reads and writes.
    let release!: () => void;
    const held = new Promise<void>((r) => (release = r));
    let locked!: () => void;
    const holding = new Promise<void>((r) => (locked = r));
    const blocker = t.database.db.transaction().execute(async (trx) => {
      await sql`select pg_advisory_xact_lock(hashtextextended(${`tally:settle:${id}`}, 0))`.execute(trx);
      locked();
      await held;
    });
    await holding;
    let settledYet = false;
    const settling = manager.api.post(`/api/v1/projects/${id}/pay/settle`, { from: from.toISOString(), to: to.toISOString() }).then((r) => {
      settledYet = true;
      return r;
    });
    // Wait until the settlement has sealed the period and waits behind the stand-in.
    const deadline = Date.now() + 10_000;
    for (;;) {
      const waiting = await sql<{ n: number }>`select count(*)::int as n from pg_locks where locktype = 'advisory' and not granted`.execute(t.database.db);
      if (waiting.rows[0].n > 0) break;
      if (Date.now() > deadline) throw new Error('the settlement never waited on its turn');
      await new Promise((r) => setTimeout(r, 20));
    }
    // A paid submit meanwhile goes through, stamped after the sealed period.
    await work(slow, id, 1, 60_000, false);
    expect(settledYet).toBe(false);
    release();
    await blocker;
    const settled = await settling;
    expect(settled.status).toBe(201);
    expect(settled.body.items.map((i: { userId: number }) => i.userId)).toEqual([fast.id]);
    const slowPiece = (await ledger(id)).find((r) => r.kind === 'piece' && r.user_id === slow.id);
    expect(slowPiece!.created_at.getTime()).toBeGreaterThanOrEqual(to.getTime());
  });

  it('refuses periods that are empty, reversed or not ended, and settling an unpaid project', async () => {
    const id = await newProject(owner, plain(1), { pay: PAY });
    const now = Date.now();
    const reversed = await owner.post(`/api/v1/projects/${id}/pay/settle`, { from: new Date(now).toISOString(), to: new Date(now - 1000).toISOString() });
    expect([reversed.status, reversed.body.error.code]).toEqual([422, 'invalid_period']);
    const future = await owner.post(`/api/v1/projects/${id}/pay/settle`, { from: new Date(now - 1000).toISOString(), to: new Date(now + 3_600_000).toISOString() });
    expect([future.status, future.body.error.code]).toEqual([422, 'period_not_ended']);
    const badDate = await owner.post(`/api/v1/projects/${id}/pay/settle`, { from: 'yesterday', to: '2026-12-01' });
    expect([badDate.status, badDate.body.error.code]).toEqual([400, 'invalid_request']);
    const report = await owner.get(`/api/v1/projects/${id}/pay?from=2026-12-01&to=2026-11-01`);
    expect([report.status, report.body.error.code]).toEqual([422, 'invalid_period']);

    const unpaid = await newProject(owner, plain(1));
    const res = await owner.post(`/api/v1/projects/${unpaid}/pay/settle`, { from: '2020-01-01', to: '2020-02-01' });
    expect([res.status, res.body.error.code]).toEqual([409, 'pay_not_configured']);
    expect(res.body.error.message).toContain('pay');
    // Date-only periods are UTC midnights.
    const ok = await owner.post(`/api/v1/projects/${id}/pay/settle`, { from: '2020-01-01', to: '2020-02-01' });
    expect(ok.status).toBe(201);
    expect(ok.body.settlement).toMatchObject({ from: '2020-01-01T00:00:00.000Z', to: '2020-02-01T00:00:00.000Z' });
    expect(ok.body.items).toEqual([]);
  });

  it('bonuses count toward the floor; the currency is locked once money was paid', async () => {
    const id = await newProject(owner, plain(1), { pay: PAY });
    const from = new Date(Date.now() - 2 * 3_600_000); // before the work below is dated back
    // 10 minutes (the cap) for one piece of 50: the floor owes 250.
    await work(slow, id, 1, 600_000);
    const bonus = await manager.api.post(`/api/v1/projects/${id}/pay/bonuses`, { userId: slow.id, amountMinor: 120 });
    expect(bonus.status).toBe(201);
    expect(bonus.body).toMatchObject({ userId: slow.id, amountMinor: 120, currency: 'USD' });
    const to = new Date();
    const settled = await manager.api.post(`/api/v1/projects/${id}/pay/settle`, { from: from.toISOString(), to: to.toISOString() });
    expect(settled.body.items[0]).toMatchObject({ userId: slow.id, pieceMinor: 50, bonusMinor: 120, topupMinor: 80, totalMinor: 250, effectiveHourlyMinor: 1500 });

    const stranger = await manager.api.post(`/api/v1/projects/${id}/pay/bonuses`, { userId: 999_999, amountMinor: 10 });
    expect([stranger.status, stranger.body.error.code]).toEqual([404, 'not_found']);
    const zero = await manager.api.post(`/api/v1/projects/${id}/pay/bonuses`, { userId: slow.id, amountMinor: 0 });
    expect([zero.status, zero.body.error.code]).toEqual([400, 'invalid_request']);

    const euro = await owner.patch(`/api/v1/projects/${id}`, { pay: { ...PAY, currency: 'EUR' } });
    expect([euro.status, euro.body.error.code, euro.body.error.currency]).toEqual([409, 'pay_currency_locked', 'USD']);
    const raise = await owner.patch(`/api/v1/projects/${id}`, { pay: { ...PAY, pieceRateMinor: 60 } });
    expect(raise.status).toBe(200);
    expect(raise.body.pay.pieceRateMinor).toBe(60);
  });

  it('a bonus sent again with its idempotency key pays once; the key cannot be reused for another bonus', async () => {
    const id = await newProject(owner, plain(1), { pay: PAY });
    const body = { userId: slow.id, amountMinor: 300, idempotencyKey: 'december-bonus-slow' };
    const first = await manager.api.post(`/api/v1/projects/${id}/pay/bonuses`, body);
    expect([first.status, first.body.replayed]).toEqual([201, false]);
    // A lost answer, sent again, and two more at the same moment (on PostgreSQL they really race).
    const again = await Promise.all([1, 2, 3].map(() => manager.api.post(`/api/v1/projects/${id}/pay/bonuses`, body)));
    for (const r of again) expect([r.status, r.body.id, r.body.replayed, r.body.amountMinor]).toEqual([200, first.body.id, true, 300]);
    const bonuses = (await ledger(id)).filter((r) => r.kind === 'bonus');
    expect(bonuses.map((b) => Number(b.amount_minor))).toEqual([300]);
    const audits = await owner.get('/api/v1/audit?action=pay.bonus');
    expect(audits.body.items.filter((a: { target: string }) => a.target === `project:${id}`)).toHaveLength(1);

    // Keys PostgreSQL cannot store as given are refused: two lone surrogates would both become U+FFFD and meet.
    for (const idempotencyKey of ['k\u0000', 'k\ud800', 'k\udc00']) {
      const bad = await manager.api.post(`/api/v1/projects/${id}/pay/bonuses`, { ...body, idempotencyKey });
      expect([bad.status, bad.body.error.code]).toEqual([400, 'invalid_request']);
      expect(bad.body.error.message).toContain('idempotencyKey');
    }
    const other = await manager.api.post(`/api/v1/projects/${id}/pay/bonuses`, { ...body, amountMinor: 301 });
    expect([other.status, other.body.error.code, other.body.error.ledgerId]).toEqual([409, 'idempotency_key_reused', first.body.id]);
    // Keys are per project, and a bonus without a key is always a new one.
    const elsewhere = await newProject(owner, plain(1), { pay: PAY });
    expect((await manager.api.post(`/api/v1/projects/${elsewhere}/pay/bonuses`, body)).status).toBe(201);
    const plainBonus = { userId: slow.id, amountMinor: 5 };
    expect((await manager.api.post(`/api/v1/projects/${id}/pay/bonuses`, plainBonus)).status).toBe(201);
    expect((await manager.api.post(`/api/v1/projects/${id}/pay/bonuses`, plainBonus)).status).toBe(201);
    expect((await ledger(id)).filter((r) => r.kind === 'bonus')).toHaveLength(3);
  });

  it('after a floor raise, settled work is not owed again: owed counts only work outside settled periods', async () => {
    const id = await newProject(owner, plain(2), { pay: PAY });
    const from = new Date(Date.now() - 2 * 3_600_000);
    await work(slow, id, 1, 600_000); // 10 minutes for a piece of 50: the floor (1500/h) owes 250
    const to = new Date();
    const settled = await manager.api.post(`/api/v1/projects/${id}/pay/settle`, { from: from.toISOString(), to: to.toISOString() });
    expect(settled.body.items[0]).toMatchObject({ userId: slow.id, topupMinor: 200, owedMinor: 0 });
    expect((await owner.patch(`/api/v1/projects/${id}`, { pay: { ...PAY, hourlyFloorMinor: 3000 } })).status).toBe(200);
    const afterRaise = await manager.api.get(`/api/v1/projects/${id}/pay?${q(from, new Date())}`);
    // At 3000/h the settled 10 minutes would "owe" 250 more; they were settled at the floor of their day.
    expect(afterRaise.body.items[0]).toMatchObject({ userId: slow.id, totalMinor: 250, owedMinor: 0 });
    await work(slow, id, 1, 600_000); // new, unsettled work: owed at the new floor, 500 − 50
    const later = await manager.api.get(`/api/v1/projects/${id}/pay?${q(from, new Date(Date.now() + 1000))}`);
    expect(later.body.items[0]).toMatchObject({ userId: slow.id, owedMinor: 450 });
    expect(later.body.totals.owedMinor).toBe(450);
    const mine = await slow.api.get(`/api/v1/me/pay?projectId=${id}&${q(from, new Date(Date.now() + 1000))}`);
    expect(mine.body.items[0]).toMatchObject({ owedMinor: 450 });
  });

  it('walls: annotators and reviewers cannot see or settle pay; another org gets 404', async () => {
    const id = await newProject(owner, plain(2), { pay: PAY });
    await work(slow, id, 1, 30_000);
    const period = { from: '2020-01-01', to: '2020-01-02' };
    for (const who of [slow, reviewer]) {
      expect((await who.api.get(`/api/v1/projects/${id}/pay`)).body.error.code).toBe('forbidden');
      expect((await who.api.post(`/api/v1/projects/${id}/pay/settle`, period)).status).toBe(403);
      expect((await who.api.post(`/api/v1/projects/${id}/pay/bonuses`, { userId: who.id, amountMinor: 100 })).status).toBe(403);
    }
    const other = await secondOrg(t.app, owner);
    for (const res of [
      await other.owner.get(`/api/v1/projects/${id}/pay`),
      await other.owner.post(`/api/v1/projects/${id}/pay/settle`, period),
      await other.owner.post(`/api/v1/projects/${id}/pay/bonuses`, { userId: slow.id, amountMinor: 100 }),
      await other.owner.get(`/api/v1/me/pay?projectId=${id}`),
    ]) {
      expect([res.status, res.body.error.code]).toEqual([404, 'not_found']);
    }
    // The other org's own view of pay holds none of this org's money.
    expect((await other.owner.get('/api/v1/me/pay')).body.items).toEqual([]);
    // A fast annotator's own view holds only their own projects' lines, never the slow one's.
    const mine = await fast.api.get('/api/v1/me/pay');
    expect(mine.status).toBe(200);
    expect(mine.body.items.every((i: { projectId: number }) => i.projectId !== id)).toBe(true);
    const slowMine = await slow.api.get('/api/v1/me/pay');
    expect(slowMine.body.items.find((i: { projectId: number }) => i.projectId === id)).toMatchObject({ annotations: 1, activeMs: 30_000, pieceMinor: 50 });
  });

  it('pays at most the active time the server saw: not 10 minutes reported right after a claim, nor parallel leases twice', async () => {
    const id = await newProject(owner, plain(8), { pay: PAY });
    const ann = await addMember(t.app, owner, 'bounded@acme.test');
    const claim = async () => {
      const c = await ann.api.post(`/api/v1/projects/${id}/claims`);
      expect(c.status).toBe(200);
      return c.body.claim.id as number;
    };
    const submit = async (claimId: number, activeMs: number) => {
      const s = await ann.api.post(`/api/v1/claims/${claimId}/submit`, { value: { sentiment: 'pos' }, activeMs });
      expect(s.status).toBe(201);
      const row = (await ledger(id)).find((r) => r.annotation_id === s.body.annotation.id)!;
      return { paid: row.active_ms, annotationId: s.body.annotation.id as number };
    };
    const db = t.database.db;
    const ago = (claimIds: number[], minutes: number) =>
      sql`update claims set created_at = created_at - make_interval(mins => ${minutes}) where id in (${sql.join(claimIds)})`.execute(db);
    const agePieces = () => sql`update pay_ledger set created_at = created_at - interval '1 hour' where project_id = ${id}`.execute(db);

    // Submitted right after its claim, 10 minutes reported: next to nothing is paid; the annotation keeps what was reported.
    const first = await submit(await claim(), 600_000);
    expect(first.paid).toBeLessThan(5_000);
    const stored = await db.selectFrom('annotations').select('active_ms').where('id', '=', first.annotationId).executeTakeFirstOrThrow();
    expect(stored.active_ms).toBe(600_000);

    // Two leases held side by side for 5 minutes, submitted back to back: the first is paid its 5 minutes, the second
    // only the moment since the first (the same minutes are not paid twice).
    await agePieces();
    const [a, b] = [await claim(), await claim()];
    await ago([a, b], 5);
    const pa = await submit(a, 600_000);
    const pb = await submit(b, 600_000);
    expect(pa.paid).toBeGreaterThanOrEqual(300_000);
    expect(pa.paid).toBeLessThan(310_000);
    expect(pb.paid).toBeLessThan(5_000);

    // The same, submitted at once: the second writer waits for the first and sees its piece.
    await agePieces();
    const [c1, c2] = [await claim(), await claim()];
    await ago([c1, c2], 5);
    const both = await Promise.all([submit(c1, 600_000), submit(c2, 600_000)]);
    expect(both[0].paid + both[1].paid).toBeGreaterThanOrEqual(300_000);
    expect(both[0].paid + both[1].paid).toBeLessThan(310_000);

    // In sequence, real time counts: 300 ms of real work reported as 10 minutes is paid about 300 ms; 200 ms reported
    // after 300 ms is paid the 200 ms reported.
    for (const [reported, low, high] of [
      [600_000, 300, 5_000],
      [200, 200, 200],
    ]) {
      const c = await claim();
      await new Promise((r) => setTimeout(r, 300));
      const { paid } = await submit(c, reported);
      expect(paid, `reported ${reported}`).toBeGreaterThanOrEqual(low);
      expect(paid, `reported ${reported}`).toBeLessThanOrEqual(high);
    }
  });

  it('a pay change waits for a piece or bonus still being written, and a write that read the old pay is refused after it', async () => {
    const id = await newProject(owner, plain(1), { pay: PAY });
    // A writer stamps a USD entry, then is slow to commit: a switch to EUR must wait for it and then see it.
    const { writer, release } = await slowWriter(id);
    const euro = owner.patch(`/api/v1/projects/${id}`, { pay: { ...PAY, currency: 'EUR' } });
    await new Promise((r) => setTimeout(r, 200));
    release();
    await writer;
    const locked = await euro;
    expect([locked.status, locked.body.error?.code]).toEqual([409, 'pay_currency_locked']);

    // A writer that read the project's USD pay before a switch to EUR committed writes nothing in USD afterwards.
    const fresh = await newProject(owner, plain(1), { pay: PAY });
    expect((await owner.patch(`/api/v1/projects/${fresh}`, { pay: { ...PAY, currency: 'EUR' } })).status).toBe(200);
    const stale = t.database.db
      .transaction()
      .execute((trx) =>
        recordPayEntry(trx, { orgId, userId: slow.id, projectId: fresh, annotationId: null, kind: 'bonus', amountMinor: 70, currency: 'USD', activeMs: 0 }),
      );
    await expect(stale).rejects.toMatchObject({ status: 409, code: 'pay_changed' });
    expect(await ledger(fresh)).toEqual([]);
  });

  it('the OpenAPI document describes the pay routes and the pay setting', async () => {
    const doc = (await t.app.inject({ method: 'GET', url: '/api/v1/openapi.json' })).json();
    for (const path of ['/api/v1/projects/{id}/pay', '/api/v1/projects/{id}/pay/settle', '/api/v1/projects/{id}/pay/bonuses', '/api/v1/me/pay']) {
      expect(Object.keys(doc.paths)).toContain(path);
    }
    const settle = doc.paths['/api/v1/projects/{id}/pay/settle'].post;
    expect(settle.requestBody.content['application/json'].schema.required).toEqual(['from', 'to']);
    expect(Object.keys(settle.responses)).toEqual(expect.arrayContaining(['200', '201']));
    const body = doc.paths['/api/v1/projects'].post.requestBody.content['application/json'].schema;
    expect(Object.keys(body.properties.pay.properties)).toEqual(['currency', 'pieceRateMinor', 'hourlyFloorMinor', 'maxActiveMsPerTask']);
  });
});
