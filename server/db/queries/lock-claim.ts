import { sql, type Transaction } from 'kysely';
import type { ClaimStatus, DB } from '../schema.ts';

export interface LockedClaim {
  id: number;
  task_id: number;
  project_id: number;
  user_id: number;
  stage: 'label' | 'review';
  status: ClaimStatus;
  expired: boolean;
  /** When the claim was taken: a paid piece's active time is bounded by the time held since (record-pay.ts). */
  claimed_at: Date;
  needed: number;
  active: number;
  submitted: number;
  task_status: string;
  data: Record<string, unknown>;
  gold: Record<string, unknown> | null;
  /** The project's settings the submit path needs, read in the same statement. */
  project: {
    id: number;
    schema: unknown;
    overlap_max: number;
    target_confidence: number;
    review_rate: number;
    aggregation: string;
    gold_min_accuracy: number;
    gold_min_seen: number;
    /** The stored pay settings (core/pay's paySettingsOf reads them): a paid submit writes a piece. */
    pay: unknown;
  };
}

/**
 * Locks a claim and then its task, always in that order (the reaper also
 * locks claims before tasks), for submit and skip.
 *
 * The race it guards: a double submit of one claim, or a submit racing the
 * reaper. The second party waits on the claim row and then reads its newest
 * status (`submitted` or `expired`), so each transition happens once.
 */
export async function lockClaim(trx: Transaction<DB>, claimId: number, orgId: number): Promise<LockedClaim | undefined> {
  const claim = await sql<{ id: number; task_id: number }>`
    select id, task_id from claims where id = ${claimId} and org_id = ${orgId} for update`.execute(trx);
  const c = claim.rows[0];
  if (!c) return undefined;
  const res = await sql<LockedClaim>`
    select c.id, c.task_id, c.project_id, c.user_id, c.stage, c.status, c.lease_until < now() as expired, c.created_at as claimed_at,
           t.needed, t.active, t.submitted, t.status as task_status, t.data, t.gold,
           json_build_object('id', p.id, 'schema', p.schema, 'overlap_max', p.overlap_max,
             'target_confidence', p.target_confidence, 'review_rate', p.review_rate, 'aggregation', p.aggregation,
             'gold_min_accuracy', p.gold_min_accuracy, 'gold_min_seen', p.gold_min_seen, 'pay', p.pay) as project
    from claims c join tasks t on t.id = c.task_id join projects p on p.id = c.project_id
    where c.id = ${c.id}
    for update of t`.execute(trx);
  return res.rows[0];
}
