-- A project's results, in task order. Every non-gold task with a submitted
-- answer has a result (the submit writes it), so a refit walks the tasks it
-- recomputes through this index instead of scanning every task of the
-- project for `submitted > 0`; the stats and agreement queries read a
-- project's results through it too. A result's later updates change no
-- indexed column, so those that stay on their page (HOT) skip this index.
-- Built in the migration's transaction: on a big existing results table,
-- writes to results (submits) wait until the build ends; CONCURRENTLY
-- cannot run in a transaction.
create index results_project_task_idx on results (project_id, task_id);
