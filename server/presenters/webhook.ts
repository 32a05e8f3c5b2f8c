import type { Selectable } from 'kysely';
import type { DB } from '../db/schema.ts';

/** A webhook as listed: never its secret, which only its creation answers. */
export function presentWebhook(w: Omit<Selectable<DB['webhooks']>, 'secret' | 'org_id'>) {
  return { id: w.id, url: w.url, events: w.events, createdAt: w.created_at };
}

/** One delivery of an event to a webhook or a task's callbackUrl, with its attempts so far. */
export function presentDelivery(d: Selectable<DB['webhook_deliveries']>) {
  return {
    id: d.id,
    webhookId: d.webhook_id,
    event: d.event,
    url: d.url,
    status: d.status,
    attempts: d.attempts,
    lastStatus: d.last_status,
    lastError: d.last_error,
    lastAttemptAt: d.last_attempt_at,
    nextAttemptAt: d.next_attempt_at,
    deliveredAt: d.delivered_at,
    createdAt: d.created_at,
    data: d.data,
  };
}
