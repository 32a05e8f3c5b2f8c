import { sql, type Kysely, type Transaction } from 'kysely';
import { currencyDigits, payLine, paySettingsOf, topupMinor, type PaySettings } from '../../core/pay/index.ts';
import type { DB } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import { appendAudit } from '../db/queries/append-audit.ts';
import { payLockKey, recordPayEntry } from '../db/queries/record-pay.ts';
import { errors } from '../errors.ts';
import type { AuthContext } from '../http/auth-hook.ts';
import { authorize } from '../policies/roles.ts';
import { getProject } from './projects.ts';

/** A pay period: [from, to), half open. */
export interface PayPeriod {
  from: Date;
  to: Date;
}

interface PayRow {
  project_id: number;
  user_id: number;
  name: string;
  email: string;
  currency: string | null;
  active_ms: number;
  annotations: number;
  piece_minor: number;
  topup_minor: number;
  bonus_minor: number;
  /** Active time and pieces + bonuses written outside every settled period: what `owed` is reckoned on. */
  open_active_ms: number;
  open_earned_minor: number;
}

export function checkPeriod(p: PayPeriod) {
  if (!(p.from < p.to)) {
    throw errors.unprocessable('invalid_period', `from (${p.from.toISOString()}) must be before to (${p.to.toISOString()}).`, {
      from: p.from,
      to: p.to,
    });
  }
}

/**
 * Sums the ledger per project and annotator for a period: pieces and bonuses
 * written in [from, to), and the top-ups of settled periods that lie wholly
 * inside [from, to) (a top-up belongs to the period it settled, not to the
 * day it was written). Active time is the pieces' time, each already capped
 * at the project's maxActiveMsPerTask when it was written.
 */
async function payRows(db: Kysely<DB> | Transaction<DB>, f: { orgId: number; projectId?: number; userId?: number } & PayPeriod) {
  const project = f.projectId === undefined ? sql`` : sql`and l.project_id = ${f.projectId}`;
  const user = f.userId === undefined ? sql`` : sql`and l.user_id = ${f.userId}`;
  const res = await sql<PayRow>`
    with e as (
      select l.project_id, l.user_id, l.kind, l.amount_minor, l.active_ms, l.currency,
             exists (select 1 from pay_settlements s where s.project_id = l.project_id
                     and l.created_at >= s.period_from and l.created_at < s.period_to) as settled
      from pay_ledger l
      where l.org_id = ${f.orgId} ${project} ${user} and l.kind in ('piece', 'bonus')
        and l.created_at >= ${f.from} and l.created_at < ${f.to}
      union all
      select l.project_id, l.user_id, l.kind, l.amount_minor, 0, l.currency, true
      from pay_ledger l join pay_settlements s on s.id = l.settlement_id
      where l.org_id = ${f.orgId} ${project} ${user} and l.kind = 'topup'
        and s.period_from >= ${f.from} and s.period_to <= ${f.to}
    )
    select e.project_id, e.user_id, u.name, u.email, max(e.currency) as currency,
           coalesce(sum(e.active_ms), 0)::bigint as active_ms,
           (count(*) filter (where e.kind = 'piece'))::int as annotations,
           coalesce(sum(e.amount_minor) filter (where e.kind = 'piece'), 0)::bigint as piece_minor,
           coalesce(sum(e.amount_minor) filter (where e.kind = 'topup'), 0)::bigint as topup_minor,
           coalesce(sum(e.amount_minor) filter (where e.kind = 'bonus'), 0)::bigint as bonus_minor,
           coalesce(sum(e.active_ms) filter (where not e.settled), 0)::bigint as open_active_ms,
           coalesce(sum(e.amount_minor) filter (where not e.settled), 0)::bigint as open_earned_minor
    from e join users u on u.id = e.user_id
    group by e.project_id, e.user_id, u.name, u.email
    order by e.project_id, e.user_id`.execute(db);
  return res.rows;
}

/** One annotator's line: the sums and what they make against the floor. */
function line(r: PayRow, hourlyFloorMinor: number) {
  return {
    userId: r.user_id,
    name: r.name,
    email: r.email,
    activeMs: r.active_ms,
    annotations: r.annotations,
    pieceMinor: r.piece_minor,
    topupMinor: r.topup_minor,
    bonusMinor: r.bonus_minor,
    ...payLine({ activeMs: r.active_ms, pieceMinor: r.piece_minor, topupMinor: r.topup_minor, bonusMinor: r.bonus_minor }, hourlyFloorMinor),
    // Settled periods were brought to the floor of their day: only unsettled work can still be owed.
    owedMinor: topupMinor({ hourlyFloorMinor, activeMs: r.open_active_ms, earnedMinor: r.open_earned_minor }),
  };
}
export type PayLineOut = ReturnType<typeof line>;

function totals(lines: PayLineOut[]) {
  const sum = (k: 'activeMs' | 'annotations' | 'pieceMinor' | 'topupMinor' | 'bonusMinor' | 'totalMinor' | 'owedMinor') =>
    lines.reduce((s, l) => s + l[k], 0);
  return {
    activeMs: sum('activeMs'),
    annotations: sum('annotations'),
    pieceMinor: sum('pieceMinor'),
    topupMinor: sum('topupMinor'),
    bonusMinor: sum('bonusMinor'),
    totalMinor: sum('totalMinor'),
    owedMinor: sum('owedMinor'),
  };
}

function presentSettlement(s: { id: number; period_from: Date; period_to: Date; currency: string; hourly_floor_minor: number; created_at: Date }) {
  return { id: s.id, from: s.period_from, to: s.period_to, currency: s.currency, hourlyFloorMinor: s.hourly_floor_minor, createdAt: s.created_at };
}

function unpaid(projectId: number) {
  return errors.conflict(
    'pay_not_configured',
    `Project ${projectId} is unpaid (its pay is {}). Set pay first: PATCH /api/v1/projects/${projectId} {"pay": {"currency": "USD", "pieceRateMinor": ..., "hourlyFloorMinor": ...}}.`,
  );
}

/** A project's settled periods that overlap `period` (adjacent ones do not), oldest first. */
function settlementsOverlapping(db: Kysely<DB>, projectId: number, period: PayPeriod) {
  return db
    .selectFrom('pay_settlements')
    .selectAll()
    .where('project_id', '=', projectId)
    .where('period_from', '<', period.to)
    .where('period_to', '>', period.from)
    .orderBy('period_from')
    .execute();
}

/**
 * A project's pay report for a period, per annotator: active time, paid
 * annotations, pieces, top-ups, bonuses, total, effective hourly pay and what
 * is still owed to reach the project's current floor. Managers and up.
 */
export async function projectPayReport(db: Kysely<DB>, auth: AuthContext, projectId: number, period: PayPeriod) {
  authorize(auth.role, 'pay.manage');
  checkPeriod(period);
  const project = await getProject(db, auth, projectId);
  const pay = paySettingsOf(project.pay);
  const rows = await payRows(db, { orgId: auth.orgId, projectId, ...period });
  const settlements = await settlementsOverlapping(db, projectId, period);
  const items = rows.map((r) => line(r, pay?.hourlyFloorMinor ?? 0));
  const currency = pay?.currency ?? rows[0]?.currency ?? null;
  return {
    projectId,
    from: period.from,
    to: period.to,
    pay,
    currency,
    minorDigits: currency ? currencyDigits(currency) : null,
    items,
    totals: totals(items),
    settlements: settlements.map(presentSettlement),
  };
}

/** The caller's own earnings in each project of their org for a period (or in one project). Any member. */
export async function myPay(db: Kysely<DB>, auth: AuthContext, period: PayPeriod, projectId?: number) {
  authorize(auth.role, 'pay.read_own');
  checkPeriod(period);
  if (projectId !== undefined) await getProject(db, auth, projectId);
  const rows = await payRows(db, { orgId: auth.orgId, userId: auth.userId, projectId, ...period });
  const projects = rows.length
    ? await db
        .selectFrom('projects')
        .select(['id', 'name', 'pay'])
        .where('org_id', '=', auth.orgId)
        .where(
          'id',
          'in',
          rows.map((r) => r.project_id),
        )
        .execute()
    : [];
  const byId = new Map(projects.map((p) => [p.id, p]));
  const items = rows.map((r) => {
    const p = byId.get(r.project_id);
    const pay = paySettingsOf(p?.pay);
    const { userId: _u, name: _n, email: _e, ...own } = line(r, pay?.hourlyFloorMinor ?? 0);
    const currency = pay?.currency ?? r.currency;
    return {
      projectId: r.project_id,
      projectName: p?.name ?? '',
      currency,
      minorDigits: currency ? currencyDigits(currency) : null,
      hourlyFloorMinor: pay?.hourlyFloorMinor ?? 0,
      ...own,
    };
  });
  return { userId: auth.userId, from: period.from, to: period.to, items };
}

/**
 * Settles a project's pay period: writes a `topup` for every annotator whose
 * pay in [from, to) (pieces + bonuses) is below the floor for their active
 * time, bringing them exactly up to it (core/pay topupMinor). Idempotent:
 * settling the same period again writes nothing and answers the same
 * settlement (`replayed: true`); a period overlapping a settled one, but not
 * equal to it, is refused (409 `period_overlaps`), and so is one that has not
 * ended yet (422 `period_not_ended`), since work could still land in it.
 */
export async function settlePayPeriod(db: Kysely<DB>, auth: AuthContext, projectId: number, period: PayPeriod) {
  authorize(auth.role, 'pay.manage');
  checkPeriod(period);
  // The seal, a transaction of its own that holds the pay lock only this long. Taken exclusive, the
  // lock waits for every piece or bonus already being written (stamped, maybe inside the period,
  // but not committed) to commit; once it is granted and the period has ended, every later entry
  // is stamped after the check, so after the period (record-pay.ts). Paid submits of the project
  // wait for the seal, not for the reading and writing below.
  await inTransaction(db, async (trx) => {
    if (!paySettingsOf((await getProject(trx, auth, projectId)).pay)) throw unpaid(projectId);
    await sql`select pg_advisory_xact_lock(${payLockKey(projectId)})`.execute(trx);
    const ended = await sql<{ ended: boolean }>`select ${period.to}::timestamptz <= clock_timestamp() as ended`.execute(trx);
    if (!ended.rows[0].ended) {
      throw errors.unprocessable(
        'period_not_ended',
        `The period ends at ${period.to.toISOString()}, which is still to come; settle it once it has ended (work may still be paid inside it).`,
        { to: period.to },
      );
    }
  });
  return inTransaction(db, async (trx) => {
    const project = await getProject(trx, auth, projectId);
    const pay = paySettingsOf(project.pay);
    if (!pay) throw unpaid(projectId);
    // Settlements of one project take turns, so two cannot both find no overlap and insert.
    await sql`select pg_advisory_xact_lock(hashtextextended(${`tally:settle:${projectId}`}, 0))`.execute(trx);
    const clashes = await settlementsOverlapping(trx, projectId, period);
    const same = clashes.find((s) => s.period_from.getTime() === period.from.getTime() && s.period_to.getTime() === period.to.getTime());
    if (same) return { ...(await settlementAnswer(trx, auth, projectId, same)), replayed: true };
    if (clashes.length) {
      const s = clashes[0];
      throw errors.conflict(
        'period_overlaps',
        `The period overlaps settlement ${s.id} (${s.period_from.toISOString()} to ${s.period_to.toISOString()}). Settle periods that do not overlap a settled one, e.g. from its end.`,
        { settlements: clashes.map(presentSettlement) },
      );
    }
    const settlement = await trx
      .insertInto('pay_settlements')
      .values({
        org_id: auth.orgId,
        project_id: projectId,
        period_from: period.from,
        period_to: period.to,
        currency: pay.currency,
        hourly_floor_minor: pay.hourlyFloorMinor,
        created_by: auth.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    const rows = await payRows(trx, { orgId: auth.orgId, projectId, ...period });
    const topups = rows
      .map((r) => ({
        user_id: r.user_id,
        amount: topupMinor({ hourlyFloorMinor: pay.hourlyFloorMinor, activeMs: r.active_ms, earnedMinor: r.piece_minor + r.bonus_minor }),
      }))
      .filter((t) => t.amount > 0);
    if (topups.length) {
      await trx
        .insertInto('pay_ledger')
        .values(
          topups.map((t) => ({
            org_id: auth.orgId,
            user_id: t.user_id,
            project_id: projectId,
            annotation_id: null,
            kind: 'topup' as const,
            amount_minor: t.amount,
            currency: pay.currency,
            active_ms: 0,
            settlement_id: settlement.id,
          })),
        )
        .execute();
    }
    await appendAudit(trx, {
      orgId: auth.orgId,
      actor: auth.userId,
      action: 'pay.settle',
      target: `project:${projectId}`,
      details: {
        settlementId: settlement.id,
        from: period.from.toISOString(),
        to: period.to.toISOString(),
        currency: pay.currency,
        topups: topups.length,
        topupMinor: topups.reduce((sum, t) => sum + t.amount, 0),
      },
    });
    return { ...(await settlementAnswer(trx, auth, projectId, settlement)), replayed: false };
  });
}

/** A settlement with each annotator's line for its period (what its top-ups brought them to). */
async function settlementAnswer(
  trx: Transaction<DB>,
  auth: AuthContext,
  projectId: number,
  s: { id: number; period_from: Date; period_to: Date; currency: string; hourly_floor_minor: number; created_at: Date },
) {
  const rows = await payRows(trx, { orgId: auth.orgId, projectId, from: s.period_from, to: s.period_to });
  const items = rows.map((r) => line(r, s.hourly_floor_minor));
  return { settlement: presentSettlement(s), minorDigits: currencyDigits(s.currency), items, totals: totals(items) };
}

/** A manager's bonus to an annotator of the org, paid in the project's currency; it counts toward the floor. */
export async function payBonus(db: Kysely<DB>, auth: AuthContext, projectId: number, b: { userId: number; amountMinor: number; idempotencyKey?: string }) {
  authorize(auth.role, 'pay.manage');
  const project = await getProject(db, auth, projectId);
  const pay: PaySettings | null = paySettingsOf(project.pay);
  if (!pay) throw unpaid(projectId);
  const member = await db.selectFrom('memberships').select('user_id').where('org_id', '=', auth.orgId).where('user_id', '=', b.userId).executeTakeFirst();
  if (!member) throw errors.notFound('Member', b.userId);
  const e = await inTransaction(db, async (trx) => {
    const entry = await recordPayEntry(trx, {
      orgId: auth.orgId,
      userId: b.userId,
      projectId,
      annotationId: null,
      kind: 'bonus',
      amountMinor: b.amountMinor,
      currency: pay.currency,
      activeMs: 0,
      idempotencyKey: b.idempotencyKey,
    });
    if (entry.replayed) {
      if (Number(entry.user_id) !== b.userId || Number(entry.amount_minor) !== b.amountMinor) {
        throw errors.conflict(
          'idempotency_key_reused',
          `Idempotency key "${b.idempotencyKey}" was already used in project ${projectId} for a bonus of ${entry.amount_minor} to user ${entry.user_id}; use a new key for a different bonus.`,
          { ledgerId: Number(entry.id) },
        );
      }
      return entry;
    }
    await appendAudit(trx, {
      orgId: auth.orgId,
      actor: auth.userId,
      action: 'pay.bonus',
      target: `project:${projectId}`,
      details: { ledgerId: entry.id, userId: b.userId, amountMinor: b.amountMinor, currency: pay.currency },
    });
    return entry;
  });
  return { id: e.id, userId: b.userId, projectId, amountMinor: b.amountMinor, currency: pay.currency, createdAt: e.created_at, replayed: e.replayed };
}
