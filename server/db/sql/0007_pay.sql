-- Fair pay (docs/pay.md): piece entries written by submits, floor top-ups
-- written by settling a pay period, bonuses written by managers.

-- A settled pay period of a project: [period_from, period_to). Periods of one
-- project never overlap (checked under a per-project advisory lock when a
-- period is settled); the floor and currency are the ones it was settled at.
create table pay_settlements (
  id bigint generated always as identity primary key,
  org_id bigint not null references orgs (id) on delete cascade,
  project_id bigint not null references projects (id) on delete cascade,
  period_from timestamptz not null,
  period_to timestamptz not null,
  currency text not null,
  hourly_floor_minor bigint not null,
  created_by bigint references users (id) on delete set null,
  created_at timestamptz not null default now(),
  check (period_from < period_to)
);
create index pay_settlements_project_idx on pay_settlements (project_id, period_from);

-- A top-up belongs to the period it settled, whenever it was written.
alter table pay_ledger add column settlement_id bigint references pay_settlements (id) on delete cascade;
-- One piece per annotation: the backstop behind the submit's idempotency.
create unique index pay_ledger_piece_key on pay_ledger (annotation_id) where kind = 'piece';
-- One top-up per annotator and settled period.
create unique index pay_ledger_topup_key on pay_ledger (settlement_id, user_id) where kind = 'topup';
-- A project's pay report and a period's settlement read entries by time.
create index pay_ledger_project_time_idx on pay_ledger (project_id, created_at);
-- An annotator's own earnings across the org's projects.
create index pay_ledger_user_time_idx on pay_ledger (user_id, created_at);
