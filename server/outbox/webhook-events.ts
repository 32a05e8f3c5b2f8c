import { sql, type Kysely, type Transaction } from 'kysely';
import type { DB } from '../db/schema.ts';

/**
 * The events a webhook may subscribe to (docs/api.md, "Webhooks"):
 * - `task.completed`: a task entered status done (its last needed annotation, or a
 *   reviewer's accept or fix); also POSTed to the task's own callbackUrl.
 * - `project.completed`: after a task.completed, no task of the project is left to
 *   label or review (gold tasks aside).
 * - `import.completed`: an import committed.
 */
export const WEBHOOK_EVENTS = ['task.completed', 'project.completed', 'import.completed'] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** The outbox job that fans one event out into deliveries (webhooks.ts). */
export const EVENT_JOB = 'webhook.event';
/** The outbox job that sends one delivery (webhooks.ts). */
export const DELIVER_JOB = 'webhook.deliver';

/** An event job's payload: what happened, once, for every target. */
export interface EventJob {
  event: WebhookEvent;
  /** Unique per event: a fan-out that runs twice makes no second delivery. */
  key: string;
  orgId: number;
  /** When it happened (ISO 8601): the delivery body's createdAt. */
  at: string;
  data: Record<string, unknown>;
  /** task.completed: the task's own callbackUrl. */
  callbackUrl?: string | null;
}

/** ISO 8601 in UTC with milliseconds, as JSON.stringify writes a Date. */
const iso = (ts: ReturnType<typeof sql>) => sql`to_char(${ts} at time zone 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;

/**
 * Enqueues `task.completed` for a task that just became done, in the caller's
 * transaction (so the event exists if and only if the change commits), with
 * the result as that transaction stored it. One insert, and none when nobody
 * listens: no subscribed webhook in the org and no callbackUrl on the task.
 */
export async function enqueueTaskCompleted(trx: Transaction<DB> | Kysely<DB>, taskId: number): Promise<void> {
  await sql`
    insert into outbox (kind, payload)
    select ${EVENT_JOB}, jsonb_build_object(
      'event', 'task.completed', 'key', gen_random_uuid()::text, 'orgId', t.org_id, 'at', ${iso(sql`now()`)},
      'callbackUrl', t.callback_url,
      'data', jsonb_build_object(
        'taskId', t.id, 'uniqueId', t.unique_id, 'projectId', t.project_id, 'batchId', t.batch_id, 'metadata', t.metadata,
        'status', t.status, 'annotations', t.submitted, 'completedAt', ${iso(sql`t.done_at`)},
        'result', case when r.task_id is null then null else jsonb_build_object(
          'value', r.value, 'confidence', r.confidence, 'method', r.method, 'agreement', r.agreement, 'fields', r.fields) end))
    from tasks t left join results r on r.task_id = t.id
    where t.id = ${taskId}
      and (t.callback_url is not null
           or exists (select 1 from webhooks w where w.org_id = t.org_id and w.events && array['task.completed', 'project.completed']))`.execute(trx);
}

/** Enqueues `import.completed` in the import's transaction, when a webhook of the org listens for it. */
export async function enqueueImportCompleted(
  trx: Transaction<DB> | Kysely<DB>,
  orgId: number,
  data: { projectId: number; created: number; duplicates: number; total: number; batchId: number | null },
): Promise<void> {
  await sql`
    insert into outbox (kind, payload)
    select ${EVENT_JOB}, jsonb_build_object(
      'event', 'import.completed', 'key', gen_random_uuid()::text, 'orgId', ${orgId}::bigint, 'at', ${iso(sql`now()`)},
      'data', ${JSON.stringify(data)}::jsonb || jsonb_build_object('completedAt', ${iso(sql`now()`)}))
    where exists (select 1 from webhooks w where w.org_id = ${orgId} and 'import.completed' = any(w.events))`.execute(trx);
}
