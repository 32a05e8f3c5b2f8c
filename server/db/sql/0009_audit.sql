-- The audit log (docs/api.md, "Audit log"): who changed what, when, as a
-- hash chain per org. 0001 made the table; this adds what each entry says
-- about its change, the index the list and the verifier read, and makes the
-- table append-only.
alter table audit_log add column details jsonb not null default '{}'::jsonb;

-- Listing (newest first, per org) and verifying (oldest first, per org).
create index audit_log_org_id_idx on audit_log (org_id, id);

-- Append-only: no UPDATE, DELETE or TRUNCATE, whoever asks. An org's entries
-- outlive the org (there is no foreign key, so no cascade): the record of what
-- happened is kept. Removing entries takes a superuser who first disables the
-- trigger (or sets session_replication_role = replica), which is what the
-- hash chain is there to reveal.
create function audit_log_refuse_change() returns trigger language plpgsql as $$
begin
  raise exception 'audit_log is append-only: % is not allowed', tg_op
    using errcode = 'insufficient_privilege',
          hint = 'Audit entries are never changed or deleted; write a new entry instead.';
end;
$$;

create trigger audit_log_append_only
  before update or delete on audit_log
  for each row execute function audit_log_refuse_change();

create trigger audit_log_no_truncate
  before truncate on audit_log
  for each statement execute function audit_log_refuse_change();
