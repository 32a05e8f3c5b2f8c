import { sql, type Kysely } from 'kysely';
import { parseLabelSchema, type LabelSchemaT } from '../../core/schema/index.ts';
import { normalizePay, type PaySettingsInputT } from '../../core/pay/index.ts';
import type { DB } from '../db/schema.ts';
import { inTransaction } from '../db/transaction.ts';
import { payLockKey } from '../db/queries/record-pay.ts';
import { appendAudit } from '../db/queries/append-audit.ts';
import { errors } from '../errors.ts';
import type { AuthContext } from '../http/auth-hook.ts';
import { authorize } from '../policies/roles.ts';
import type { CreateProjectReq, UpdateProjectReq } from '../routes/projects/schema.ts';
import type { ProjectRow } from '../presenters/project.ts';

/** Parses a label schema or answers 422 naming the first bad field and why. */
export function checkLabelSchema(input: unknown): LabelSchemaT {
  const parsed = parseLabelSchema(input);
  if (parsed.ok) return parsed.schema;
  const first = parsed.errors[0];
  const code = first.code === 'unknown_field_type' ? 'unknown_field_type' : 'invalid_schema';
  throw errors.unprocessable(code, `schema ${first.path}: ${first.message}`, { path: first.path, issues: parsed.errors });
}

/**
 * A project's new pay settings with defaults filled in (`{}` when unpaid).
 * Rates may change at any time (each ledger entry keeps the amount it was
 * written with), but not the currency once the project has ledger entries:
 * a report or a settlement would otherwise add amounts in two currencies.
 */
async function checkedPayChange(db: Kysely<DB>, projectId: number, input: PaySettingsInputT) {
  const pay = normalizePay(input);
  if (!pay) return {};
  const other = await db
    .selectFrom('pay_ledger')
    .select('currency')
    .where('project_id', '=', projectId)
    .where('currency', '<>', pay.currency)
    .limit(1)
    .executeTakeFirst();
  if (other) {
    throw errors.conflict(
      'pay_currency_locked',
      `Project ${projectId} already has pay in ${other.currency}; its currency cannot change to ${pay.currency}. Keep ${other.currency}, or pay in ${pay.currency} in a new project.`,
      { currency: other.currency },
    );
  }
  return pay;
}

function checkOverlap(min: number, max: number) {
  if (max < min) throw errors.unprocessable('invalid_overlap', `overlapMax (${max}) must be at least overlapMin (${min}).`);
}

export async function createProject(db: Kysely<DB>, auth: AuthContext, body: CreateProjectReq) {
  authorize(auth.role, 'projects.create');
  const schema = checkLabelSchema(body.schema);
  const overlapMin = body.overlapMin ?? 1;
  const overlapMax = body.overlapMax ?? Math.max(overlapMin, 1);
  checkOverlap(overlapMin, overlapMax);
  return inTransaction(db, async (trx) => {
    const row = await trx
      .insertInto('projects')
      .values({
        org_id: auth.orgId,
        name: body.name,
        instructions_md: body.instructions ?? '',
        schema: JSON.stringify(schema),
        overlap_min: overlapMin,
        overlap_max: overlapMax,
        target_confidence: body.targetConfidence ?? 0.8,
        lease_seconds: body.leaseSeconds ?? 600,
        gold_rate: body.goldRate ?? 0,
        review_rate: body.reviewRate ?? 0,
        gold_min_accuracy: body.goldMinAccuracy ?? 0.7,
        gold_min_seen: body.goldMinSeen ?? 5,
        aggregation: body.aggregation ?? 'auto',
        pay: JSON.stringify(normalizePay(body.pay ?? {}) ?? {}),
        created_by: auth.userId,
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await appendAudit(trx, { orgId: auth.orgId, actor: auth.userId, action: 'project.create', target: `project:${row.id}`, details: { name: row.name } });
    return row;
  });
}

/** Loads a project of the caller's org; another org's project is a 404, never its data. */
export async function getProject(db: Kysely<DB>, auth: AuthContext, id: number): Promise<ProjectRow> {
  const row = await db.selectFrom('projects').selectAll().where('id', '=', id).where('org_id', '=', auth.orgId).executeTakeFirst();
  if (!row) throw errors.notFound('Project', id);
  return row;
}

export async function listProjects(db: Kysely<DB>, auth: AuthContext, cursor: number | undefined, limit: number) {
  authorize(auth.role, 'projects.read');
  let q = db.selectFrom('projects').selectAll().where('org_id', '=', auth.orgId).orderBy('id').limit(limit + 1);
  if (cursor) q = q.where('id', '>', cursor);
  const rows = await q.execute();
  return { rows: rows.slice(0, limit), next: rows.length > limit ? rows[limit - 1].id : null };
}

export async function updateProject(db: Kysely<DB>, auth: AuthContext, id: number, body: UpdateProjectReq) {
  authorize(auth.role, 'projects.update');
  const current = await getProject(db, auth, id);
  const overlapMin = body.overlapMin ?? current.overlap_min;
  const overlapMax = body.overlapMax ?? Math.max(current.overlap_max, overlapMin);
  checkOverlap(overlapMin, overlapMax);
  const patch: Record<string, unknown> = { updated_at: new Date(), overlap_min: overlapMin, overlap_max: overlapMax };
  if (body.schema) patch.schema = JSON.stringify(checkLabelSchema(body.schema));
  if (body.name !== undefined) patch.name = body.name;
  if (body.instructions !== undefined) patch.instructions_md = body.instructions;
  if (body.targetConfidence !== undefined) patch.target_confidence = body.targetConfidence;
  if (body.leaseSeconds !== undefined) patch.lease_seconds = body.leaseSeconds;
  if (body.goldRate !== undefined) patch.gold_rate = body.goldRate;
  if (body.reviewRate !== undefined) patch.review_rate = body.reviewRate;
  if (body.goldMinAccuracy !== undefined) patch.gold_min_accuracy = body.goldMinAccuracy;
  if (body.goldMinSeen !== undefined) patch.gold_min_seen = body.goldMinSeen;
  if (body.aggregation !== undefined) patch.aggregation = body.aggregation;
  if (body.status !== undefined) patch.status = body.status;
  // The keys the caller sent, for the audit entry (their values may be large: the schema, instructions).
  const keys = Object.keys(body).filter((k) => body[k as keyof UpdateProjectReq] !== undefined).sort();
  const pay = body.pay;
  return inTransaction(db, async (trx) => {
    // The pay lock, exclusive, across the currency check and the update: a piece or bonus in flight
    // commits first (and the check sees it), or is written after this commits and sees the new pay.
    if (pay !== undefined) {
      await sql`select pg_advisory_xact_lock(${payLockKey(id)})`.execute(trx);
      patch.pay = JSON.stringify(await checkedPayChange(trx, id, pay));
    }
    const row = await trx.updateTable('projects').set(patch).where('id', '=', id).where('org_id', '=', auth.orgId).returningAll().executeTakeFirst();
    if (!row) throw errors.notFound('Project', id);
    await appendAudit(trx, { orgId: auth.orgId, actor: auth.userId, action: 'project.update', target: `project:${id}`, details: { keys } });
    return row;
  });
}
