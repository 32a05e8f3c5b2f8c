-- Webhook delivery (outbox/webhooks.ts). An event (task.completed, ...) is
-- enqueued in the transaction of the change that causes it; the worker fans
-- it out into one delivery per subscribed webhook (and a task's callbackUrl),
-- and sends each delivery with retries. A delivery row is what its owner
-- reads back: attempts, the last HTTP status or error, when it is due again.
create table webhook_deliveries (
  id bigint generated always as identity primary key,
  org_id bigint not null references orgs (id) on delete cascade,
  -- null: a task's own callbackUrl. Deleting a webhook deletes its deliveries,
  -- which stops their retries (the send finds no row).
  webhook_id bigint references webhooks (id) on delete cascade,
  url text not null,
  event text not null,
  -- The event's identity, so a fan-out that runs twice (a crash before its
  -- job was closed) makes no second delivery to the same target.
  event_key text not null,
  event_at timestamptz not null,
  data jsonb not null,
  status text not null default 'pending' check (status in ('pending', 'delivered', 'failed')),
  attempts int not null default 0,
  last_status int,
  last_error text,
  last_attempt_at timestamptz,
  next_attempt_at timestamptz,
  delivered_at timestamptz,
  created_at timestamptz not null default now()
);
create unique index webhook_deliveries_event_target_key on webhook_deliveries (event_key, (coalesce(webhook_id, 0)));
create index webhook_deliveries_webhook_idx on webhook_deliveries (webhook_id, id);
create index webhooks_org_idx on webhooks (org_id);

-- Outbox workers claim by kind (the webhook senders only webhook.deliver and
-- webhook.event, the main worker the rest: outbox/worker.ts): with this index
-- each finds its due jobs without scanning past the other's backlog.
create index outbox_kind_due_idx on outbox (kind, run_at, id) where done_at is null;

-- Per-task callbacks have no webhook and so no webhook secret: they are
-- signed with the org's callback secret once an admin has created one
-- (POST /api/v1/callbacks/secret), and sent unsigned before.
create table callback_secrets (
  org_id bigint primary key references orgs (id) on delete cascade,
  secret text not null,
  created_at timestamptz not null default now()
);
