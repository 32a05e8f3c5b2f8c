-- Tally schema, version 1. Every row that belongs to a customer carries org_id,
-- so every query can be scoped to the caller's org (the wall between customers).

create table orgs (
  id bigint generated always as identity primary key,
  name text not null,
  created_at timestamptz not null default now()
);

create table users (
  id bigint generated always as identity primary key,
  email text not null,
  name text not null default '',
  password_hash text,
  created_at timestamptz not null default now()
);
create unique index users_email_key on users (lower(email));

create table memberships (
  org_id bigint not null references orgs (id) on delete cascade,
  user_id bigint not null references users (id) on delete cascade,
  role text not null check (role in ('owner', 'admin', 'manager', 'reviewer', 'annotator')),
  created_at timestamptz not null default now(),
  primary key (org_id, user_id)
);
create index memberships_user_idx on memberships (user_id);

-- Tokens are random 32-byte secrets: sha256 of the secret is stored, never the secret.
create table api_tokens (
  id bigint generated always as identity primary key,
  org_id bigint not null references orgs (id) on delete cascade,
  user_id bigint not null references users (id) on delete cascade,
  name text not null default '',
  prefix text not null,
  token_hash text not null unique,
  created_at timestamptz not null default now(),
  last_used_at timestamptz,
  revoked_at timestamptz
);

create table sessions (
  id_hash text primary key,
  user_id bigint not null references users (id) on delete cascade,
  org_id bigint not null references orgs (id) on delete cascade,
  created_at timestamptz not null default now(),
  expires_at timestamptz not null
);

create table projects (
  id bigint generated always as identity primary key,
  org_id bigint not null references orgs (id) on delete cascade,
  name text not null,
  instructions_md text not null default '',
  schema jsonb not null,
  overlap_min int not null default 1 check (overlap_min >= 1),
  overlap_max int not null default 1,
  target_confidence double precision not null default 0.8,
  lease_seconds int not null default 600 check (lease_seconds between 5 and 86400),
  gold_rate double precision not null default 0,
  review_rate double precision not null default 0,
  aggregation text not null default 'auto',
  pay jsonb not null default '{}',
  status text not null default 'active' check (status in ('active', 'paused', 'archived')),
  created_by bigint references users (id),
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (overlap_max >= overlap_min)
);
create index projects_org_idx on projects (org_id, id);

create table batches (
  id bigint generated always as identity primary key,
  org_id bigint not null references orgs (id) on delete cascade,
  project_id bigint not null references projects (id) on delete cascade,
  name text not null,
  priority int not null default 0,
  created_at timestamptz not null default now()
);

-- needed/active/submitted are counters kept on the task row so that the claim
-- statement's capacity check reads only the row it locks (see claim-next-task.ts).
create table tasks (
  id bigint generated always as identity primary key,
  org_id bigint not null references orgs (id) on delete cascade,
  project_id bigint not null references projects (id) on delete cascade,
  batch_id bigint references batches (id) on delete set null,
  unique_id text,
  data jsonb not null,
  metadata jsonb not null default '{}',
  priority int not null default 0,
  batch_priority int not null default 0,
  gold jsonb,
  needed int not null,
  active int not null default 0 check (active >= 0),
  submitted int not null default 0,
  status text not null default 'open' check (status in ('open', 'done', 'review')),
  callback_url text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now(),
  check (active + submitted <= needed)
);
create unique index tasks_unique_id_key on tasks (project_id, unique_id);
-- The claim order: batch priority, task priority, age. Partial: only open tasks are scanned.
create index tasks_claim_order_idx on tasks (project_id, batch_priority desc, priority desc, id)
  where status = 'open' and gold is null;
create index tasks_gold_idx on tasks (project_id, id) where gold is not null;
create index tasks_project_status_idx on tasks (project_id, status, id);

create table claims (
  id bigint generated always as identity primary key,
  org_id bigint not null,
  project_id bigint not null,
  task_id bigint not null references tasks (id) on delete cascade,
  user_id bigint not null references users (id) on delete cascade,
  stage text not null default 'label' check (stage in ('label', 'review')),
  status text not null default 'active' check (status in ('active', 'submitted', 'expired', 'skipped')),
  lease_until timestamptz not null,
  active_ms bigint not null default 0,
  skip_reason text,
  created_at timestamptz not null default now(),
  updated_at timestamptz not null default now()
);
-- A task is never claimed twice by one user (per stage): the backstop behind the claim query.
create unique index claims_task_user_stage_key on claims (task_id, user_id, stage);
create index claims_active_lease_idx on claims (project_id, lease_until) where status = 'active';
create index claims_user_idx on claims (user_id, project_id, status);

create table annotations (
  id bigint generated always as identity primary key,
  org_id bigint not null,
  project_id bigint not null,
  task_id bigint not null references tasks (id) on delete cascade,
  user_id bigint not null references users (id) on delete cascade,
  claim_id bigint not null unique references claims (id) on delete cascade,
  value jsonb not null,
  active_ms bigint not null default 0,
  created_at timestamptz not null default now()
);
create index annotations_task_idx on annotations (task_id);
create index annotations_project_user_idx on annotations (project_id, user_id);
create index annotations_project_created_idx on annotations (project_id, created_at);

create table reviews (
  id bigint generated always as identity primary key,
  org_id bigint not null,
  annotation_id bigint not null references annotations (id) on delete cascade,
  reviewer_id bigint not null references users (id),
  verdict text not null check (verdict in ('accept', 'reject', 'fix')),
  value jsonb,
  comment text,
  created_at timestamptz not null default now()
);

create table results (
  task_id bigint primary key references tasks (id) on delete cascade,
  org_id bigint not null,
  project_id bigint not null,
  value jsonb not null,
  confidence double precision,
  method text not null,
  agreement double precision,
  -- per field: {confidence, votes, method}; the overall confidence is the weakest field's
  fields jsonb not null default '{}',
  updated_at timestamptz not null default now()
);

create table annotator_quality (
  project_id bigint not null references projects (id) on delete cascade,
  user_id bigint not null references users (id) on delete cascade,
  gold_seen int not null default 0,
  gold_correct int not null default 0,
  accuracy double precision,
  state text not null default 'active' check (state in ('active', 'paused')),
  reason text,
  updated_at timestamptz not null default now(),
  primary key (project_id, user_id)
);

create table pay_ledger (
  id bigint generated always as identity primary key,
  org_id bigint not null,
  user_id bigint not null,
  project_id bigint not null,
  annotation_id bigint,
  kind text not null check (kind in ('piece', 'topup', 'bonus')),
  amount_minor bigint not null,
  currency text not null,
  active_ms bigint not null default 0,
  created_at timestamptz not null default now()
);

create table predictions (
  id bigint generated always as identity primary key,
  task_id bigint not null references tasks (id) on delete cascade,
  model text not null,
  value jsonb not null,
  score double precision,
  created_at timestamptz not null default now()
);
create index predictions_task_idx on predictions (task_id);

-- Background work: claimed with FOR UPDATE SKIP LOCKED by any number of processes.
create table outbox (
  id bigint generated always as identity primary key,
  kind text not null,
  payload jsonb not null,
  attempts int not null default 0,
  run_at timestamptz not null default now(),
  done_at timestamptz,
  last_error text
);
create index outbox_due_idx on outbox (run_at) where done_at is null;

create table webhooks (
  id bigint generated always as identity primary key,
  org_id bigint not null references orgs (id) on delete cascade,
  url text not null,
  secret text not null,
  events text[] not null default '{}',
  created_at timestamptz not null default now()
);

create table audit_log (
  id bigint generated always as identity primary key,
  org_id bigint not null,
  actor bigint,
  action text not null,
  target text,
  at timestamptz not null default now(),
  prev_hash text,
  hash text not null
);
