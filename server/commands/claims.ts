import { sql, type Kysely, type Transaction } from 'kysely';
import { validateAnnotation, type LabelSchemaT } from '../../core/schema/index.ts';
import type { DB } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import { claimNextTask, type ClaimedTask } from '../db/queries/claim-next-task.ts';
import { claimGoldTask } from '../db/queries/claim-gold-task.ts';
import { reapIfDue } from '../db/queries/reap-expired-claims.ts';
import { lockClaim, type LockedClaim } from '../db/queries/lock-claim.ts';
import { storeAnnotation } from '../db/queries/store-annotation.ts';
import { recordPayEntry } from '../db/queries/record-pay.ts';
import { capActiveMs, paySettingsOf } from '../../core/pay/index.ts';
import { AppError, errors } from '../errors.ts';
import { ScopedCache } from '../scoped-cache.ts';
import type { AuthContext } from '../http/auth-hook.ts';
import { authorize } from '../policies/roles.ts';
import { recomputeResult } from './recompute-result.ts';
import { recordGoldAnswer } from './score-gold.ts';

async function projectForWork(db: Kysely<DB>, auth: AuthContext, projectId: number) {
  const p = await db
    .selectFrom('projects as p')
    .leftJoin('annotator_quality as q', (j) => j.onRef('q.project_id', '=', 'p.id').on('q.user_id', '=', auth.userId))
    .select(['p.id', 'p.status', 'p.lease_seconds', 'p.gold_rate', 'q.state', 'q.reason'])
    .where('p.id', '=', projectId)
    .where('p.org_id', '=', auth.orgId)
    .executeTakeFirst();
  if (!p) throw errors.notFound('Project', projectId);
  if (p.status !== 'active') throw errors.conflict('project_not_active', `Project ${projectId} is ${p.status}; a manager must set it active before work can be claimed.`);
  if (p.state === 'paused') {
    throw new AppError(403, 'annotator_paused', p.reason ?? 'You are paused on this project for quality; ask a manager to review your work.', {
      reason: p.reason,
    });
  }
  return p;
}

/** Retries a claim statement when one user's two concurrent claims met on one task (23505). */
async function retryingClaim(run: () => Promise<ClaimedTask | undefined>) {
  for (let attempt = 1; ; attempt++) {
    try {
      return await run();
    } catch (err) {
      const code = (err as { code?: string }).code;
      if (attempt < 5 && (code === '23505' || code === '40P01')) continue;
      throw err;
    }
  }
}

/**
 * Each project's gold rate as this process last saw it, per database (tests
 * run several in one process) and org. A claim draws gold or not before its
 * statement runs, and every label claim answers the current rate, so a
 * change reaches this process's draws by its next claim on the project.
 * Keyed by org: the rate is only stored after a check that the project is the
 * org's, so a caller from another org never skips that check (404 before
 * anything runs on the project).
 */
const goldRates = new ScopedCache<string, number>(10_000);

function goldRateSeen(db: object, auth: AuthContext, projectId: number, rate?: number): number | undefined {
  const key = `${auth.orgId}:${projectId}`;
  return rate === undefined ? goldRates.get(db, key) : goldRates.set(db, key, rate);
}

/**
 * Leases the caller the next task of a project, or returns undefined when
 * none is left for them. With probability `gold_rate` the task is a gold task
 * they have not seen; the annotator cannot tell the difference.
 *
 * The claim statement itself checks that the caller may work on the project
 * (workableProject), so a claim is one round trip. The project is read only
 * for the first claim on it of the caller's org in this process (for the
 * gold rate), and when a claim comes back empty, to answer why (404, 409 not
 * active, 403 paused) or to go on to the "queue looks empty" path.
 */
export async function claimTask(db: Kysely<DB>, auth: AuthContext, projectId: number, random: () => number = Math.random) {
  authorize(auth.role, 'claims.work');
  // Every statement of a claim runs on one connection: under load a claim then
  // waits for a free connection once, not once per statement. Nothing in here
  // may ask the pool for a second one (the reaper runs on `conn` too), or
  // claims holding every connection could wait on each other for ever.
  return db.connection().execute(async (conn) => {
    // The first claim of an org's project in this process reads the project (and so checks it) for its gold rate.
    const goldRate = goldRateSeen(db, auth, projectId) ?? goldRateSeen(db, auth, projectId, (await projectForWork(conn, auth, projectId)).gold_rate)!;
    await reapIfDue(db, projectId, false, conn);
    const p = { projectId, orgId: auth.orgId, userId: auth.userId };
    const claimed =
      (goldRate > 0 && random() < goldRate ? await retryingClaim(() => claimGoldTask(conn, p)) : undefined) ??
      (await retryingClaim(() => claimNextTask(conn, p)));
    if (claimed) {
      goldRateSeen(db, auth, projectId, claimed.gold_rate);
      return claimed;
    }
    // Nothing came back: say why when the caller may not work here (this throws),
    // then free expired slots now and wait out rows locked by in-flight
    // submits/claims instead of skipping them before answering "none left".
    goldRateSeen(db, auth, projectId, (await projectForWork(conn, auth, projectId)).gold_rate);
    await reapIfDue(db, projectId, true, conn);
    return retryingClaim(() => claimNextTask(conn, { ...p, wait: true }));
  });
}

export async function ownClaim(db: Kysely<DB>, auth: AuthContext, claimId: number) {
  const c = await db
    .selectFrom('claims')
    .select(['id', 'user_id', 'status', 'lease_until'])
    .where('id', '=', claimId)
    .where('org_id', '=', auth.orgId)
    .executeTakeFirst();
  if (!c || c.user_id !== auth.userId) throw errors.notFound('Claim', claimId);
  return c;
}

/**
 * Locks one of the caller's own claims (lockClaim's order: claim, then task).
 * Someone else's claim, or another org's, is a 404 like a missing one.
 */
export async function lockOwnClaim(trx: Transaction<DB>, auth: AuthContext, claimId: number, stage: 'label' | 'review' | 'any' = 'any') {
  const c = await lockClaim(trx, claimId, auth.orgId);
  if (!c || c.user_id !== auth.userId || (stage !== 'any' && c.stage !== stage)) {
    throw errors.notFound(stage === 'review' ? 'Review claim' : 'Claim', claimId);
  }
  return c;
}

/** Validates a value against the schema, or answers 422 naming the first bad field and why. */
export function checkedAnnotation(schema: LabelSchemaT, value: unknown, taskData: Record<string, unknown>) {
  const checked = validateAnnotation(schema, value, taskData);
  if (checked.ok) return checked.value;
  const e = checked.errors[0];
  throw errors.unprocessable('invalid_annotation', e.message, { field: e.field, reason: e.code, issues: checked.errors });
}

/** Gives a live lease's slot back: a label lease frees capacity, a review lease returns the task to the review queue. */
async function returnSlot(trx: Transaction<DB>, c: LockedClaim) {
  if (c.stage === 'label') {
    await sql`update tasks set active = active - 1, updated_at = now() where id = ${c.task_id}`.execute(trx);
  } else {
    await sql`update tasks set status = 'review', updated_at = now() where id = ${c.task_id} and status = 'reviewing'`.execute(trx);
  }
}

export function closedClaimError(claimId: number, status: string) {
  if (status === 'expired') {
    return errors.conflict('lease_expired', `Claim ${claimId} expired and its slot was given to someone else. Claim a new task.`);
  }
  return errors.conflict('claim_closed', `Claim ${claimId} is already ${status}.`, { status });
}

/** Extends a live lease by the project's lease_seconds. */
export async function heartbeat(db: Kysely<DB>, auth: AuthContext, claimId: number) {
  const res = await sql<{ lease_until: Date }>`
    update claims c set lease_until = now() + make_interval(secs => p.lease_seconds), updated_at = now()
    from projects p
    where p.id = c.project_id and c.id = ${claimId} and c.org_id = ${auth.orgId}
      and c.user_id = ${auth.userId} and c.status = 'active'
    returning c.lease_until`.execute(db);
  if (res.rows[0]) return { claimId, leaseUntil: res.rows[0].lease_until };
  const c = await ownClaim(db, auth, claimId);
  throw closedClaimError(claimId, c.status);
}

export interface SubmitInput {
  value: unknown;
  activeMs?: number;
}

/**
 * Stores an annotation for a claim. Idempotent: submitting a claim again
 * returns the stored annotation. A claim whose lease expired is still
 * accepted while its slot is free; once the slot was given away it is refused.
 * The annotation, the counters, the result and (in a paid project) the
 * annotator's piece of pay commit together, so a 2xx means all are durable.
 */
export async function submitClaim(db: Kysely<DB>, auth: AuthContext, claimId: number, input: SubmitInput) {
  authorize(auth.role, 'claims.work');
  return inTransaction(db, async (trx) => {
    const c = await lockOwnClaim(trx, auth, claimId);
    if (c.stage !== 'label') {
      throw errors.conflict('wrong_stage', `Claim ${claimId} is a review claim: submit it with POST /api/v1/reviews/${claimId}/submit.`);
    }
    if (c.status === 'submitted') {
      const a = await trx.selectFrom('annotations').selectAll().where('claim_id', '=', claimId).executeTakeFirstOrThrow();
      return { annotation: a, replayed: true };
    }
    if (c.status === 'skipped') throw closedClaimError(claimId, c.status);
    if (c.status === 'expired' && (c.task_status !== 'open' || c.active + c.submitted >= c.needed)) {
      throw closedClaimError(claimId, c.status);
    }
    const project = c.project;
    const schema = project.schema as LabelSchemaT;
    const value = checkedAnnotation(schema, input.value, c.data);
    const activeMs = Math.max(0, Math.round(input.activeMs ?? 0));
    const { annotation, answers } = await storeAnnotation(trx, { orgId: auth.orgId, claim: c, userId: auth.userId, value, activeMs });
    // A paid project pays the piece in the same transaction (one insert); a replayed submit returned above, so never twice.
    const pay = paySettingsOf(project.pay);
    if (pay) {
      await recordPayEntry(trx, {
        orgId: auth.orgId,
        userId: auth.userId,
        projectId: c.project_id,
        annotationId: annotation.id,
        kind: 'piece',
        amountMinor: pay.pieceRateMinor,
        currency: pay.currency,
        // Paid time is what was reported, capped, and bounded by what the server saw (held since the claim,
        // and since this annotator's previous piece here); the annotation keeps the reported time.
        activeMs: capActiveMs(activeMs, pay.maxActiveMsPerTask),
        heldSince: c.claimed_at,
      });
    }
    if (c.gold) {
      await recordGoldAnswer(trx, { projectId: c.project_id, userId: auth.userId, schema, bar: project, gold: c.gold, value });
    } else {
      await recomputeResult(trx, db, { id: c.task_id, org_id: auth.orgId, project_id: c.project_id }, schema, project, answers);
    }
    return { annotation, replayed: false };
  });
}

/** Gives a claimed task back; the caller will not be offered it again. */
export async function skipClaim(db: Kysely<DB>, auth: AuthContext, claimId: number, reason?: string) {
  authorize(auth.role, 'claims.work');
  return inTransaction(db, async (trx) => {
    const c = await lockOwnClaim(trx, auth, claimId);
    if (c.status === 'skipped') return { claimId, status: 'skipped' as const };
    if (c.status === 'submitted') throw closedClaimError(claimId, c.status);
    await trx
      .updateTable('claims')
      .set({ status: 'skipped', skip_reason: reason ?? null, updated_at: new Date() })
      .where('id', '=', c.id)
      .execute();
    // An expired lease already gave its slot back when it was reaped.
    if (c.status === 'active') await returnSlot(trx, c);
    return { claimId, status: 'skipped' as const };
  });
}

/**
 * Gives a lease back as if it had never been taken: the claim row goes away,
 * the slot returns to the task, and the caller may be offered the task again
 * later (unlike skip). For prefetched tasks the user never saw, and for a
 * reviewer leaving the review page.
 */
export async function releaseClaim(db: Kysely<DB>, auth: AuthContext, claimId: number) {
  return inTransaction(db, async (trx) => {
    const c = await lockOwnClaim(trx, auth, claimId);
    if (c.status !== 'active') throw closedClaimError(claimId, c.status);
    await trx.deleteFrom('claims').where('id', '=', c.id).execute();
    await returnSlot(trx, c);
    return { claimId, status: 'released' as const };
  });
}

/** The caller's live label leases in a project, to resume work on another device or after a reload. */
export async function myActiveClaims(db: Kysely<DB>, auth: AuthContext, projectId: number) {
  authorize(auth.role, 'claims.work');
  return db
    .selectFrom('claims as c')
    .innerJoin('tasks as t', 't.id', 'c.task_id')
    .select(['c.id as claim_id', 'c.lease_until', 't.id as task_id', 't.data'])
    .where('c.project_id', '=', projectId)
    .where('c.org_id', '=', auth.orgId)
    .where('c.user_id', '=', auth.userId)
    .where('c.stage', '=', 'label')
    .where('c.status', '=', 'active')
    .where('c.lease_until', '>', new Date())
    .orderBy('c.id')
    .execute();
}
