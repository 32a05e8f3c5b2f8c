-- A paid submit bounds its piece's active time by the time since the
-- annotator's previous piece in the project (docs/pay.md, "Active time"):
-- that previous piece is read here, newest first, one index probe.
create index pay_ledger_user_project_piece_idx on pay_ledger (user_id, project_id, created_at) where kind = 'piece';
