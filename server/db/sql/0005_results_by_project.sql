-- A project's results, in task order. Every non-gold task with a submitted
-- answer has a result (the submit writes it), so a refit walks the tasks it
-- recomputes through this index instead of scanning every task of the
-- project for `submitted > 0`; the stats and agreement queries read a
-- project's results through it too. A result's later updates change no
-- indexed column (HOT), so only its first insert pays for this index.
create index results_project_task_idx on results (project_id, task_id);
