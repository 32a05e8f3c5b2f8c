-- Quality engine: gold bar, review stage, fitted truth-inference models,
-- de-duplicated background jobs, predictions on import.

alter table projects
  add column gold_min_accuracy double precision not null default 0.7 check (gold_min_accuracy between 0 and 1),
  add column gold_min_seen int not null default 5 check (gold_min_seen >= 1);

-- 'review': waiting for a reviewer; 'reviewing': leased to one (set on the row so
-- the review claim's capacity test reads only the row it locks, like label claims).
alter table tasks drop constraint tasks_status_check;
alter table tasks add constraint tasks_status_check check (status in ('open', 'done', 'review', 'reviewing'));
create index tasks_review_idx on tasks (project_id, id) where status = 'review';

alter table reviews
  add column task_id bigint references tasks (id) on delete cascade,
  add column claim_id bigint unique references claims (id) on delete cascade,
  alter column annotation_id drop not null;
create index reviews_task_idx on reviews (task_id);

-- One fitted model per categorical field; see core/aggregate/field-model.ts.
create table quality_models (
  project_id bigint not null references projects (id) on delete cascade,
  field text not null,
  method text not null,
  model jsonb not null,
  answers int not null,
  iterations int not null,
  fitted_at timestamptz not null default now(),
  primary key (project_id, field)
);

alter table annotator_quality add column estimated_accuracy double precision;

-- At most one pending job per key (e.g. one refit per project), however many submits ask.
alter table outbox add column dedupe_key text;
create unique index outbox_pending_key on outbox (dedupe_key) where done_at is null;

-- One label claim per (task, user); a reviewer may review a task again after it was relabeled.
drop index claims_task_user_stage_key;
create unique index claims_task_user_label_key on claims (task_id, user_id) where stage = 'label';
