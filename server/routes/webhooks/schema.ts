import { z } from 'zod';
import { WEBHOOK_EVENTS } from '../../outbox/webhook-events.ts';

// Requests. url and events are checked by the command, with their own error
// codes (invalid_url, no_events, unknown_event), so they are plain strings here.
export const WebhookBody = z.object({
  url: z.string().max(2_000).describe('Where events are POSTed: an absolute http or https URL'),
  events: z
    .array(z.string().max(100))
    .max(20)
    .describe(`Events to receive: ${WEBHOOK_EVENTS.join(', ')}`),
});
export const DeliveryQuery = z.object({
  cursor: z.coerce.number().int().positive().optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  status: z.enum(['pending', 'delivered', 'failed']).optional(),
});
export const DeliveryParams = z.object({
  id: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
  deliveryId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER),
});
export const CallbackDeliveryQuery = DeliveryQuery.extend({ taskId: z.coerce.number().int().positive().optional() });

// Answers (see server/routes/responses.ts: a key missing here is dropped from the answer).
const Id = z.number().int();
const Timestamp = z.date();
export const WebhookOut = z.object({ id: Id, url: z.string(), events: z.array(z.string()), createdAt: Timestamp });
export const WebhookCreatedOut = WebhookOut.extend({
  secret: z.string().describe('Signs every delivery (Tally-Signature): shown only in this answer'),
});
export const WebhookListOut = z.object({ items: z.array(WebhookOut) });
export const DeliveryOut = z.object({
  id: Id.describe('The delivery id: the body\'s `id` and the Tally-Delivery header, the same on every attempt'),
  webhookId: Id.nullable().describe("null: a delivery to a task's callbackUrl"),
  event: z.string(),
  url: z.string(),
  status: z.enum(['pending', 'delivered', 'failed']),
  attempts: z.number().int(),
  lastStatus: z.number().int().nullable().describe('HTTP status of the last attempt; null when it got no answer'),
  lastError: z.string().nullable(),
  lastAttemptAt: Timestamp.nullable(),
  nextAttemptAt: Timestamp.nullable().describe('When a pending delivery is tried again'),
  deliveredAt: Timestamp.nullable(),
  createdAt: Timestamp,
  data: z.unknown().describe("The event's data, as sent"),
});
export const DeliveryListOut = z.object({
  items: z.array(DeliveryOut),
  nextCursor: Id.nullable().describe('Pass as `cursor` for the next (older) page; null on the last page'),
});
export const CallbackSecretOut = z.object({ secret: z.string().describe("Signs deliveries to tasks' callbackUrls: shown only in this answer") });
export const Deleted = z.undefined().describe('Deleted');
