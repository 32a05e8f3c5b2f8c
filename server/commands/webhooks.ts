import { randomBytes } from 'node:crypto';
import { sql, type Kysely } from 'kysely';
import type { DB } from '../db/schema.ts';
import { errors } from '../errors.ts';
import type { AuthContext } from '../http/auth-hook.ts';
import { authorize } from '../policies/roles.ts';
import { DELIVER_JOB, WEBHOOK_EVENTS, type WebhookEvent } from '../outbox/webhook-events.ts';
import { enqueue } from '../outbox/enqueue.ts';
import { inTransaction } from '../db/transaction.ts';
import { appendAudit } from '../db/queries/append-audit.ts';

export interface WebhookInput {
  url: string;
  events: string[];
}

/** A signing secret: shown once, kept by the server to sign each delivery (outbox/webhooks.ts). */
const newSecret = () => `whsec_${randomBytes(24).toString('base64url')}`;

/** The URL events are POSTed to: absolute http or https, without user:password. */
export function checkWebhookUrl(url: string): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw errors.unprocessable('invalid_url', `"${url}" is not a URL. Give the full http(s) address events should be POSTed to, e.g. https://example.com/tally-events.`);
  }
  if (u.protocol !== 'http:' && u.protocol !== 'https:') {
    throw errors.unprocessable('invalid_url', `Webhook URLs must be http or https, not ${u.protocol.replace(':', '')}. Give e.g. https://example.com/tally-events.`);
  }
  if (u.username || u.password) {
    throw errors.unprocessable('invalid_url', 'Put no user:password in the webhook URL: verify the Tally-Signature header instead (docs/api.md, Webhooks).');
  }
  return u.toString();
}

function checkEvents(events: string[]): WebhookEvent[] {
  if (events.length === 0) throw errors.unprocessable('no_events', `Name at least one event to subscribe to: ${WEBHOOK_EVENTS.join(', ')}.`, { known: WEBHOOK_EVENTS });
  const unknown = events.filter((e) => !(WEBHOOK_EVENTS as readonly string[]).includes(e));
  if (unknown.length) {
    throw errors.unprocessable('unknown_event', `Unknown event${unknown.length > 1 ? 's' : ''} ${unknown.join(', ')}; the events are ${WEBHOOK_EVENTS.join(', ')}.`, {
      unknown,
      known: WEBHOOK_EVENTS,
    });
  }
  return [...new Set(events)] as WebhookEvent[];
}

const LISTED = ['id', 'url', 'events', 'created_at'] as const;

/** Creates a webhook; the answer holds its secret, the only time it is shown. */
export async function createWebhook(db: Kysely<DB>, auth: AuthContext, input: WebhookInput) {
  authorize(auth.role, 'webhooks.manage');
  const url = checkWebhookUrl(input.url);
  const events = checkEvents(input.events);
  return inTransaction(db, async (trx) => {
    const w = await trx
      .insertInto('webhooks')
      .values({ org_id: auth.orgId, url, events, secret: newSecret() })
      .returning([...LISTED, 'secret'])
      .executeTakeFirstOrThrow();
    await appendAudit(trx, { orgId: auth.orgId, actor: auth.userId, action: 'webhook.create', target: `webhook:${w.id}`, details: { url, events } });
    return w;
  });
}

export async function listWebhooks(db: Kysely<DB>, auth: AuthContext) {
  authorize(auth.role, 'webhooks.manage');
  return db.selectFrom('webhooks').select(LISTED).where('org_id', '=', auth.orgId).orderBy('id').execute();
}

/** One webhook of the caller's org; another org's id is a 404. */
export async function getWebhook(db: Kysely<DB>, auth: AuthContext, id: number) {
  authorize(auth.role, 'webhooks.manage');
  const w = await db.selectFrom('webhooks').select(LISTED).where('id', '=', id).where('org_id', '=', auth.orgId).executeTakeFirst();
  if (!w) throw errors.notFound('Webhook', id);
  return w;
}

/** Changes a webhook's URL or events; its pending deliveries go to the new URL. */
export async function updateWebhook(db: Kysely<DB>, auth: AuthContext, id: number, input: Partial<WebhookInput>) {
  authorize(auth.role, 'webhooks.manage');
  const set: { url?: string; events?: WebhookEvent[] } = {};
  if (input.url !== undefined) set.url = checkWebhookUrl(input.url);
  if (input.events !== undefined) set.events = checkEvents(input.events);
  if (Object.keys(set).length === 0) return getWebhook(db, auth, id);
  return inTransaction(db, async (trx) => {
    const w = await trx.updateTable('webhooks').set(set).where('id', '=', id).where('org_id', '=', auth.orgId).returning(LISTED).executeTakeFirst();
    if (!w) throw errors.notFound('Webhook', id);
    await appendAudit(trx, { orgId: auth.orgId, actor: auth.userId, action: 'webhook.update', target: `webhook:${id}`, details: { keys: Object.keys(set).sort(), ...set } });
    return w;
  });
}

/** Deletes a webhook and its deliveries: pending retries stop, and no new event reaches it. */
export async function deleteWebhook(db: Kysely<DB>, auth: AuthContext, id: number) {
  authorize(auth.role, 'webhooks.manage');
  await inTransaction(db, async (trx) => {
    const gone = await trx.deleteFrom('webhooks').where('id', '=', id).where('org_id', '=', auth.orgId).returning(['id', 'url']).executeTakeFirst();
    if (!gone) throw errors.notFound('Webhook', id);
    await appendAudit(trx, { orgId: auth.orgId, actor: auth.userId, action: 'webhook.delete', target: `webhook:${id}`, details: { url: gone.url } });
  });
}

export interface DeliveryQuery {
  cursor?: number;
  limit: number;
  status?: 'pending' | 'delivered' | 'failed';
  taskId?: number;
}

/**
 * A page of deliveries, newest first: a webhook's (`webhookId`), or those to
 * tasks' own callbackUrls (`webhookId` null, optionally of one task).
 */
export async function listDeliveries(db: Kysely<DB>, auth: AuthContext, webhookId: number | null, q: DeliveryQuery) {
  authorize(auth.role, 'webhooks.manage');
  if (webhookId !== null) await getWebhook(db, auth, webhookId);
  let query = db
    .selectFrom('webhook_deliveries')
    .selectAll()
    .where('org_id', '=', auth.orgId)
    .where('webhook_id', webhookId === null ? 'is' : '=', webhookId)
    .orderBy('id', 'desc')
    .limit(q.limit + 1);
  if (q.cursor !== undefined) query = query.where('id', '<', q.cursor);
  if (q.status) query = query.where('status', '=', q.status);
  if (q.taskId !== undefined) query = query.where(sql`data ->> 'taskId'`, '=', String(q.taskId));
  const rows = await query.execute();
  return { rows: rows.slice(0, q.limit), next: rows.length > q.limit ? rows[q.limit - 1].id : null };
}

/** Replaces a webhook's secret at once (shown only in this answer): deliveries from now on are signed with the new one. */
export async function rotateWebhookSecret(db: Kysely<DB>, auth: AuthContext, id: number) {
  authorize(auth.role, 'webhooks.manage');
  return inTransaction(db, async (trx) => {
    const w = await trx
      .updateTable('webhooks')
      .set({ secret: newSecret() })
      .where('id', '=', id)
      .where('org_id', '=', auth.orgId)
      .returning([...LISTED, 'secret'])
      .executeTakeFirst();
    if (!w) throw errors.notFound('Webhook', id);
    // That it was rotated, never the secret.
    await appendAudit(trx, { orgId: auth.orgId, actor: auth.userId, action: 'webhook.rotate_secret', target: `webhook:${id}` });
    return w;
  });
}

/**
 * Sends a delivered or failed delivery again (or a pending one that nothing
 * is sending any more), as a new series of attempts
 * (attempts start again from 0, with the same delivery id and body): for a
 * receiver that was down past the last retry, or lost what it received.
 * `webhookId` null: a delivery to a task's callbackUrl.
 */
export async function redeliver(db: Kysely<DB>, auth: AuthContext, webhookId: number | null, deliveryId: number) {
  authorize(auth.role, 'webhooks.manage');
  return inTransaction(db, async (trx) => {
    const d = await trx
      .updateTable('webhook_deliveries')
      .set({ status: 'pending', attempts: 0, next_attempt_at: sql<Date>`now()`, delivered_at: null })
      .where('id', '=', deliveryId)
      .where('org_id', '=', auth.orgId)
      .where('webhook_id', webhookId === null ? 'is' : '=', webhookId)
      // A pending delivery with no job left to send it (its job died: outbox/webhooks.ts giveUp) may be sent again too.
      .where((eb) =>
        eb.or([
          eb('status', '<>', 'pending'),
          eb.not(
            eb.exists(
              eb
                .selectFrom('outbox')
                .select(sql`1`.as('one'))
                .where('kind', '=', DELIVER_JOB)
                .where('done_at', 'is', null)
                .where(sql`payload ->> 'deliveryId'`, '=', String(deliveryId)),
            ),
          ),
        ]),
      )
      .returningAll()
      .executeTakeFirst();
    if (!d) {
      const pending = await trx
        .selectFrom('webhook_deliveries')
        .select('id')
        .where('id', '=', deliveryId)
        .where('org_id', '=', auth.orgId)
        .where('webhook_id', webhookId === null ? 'is' : '=', webhookId)
        .executeTakeFirst();
      if (!pending) throw errors.notFound('Delivery', deliveryId);
      throw errors.conflict('delivery_pending', `Delivery ${deliveryId} is still being tried (see its nextAttemptAt); send it again once it is delivered or failed.`);
    }
    await enqueue(trx, { kind: DELIVER_JOB, payload: { deliveryId } });
    return d;
  });
}

/**
 * Sends the webhook a `webhook.test` delivery now, signed and recorded like
 * any other, whatever its events: to check a receiver and its signature
 * check while wiring it up.
 */
export async function testWebhook(db: Kysely<DB>, auth: AuthContext, id: number) {
  authorize(auth.role, 'webhooks.manage');
  return inTransaction(db, async (trx) => {
    const w = await trx.selectFrom('webhooks').select(['id', 'url']).where('id', '=', id).where('org_id', '=', auth.orgId).executeTakeFirst();
    if (!w) throw errors.notFound('Webhook', id);
    const d = await trx
      .insertInto('webhook_deliveries')
      .values({
        org_id: auth.orgId,
        webhook_id: w.id,
        url: w.url,
        event: 'webhook.test',
        event_key: `webhook.test:${randomBytes(12).toString('hex')}`,
        event_at: new Date(),
        data: JSON.stringify({ webhookId: w.id, message: 'A test delivery from Tally: answer 2xx and check its Tally-Signature.' }),
      })
      .returningAll()
      .executeTakeFirstOrThrow();
    await enqueue(trx, { kind: DELIVER_JOB, payload: { deliveryId: d.id } });
    return d;
  });
}

/**
 * Makes a new secret for signing the org's per-task callbacks (they have no
 * webhook of their own), replacing the old one at once; shown only here.
 * Before an org has one, its callbacks go out unsigned.
 */
export async function rotateCallbackSecret(db: Kysely<DB>, auth: AuthContext) {
  authorize(auth.role, 'webhooks.manage');
  const secret = newSecret();
  await inTransaction(db, async (trx) => {
    await sql`
      insert into callback_secrets (org_id, secret) values (${auth.orgId}, ${secret})
      on conflict (org_id) do update set secret = excluded.secret, created_at = now()`.execute(trx);
    await appendAudit(trx, { orgId: auth.orgId, actor: auth.userId, action: 'callback.rotate_secret', target: `org:${auth.orgId}` });
  });
  return secret;
}
