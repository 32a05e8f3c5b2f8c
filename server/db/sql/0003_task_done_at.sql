-- When a task was last completed, for progress over time (stats timeline).
alter table tasks add column done_at timestamptz;
create index tasks_done_at_idx on tasks (project_id, done_at) where done_at is not null;
