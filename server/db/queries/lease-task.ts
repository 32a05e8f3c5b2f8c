import { sql, type RawBuilder } from 'kysely';

/**
 * The common tail of every claim statement: given a CTE `taken` (the task
 * row just reserved: id, org_id, project_id, data), insert the lease and
 * answer it with the task's data and its pre-annotations, in the same
 * statement, so a claim is one round trip.
 */
export function leaseTaken(p: {
  userId: number;
  stage: 'label' | 'review';
  /** Seconds, or an expression over the statement's CTEs. */
  leaseSeconds: number | RawBuilder<number>;
  /** Also answer `gold_rate` from the statement's `work` CTE (label claims, see workableProject). */
  goldRate?: boolean;
}) {
  return sql`claim as (
      insert into claims (org_id, project_id, task_id, user_id, stage, lease_until)
      select org_id, project_id, id, ${p.userId}, ${p.stage}, now() + make_interval(secs => ${p.leaseSeconds})
      from taken
      returning id, task_id, lease_until
    )
    select claim.id as claim_id, claim.lease_until, taken.id as task_id, taken.data,
           coalesce((select json_agg(json_build_object('model', pr.model, 'value', pr.value, 'score', pr.score)
                                     order by pr.score desc nulls last, pr.id)
                     from predictions pr where pr.task_id = taken.id), '[]'::json) as predictions
           ${p.goldRate ? sql`, (select gold_rate from work) as gold_rate` : sql``}
    from claim join taken on taken.id = claim.task_id`;
}
