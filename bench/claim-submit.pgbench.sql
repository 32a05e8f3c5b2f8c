-- The bare SQL the claim -> submit loop runs, driven by pgbench as the limit
-- for bench/claims.ts. Each pgbench client is one annotator (user :umin +
-- client_id). The statements are those of server/commands/claims.ts:
-- projectForWork, reapExpiredClaims, claimNextTask (claim-next-task.ts,
-- verbatim), then submitClaim's transaction (lockClaim, project, insert
-- annotation, claim and task counters, recomputeResult's read, upsert and
-- status update) with a fixed label instead of the JS aggregation.
\set uid :umin + :client_id
select p.id, p.status, p.lease_seconds, q.state, q.reason
  from projects p left join annotator_quality q on q.project_id = p.id and q.user_id = :uid
  where p.id = :pid and p.org_id = :org;
with expired as (
  select id from claims
  where project_id = :pid and status = 'active' and lease_until < now()
  order by id limit 500 for update skip locked
), marked as (
  update claims c set status = 'expired', updated_at = now() from expired e where c.id = e.id returning c.task_id
), freed as (
  update tasks t set active = t.active - m.n, updated_at = now()
  from (select task_id, count(*)::int as n from marked group by task_id) m
  where t.id = m.task_id returning 1
)
select count(*)::int as n from marked;
with candidate as (
  select t.id
  from tasks t
  where t.project_id = :pid
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
  select org_id, project_id, id, :uid, 'label', now() + make_interval(secs => 600)
  from taken
  returning id, task_id, lease_until
)
select coalesce(max(claim.id), 0) as cid, coalesce(max(taken.id), 0) as tid
from claim join taken on taken.id = claim.task_id
\gset
\if :cid > 0
begin;
select id, task_id from claims where id = :cid and org_id = :org for update;
select c.id, c.task_id, c.project_id, c.user_id, c.stage, c.status, c.lease_until < now() as expired,
       t.needed, t.active, t.submitted, t.status as task_status, t.data, t.gold
  from claims c join tasks t on t.id = c.task_id where c.id = :cid for update of t;
select schema, overlap_max, target_confidence, org_id from projects where id = :pid;
insert into annotations (org_id, project_id, task_id, user_id, claim_id, value, active_ms)
  values (:org, :pid, :tid, :uid, :cid, '{"sentiment":"pos"}', 1000) returning *;
update claims set status = 'submitted', active_ms = 1000, updated_at = now() where id = :cid;
update tasks set active = active - 1, submitted = submitted + 1, updated_at = now() where id = :tid;
select user_id, value from annotations where task_id = :tid order by id;
insert into results (task_id, org_id, project_id, value, confidence, method, agreement, fields)
  values (:tid, :org, :pid, '{"sentiment":"pos"}', 1, 'majority', 1, '{}')
  on conflict (task_id) do update set value = excluded.value, confidence = excluded.confidence, method = excluded.method,
    agreement = excluded.agreement, fields = excluded.fields, updated_at = now();
update tasks set
  needed = case when submitted >= needed and false and needed < 3 then needed + 1 else needed end,
  status = case when submitted >= needed and not (false and needed < 3) then 'done' else status end,
  updated_at = now()
  where id = :tid and gold is null;
commit;
\endif
