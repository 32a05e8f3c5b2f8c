-- A bonus may carry the caller's idempotency key (docs/pay.md, "Bonuses"):
-- sending the same bonus again after a lost answer pays it once. The key is
-- unique per project; a second insert with it fails on this index, which
-- the command turns into the first bonus's answer (or a 409 when the
-- request differs).
alter table pay_ledger add column idempotency_key text;
create unique index pay_ledger_bonus_key on pay_ledger (project_id, idempotency_key) where idempotency_key is not null;
