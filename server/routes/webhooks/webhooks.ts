import type { ZodTypeProvider } from 'fastify-type-provider-zod';
import type { TallyApp } from '../../app.ts';
import { IdParam } from '../ids.ts';
import {
  createWebhook,
  deleteWebhook,
  getWebhook,
  listDeliveries,
  listWebhooks,
  redeliver,
  rotateCallbackSecret,
  rotateWebhookSecret,
  testWebhook,
  updateWebhook,
} from '../../commands/webhooks.ts';
import { presentDelivery, presentWebhook } from '../../presenters/webhook.ts';
import { WEBHOOK_EVENTS } from '../../outbox/webhook-events.ts';
import {
  CallbackDeliveryQuery,
  CallbackSecretOut,
  Deleted,
  DeliveryListOut,
  DeliveryOut,
  DeliveryParams,
  DeliveryQuery,
  WebhookBody,
  WebhookCreatedOut,
  WebhookListOut,
  WebhookOut,
} from './schema.ts';

const EVENTS_DOC = `Events: ${WEBHOOK_EVENTS.join(', ')}. Each delivery is a signed POST of \`{id, event, createdAt, data}\` (docs/api.md, Webhooks).`;

/** Webhooks of the org (owners and admins), their deliveries, and the secret that signs per-task callbacks. */
export async function webhookRoutes(app: TallyApp) {
  const { db } = app.tally.database;
  const r = app.withTypeProvider<ZodTypeProvider>();

  r.post(
    '/webhooks',
    { schema: { tags: ['webhooks'], summary: 'Subscribe a URL to events; the answer shows the signing secret once', description: EVENTS_DOC, body: WebhookBody, response: { 201: WebhookCreatedOut } } },
    async (req, reply) => {
      const w = await createWebhook(db, req.auth, req.body);
      return reply.status(201).send({ ...presentWebhook(w), secret: w.secret });
    },
  );
  r.get('/webhooks', { schema: { tags: ['webhooks'], summary: "The org's webhooks (without secrets)", response: { 200: WebhookListOut } } }, async (req) => ({
    items: (await listWebhooks(db, req.auth)).map(presentWebhook),
  }));
  r.get('/webhooks/:id', { schema: { tags: ['webhooks'], summary: 'One webhook (without its secret)', params: IdParam, response: { 200: WebhookOut } } }, async (req) => presentWebhook(await getWebhook(db, req.auth, req.params.id)));
  r.patch(
    '/webhooks/:id',
    { schema: { tags: ['webhooks'], summary: "Change a webhook's url or events", params: IdParam, body: WebhookBody.partial(), response: { 200: WebhookOut } } },
    async (req) => presentWebhook(await updateWebhook(db, req.auth, req.params.id, req.body)),
  );
  r.delete('/webhooks/:id', { schema: { tags: ['webhooks'], summary: 'Delete a webhook; its pending retries stop', params: IdParam, response: { 204: Deleted } } }, async (req, reply) => {
    await deleteWebhook(db, req.auth, req.params.id);
    return reply.status(204).send();
  });
  r.get(
    '/webhooks/:id/deliveries',
    { schema: { tags: ['webhooks'], summary: "A webhook's deliveries, newest first, with attempts, last status and error", params: IdParam, querystring: DeliveryQuery, response: { 200: DeliveryListOut } } },
    async (req) => {
      const page = await listDeliveries(db, req.auth, req.params.id, req.query);
      return { items: page.rows.map(presentDelivery), nextCursor: page.next };
    },
  );

  r.post(
    '/webhooks/:id/secret',
    { schema: { tags: ['webhooks'], summary: "Replace a webhook's secret at once; the new one is shown only here", params: IdParam, response: { 201: WebhookCreatedOut } } },
    async (req, reply) => {
      const w = await rotateWebhookSecret(db, req.auth, req.params.id);
      return reply.status(201).send({ ...presentWebhook(w), secret: w.secret });
    },
  );
  r.post(
    '/webhooks/:id/test',
    { schema: { tags: ['webhooks'], summary: 'Send the webhook a signed webhook.test delivery now, to check a receiver', params: IdParam, response: { 202: DeliveryOut } } },
    async (req, reply) => reply.status(202).send(presentDelivery(await testWebhook(db, req.auth, req.params.id))),
  );
  r.post(
    '/webhooks/:id/deliveries/:deliveryId/retry',
    { schema: { tags: ['webhooks'], summary: 'Send a delivered or failed delivery again (a new series of attempts, same id)', params: DeliveryParams, response: { 202: DeliveryOut } } },
    async (req, reply) => reply.status(202).send(presentDelivery(await redeliver(db, req.auth, req.params.id, req.params.deliveryId))),
  );
  r.post(
    '/callbacks/deliveries/:deliveryId/retry',
    { schema: { tags: ['webhooks'], summary: "Send a delivered or failed callbackUrl delivery again", params: DeliveryParams.omit({ id: true }), response: { 202: DeliveryOut } } },
    async (req, reply) => reply.status(202).send(presentDelivery(await redeliver(db, req.auth, null, req.params.deliveryId))),
  );

  r.post('/callbacks/secret', { schema: { tags: ['webhooks'], summary: "Make (or replace) the secret that signs tasks' callbackUrl deliveries; shown once", response: { 201: CallbackSecretOut } } }, async (req, reply) =>
    reply.status(201).send({ secret: await rotateCallbackSecret(db, req.auth) }),
  );
  r.get(
    '/callbacks/deliveries',
    {
      schema: {
        tags: ['webhooks'],
        summary: "Deliveries to tasks' own callbackUrls, newest first",
        querystring: CallbackDeliveryQuery,
        response: { 200: DeliveryListOut },
      },
    },
    async (req) => {
      const page = await listDeliveries(db, req.auth, null, req.query);
      return { items: page.rows.map(presentDelivery), nextCursor: page.next };
    },
  );
}
