-- The bare SQL the claim -> submit loop runs, driven by pgbench as the limit
-- for bench/claims.ts. Each pgbench client is one annotator (user :umin +
-- client_id). The statements are those of server/commands/claims.ts, verbatim
-- but for literals: claimNextTask (claim-next-task.ts: workableProject, the
-- candidate, the lease-task.ts tail), then submitClaim's transaction (lockClaim's two
-- statements, store-annotation.ts with its read-back of the task's answers,
-- recomputeResult's result-and-route statement) with a fixed label instead of the JS
-- aggregation. Left out, as Tally runs them at most once a second per
-- project and process: the lease reap, the model-stamp read, the refit enqueue.
\set uid :umin + :client_id
with work as (
  select p.lease_seconds, p.gold_rate
  from projects p
  where p.id = :pid and p.org_id = :org and p.status = 'active'
    and not exists (
      select 1 from annotator_quality q
      where q.project_id = p.id and q.user_id = :uid and q.state = 'paused')
), candidate as (
  select t.id
  from tasks t
  where exists (select 1 from work)
    and t.project_id = :pid
    and t.status = 'open'
    and t.gold is null
    and t.active + t.submitted < t.needed
    and not exists (
      select 1 from claims c
      where c.task_id = t.id and c.user_id = :uid and c.stage = 'label'
    )
  order by t.batch_priority desc, t.priority desc, t.id
  limit 1
  for update skip locked
), taken as (
  update tasks t
  set active = t.active + 1, updated_at = now()
  from candidate
  where t.id = candidate.id
  returning t.id, t.org_id, t.project_id, t.data
), claim as (
  insert into claims (org_id, project_id, task_id, user_id, stage, lease_until)
  select org_id, project_id, id, :uid, 'label', now() + make_interval(secs => (select lease_seconds from work))
  from taken
  returning id, task_id, lease_until
)
select coalesce(max(claim.id), 0) as cid, coalesce(max(taken.id), 0) as tid,
       max((select coalesce(json_agg(json_build_object('model', pr.model, 'value', pr.value, 'score', pr.score)
                                     order by pr.score desc nulls last, pr.id), '[]'::json)::text
            from predictions pr where pr.task_id = taken.id)) as preds,
       max((select gold_rate from work)) as gold_rate
from claim join taken on taken.id = claim.task_id
\gset
\if :cid > 0
begin;
select id, task_id from claims where id = :cid and org_id = :org for update;
select c.id, c.task_id, c.project_id, c.user_id, c.stage, c.status, c.lease_until < now() as expired,
       t.needed, t.active, t.submitted, t.status as task_status, t.data, t.gold,
       json_build_object('id', p.id, 'schema', p.schema, 'overlap_max', p.overlap_max,
         'target_confidence', p.target_confidence, 'review_rate', p.review_rate, 'aggregation', p.aggregation,
         'gold_min_accuracy', p.gold_min_accuracy, 'gold_min_seen', p.gold_min_seen) as project
  from claims c join tasks t on t.id = c.task_id join projects p on p.id = c.project_id
  where c.id = :cid for update of t;
with ann as (
  insert into annotations (org_id, project_id, task_id, user_id, claim_id, value, active_ms)
  values (:org, :pid, :tid, :uid, :cid, '{"sentiment":"pos"}'::jsonb, 1000)
  returning id, task_id, user_id, claim_id, value, active_ms, created_at
), closed as (
  update claims set status = 'submitted', active_ms = 1000, updated_at = now() where id = :cid
), counted as (
  update tasks set active = active - 1, submitted = submitted + 1, updated_at = now() where id = :tid
)
select ann.*, (
  select json_agg(json_build_object('user_id', x.user_id, 'value', x.value) order by x.id)
  from (select id, user_id, value from annotations where task_id = :tid
        union all select id, user_id, value from ann) x) as answers
from ann;
with stored as (
  insert into results (task_id, org_id, project_id, value, confidence, method, agreement, fields)
  values (:tid, :org, :pid, '{"sentiment":"pos"}'::jsonb, 1, 'mv', 1, '{}'::jsonb)
  on conflict (task_id) do update set value = excluded.value, confidence = excluded.confidence, method = excluded.method,
    agreement = excluded.agreement, fields = excluded.fields, updated_at = now()
)
update tasks t set needed = x.needed, status = x.status, updated_at = now(),
  done_at = case when x.status = 'done' then now() else t.done_at end
from (
  select id,
    case when submitted >= needed and false and needed < 3 then needed + 1 else needed end as needed,
    case
      when submitted < needed or (false and needed < 3) then status
      when false or false then 'review'
      else 'done' end as status
  from tasks where id = :tid) x
where t.id = x.id;
commit;
\endif
