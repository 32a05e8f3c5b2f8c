/**
 * The org admin pages in real Chromium against a real server, with the server's real
 * webhook sender (OutboxWorker + webhookHandlers) and a real node:http receiver:
 * - an owner adds a webhook from the Webhooks page, sees its secret once, sends a test
 *   delivery that the receiver gets signed with that secret and the deliveries view
 *   shows delivered, edits its events, rotates the secret (the next delivery is signed
 *   with the new one), is shown the server's 409 when retrying a delivery that is still
 *   being tried, makes the callback secret, and deletes the webhook;
 * - the owner reads the audit log, filters it by action, pages with "Load more" and
 *   verifies the chain.
 * An annotator gets neither page.
 * Screenshots go to test-artifacts/screenshots/.
 */
import { createHmac } from 'node:crypto';
import { createServer, type IncomingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { seedOrg, type Seeded } from './support/api.ts';
import { launchBrowser, login, screenshot } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { OutboxWorker } from '../server/outbox/worker.ts';
import { webhookHandlers } from '../server/outbox/webhooks.ts';

interface Received {
  headers: IncomingHttpHeaders;
  body: string;
}

/** A webhook receiver: records every request; answers 200 at once, or holds the answer while `hold` is set. */
async function receiver() {
  const got: Received[] = [];
  const held: ServerResponse[] = [];
  const state = { hold: false };
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      got.push({ headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (state.hold) held.push(res);
      else res.writeHead(200).end('ok');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`,
    got,
    state,
    release() {
      state.hold = false;
      for (const r of held.splice(0)) r.writeHead(200).end('ok');
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const r of held.splice(0)) r.destroy();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** The v1 signature Tally would send for this request with this secret (docs/api.md). */
function signedWith(secret: string, r: Received): boolean {
  const expected = createHmac('sha256', secret).update(`${r.headers['tally-timestamp']}.${r.body}`).digest('hex');
  return String(r.headers['tally-signature'] ?? '')
    .split(',')
    .some((p) => p.trim() === `v1=${expected}`);
}

let server: RunningServer;
let seed: Seeded;
let browser: Browser;
let worker: OutboxWorker;
let hook: Awaited<ReturnType<typeof receiver>>;
const OWNER = { email: 'owner@acme.test', password: 'correct horse battery' };

beforeAll(async () => {
  server = await startServer();
  seed = await seedOrg(server.url);
  hook = await receiver();
  // The server's own delivery code, polling often; a held answer times out after 8 s.
  const hooks = webhookHandlers(server.database.db, { timeoutMs: 8_000 });
  worker = new OutboxWorker(server.database.db, hooks, { pollMs: 20, kinds: Object.keys(hooks) });
  worker.start();
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  hook?.release();
  await worker?.stop();
  await hook?.close();
  await server?.close();
});

async function newPage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => {
    throw e;
  });
  return page;
}

describe('webhooks page', () => {
  it('adds a webhook (secret once), tests it, edits, rotates, shows a refused retry, deletes', async () => {
    const page = await newPage();
    await login(page, server.url, OWNER.email, OWNER.password, '/');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Webhooks' }).click();
    await page.waitForURL((u) => u.pathname === '/webhooks');
    await page.getByText('No webhooks yet').waitFor();

    // A bad URL is refused before sending, with what to fix.
    await page.getByTestId('webhook-url').fill('ftp://example.com/x');
    await page.getByTestId('webhook-create').click();
    await page.getByText('The URL must start with http:// or https://.').waitFor();
    expect((await seed.owner.get<{ items: unknown[] }>('/api/v1/webhooks')).items).toHaveLength(0);

    // Add it: task.completed is on by default; also pick import.completed.
    await page.getByTestId('webhook-url').fill(hook.url);
    await page.getByTestId('create-webhook').getByLabel('import.completed').check();
    await page.getByTestId('webhook-create').click();
    const secret1 = (await page.getByTestId('webhook-secret-value').innerText()).trim();
    expect(secret1).toMatch(/^whsec_/);
    expect(await page.getByTestId('webhook-secret').innerText()).toContain('you will not see this again');
    const listed = await seed.owner.get<{ items: { id: number; url: string; events: string[] }[] }>('/api/v1/webhooks');
    expect(listed.items).toHaveLength(1);
    expect(listed.items[0]).toMatchObject({ url: hook.url, events: ['task.completed', 'import.completed'] });
    const id = listed.items[0]!.id;
    const row = page.locator(`[data-testid=webhooks-table] tr[data-webhook-id="${id}"]`);
    expect(await row.innerText()).toContain(hook.url);
    expect(await row.innerText()).toContain('import.completed');
    await screenshot(page, 'webhooks');

    // "Done" hides the secret for good: after a reload it is nowhere on the page.
    await page.getByTestId('webhook-secret').getByRole('button', { name: 'Done' }).click();
    expect(await page.getByTestId('webhook-secret').count()).toBe(0);
    await page.reload();
    await row.waitFor();
    expect(await page.content()).not.toContain(secret1);

    // Send a test: the receiver gets it signed with the secret shown; the view shows it delivered.
    await page.getByRole('button', { name: `Manage webhook ${hook.url}` }).click();
    const detail = page.getByTestId('webhook-detail');
    await detail.getByText('No deliveries yet').waitFor();
    await page.getByTestId('webhook-test').click();
    const delivered = detail.locator('[data-testid=deliveries-table] tr[data-status=delivered]');
    await delivered.first().waitFor({ timeout: 15_000 });
    expect(hook.got).toHaveLength(1);
    expect(hook.got[0]!.headers['tally-event']).toBe('webhook.test');
    expect(signedWith(secret1, hook.got[0]!)).toBe(true);
    const deliveryId = Number(await delivered.first().getAttribute('data-delivery-id'));
    expect(JSON.parse(hook.got[0]!.body).id).toBe(deliveryId);
    const drow = await delivered.first().innerText();
    expect(drow).toContain('webhook.test');
    expect(drow).toContain('200');

    // Edit: drop import.completed, add project.completed.
    await detail.getByLabel('import.completed').uncheck();
    await detail.getByLabel('project.completed').check();
    await detail.getByRole('button', { name: 'Save changes' }).click();
    await detail.getByText('Saved.').waitFor();
    expect((await seed.owner.get<{ events: string[] }>(`/api/v1/webhooks/${id}`)).events).toEqual(['task.completed', 'project.completed']);

    // Rotate: a new secret, shown once, signs the next delivery; the old one does not.
    // While the rotation is in flight (held back here) the webhook cannot be closed, which would lose the secret.
    let letThrough!: () => void;
    const through = new Promise<void>((r) => (letThrough = r));
    await page.route('**/api/v1/webhooks/*/secret', async (route) => {
      await through;
      await route.continue();
    });
    await detail.getByRole('button', { name: 'Rotate secret' }).click();
    await detail.getByRole('button', { name: 'Replace secret now' }).click();
    const manage = page.locator(`tr[data-webhook-id="${id}"]`).getByRole('button', { name: /Manage webhook/ });
    await manage.and(page.locator(':disabled')).waitFor();
    letThrough();
    await manage.and(page.locator(':enabled')).waitFor();
    const secret2 = (await detail.getByTestId('webhook-secret-value').innerText()).trim();
    expect(secret2).toMatch(/^whsec_/);
    expect(secret2).not.toBe(secret1);

    // Retrying a delivery that is being tried again (someone else retried it through the API
    // and the receiver has not answered yet) is refused: the page shows the server's message.
    hook.state.hold = true;
    const again = await seed.owner.request('POST', `/api/v1/webhooks/${id}/deliveries/${deliveryId}/retry`);
    expect(again.status).toBe(202);
    await expect.poll(() => hook.got.length, { timeout: 10_000 }).toBe(2);
    expect(signedWith(secret2, hook.got[1]!)).toBe(true);
    expect(signedWith(secret1, hook.got[1]!)).toBe(false);
    // The view still shows it delivered (it polls only while something is pending).
    await detail.getByRole('button', { name: `Retry delivery ${deliveryId}` }).click();
    const refused = detail.getByTestId('retry-error');
    await refused.waitFor();
    expect(await refused.innerText()).toMatch(new RegExp(`Could not retry delivery ${deliveryId}: .+`));
    const apiRefusal = await seed.owner.request<{ error: { code: string; message: string } }>('POST', `/api/v1/webhooks/${id}/deliveries/${deliveryId}/retry`);
    expect(apiRefusal.status).toBe(409);
    expect(apiRefusal.body.error.code).toBe('delivery_pending');
    expect(await refused.innerText()).toContain(apiRefusal.body.error.message);
    // Once the receiver answers, the view shows it delivered again, with the new attempt.
    hook.release();
    await expect
      .poll(async () => (await seed.owner.get<{ items: { id: number; status: string }[] }>(`/api/v1/webhooks/${id}/deliveries`)).items.find((d) => d.id === deliveryId)?.status, { timeout: 10_000 })
      .toBe('delivered');
    // A retry after it finished is accepted and delivered.
    await detail.getByRole('button', { name: `Retry delivery ${deliveryId}` }).click();
    await expect.poll(() => hook.got.length, { timeout: 10_000 }).toBe(3);
    await detail.locator(`tr[data-delivery-id="${deliveryId}"][data-status=delivered]`).waitFor({ timeout: 10_000 });
    expect(await refused.count()).toBe(0);

    // The callback secret: made once, shown once.
    await page.getByTestId('callback-secret').click();
    await page.getByTestId('callback-secret-confirm').click();
    expect((await page.getByTestId('callback-secret-box-value').innerText()).trim()).toMatch(/^whsec_/);

    // Delete asks first; then the webhook and its table are gone.
    await detail.getByRole('button', { name: 'Delete…' }).click();
    await page.getByTestId('webhook-delete-confirm').click();
    await page.getByText('No webhooks yet').waitFor();
    expect((await seed.owner.get<{ items: unknown[] }>('/api/v1/webhooks')).items).toHaveLength(0);
    await page.close();
  });
});

describe('audit log page', () => {
  it('lists newest first, filters by action, loads more and verifies the chain', async () => {
    // Enough entries for a second page (50 a page): 55 token.issue entries.
    for (let i = 0; i < 55; i++) await seed.owner.post(`/api/v1/members/${seed.annotator.id}/tokens`, { name: `t${i}` });
    const all: { id: number; action: string }[] = [];
    let cursor: number | null = null;
    do {
      const p: { items: { id: number; action: string }[]; nextCursor: number | null } = await seed.owner.get(`/api/v1/audit?limit=200${cursor ? `&cursor=${cursor}` : ''}`);
      all.push(...p.items);
      cursor = p.nextCursor;
    } while (cursor !== null);
    expect(all.length).toBeGreaterThan(60);

    const page = await newPage();
    await login(page, server.url, OWNER.email, OWNER.password, '/webhooks');
    await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Audit log' }).click();
    await page.waitForURL((u) => u.pathname === '/audit');
    const rows = page.locator('[data-testid=audit-table] tbody tr');
    await rows.first().waitFor();
    const ids = async () => (await rows.evaluateAll((trs) => trs.map((tr) => Number(tr.getAttribute('data-entry-id')))));
    // The first page: the newest 50, newest first.
    expect(await ids()).toEqual(all.slice(0, 50).map((e) => e.id));
    expect(await rows.first().innerText()).toContain('Olive Owner');
    await page.getByTestId('audit-more').click();
    await expect.poll(async () => (await ids()).length).toBe(Math.min(100, all.length));
    expect(await ids()).toEqual(all.slice(0, 100).map((e) => e.id));

    // Filter by action: exactly the webhook entries of the first test, with their details.
    await page.getByTestId('audit-action').fill('webhook.create');
    await page.getByTestId('audit-apply').click();
    const wanted = all.filter((e) => e.action === 'webhook.create').map((e) => e.id);
    expect(wanted).toHaveLength(1);
    await expect.poll(ids).toEqual(wanted);
    expect(await rows.first().innerText()).toContain('events=task.completed,import.completed');
    expect(await page.getByTestId('audit-more').count()).toBe(0);
    await page.getByTestId('audit-action').fill('webhook.delete');
    await page.getByTestId('audit-apply').click();
    await expect.poll(ids).toEqual(all.filter((e) => e.action === 'webhook.delete').map((e) => e.id));
    // Action and actor together: the annotator made no entries; the owner's token.issue entries are the API's.
    await page.getByTestId('audit-action').fill('token.issue');
    await page.getByTestId('audit-actor').selectOption({ label: 'Ann Notator — ann@acme.test' });
    await page.getByTestId('audit-apply').click();
    await page.getByText('No entries match these filters').waitFor();
    const members = await seed.owner.get<{ items: { id: number; email: string }[] }>('/api/v1/members');
    const ownerId = members.items.find((m) => m.email === OWNER.email)!.id;
    await page.getByTestId('audit-actor').selectOption(String(ownerId));
    await page.getByTestId('audit-apply').click();
    const byOwner = await seed.owner.get<{ items: { id: number }[] }>(`/api/v1/audit?action=token.issue&actor=${ownerId}&limit=50`);
    expect(byOwner.items.length).toBe(50);
    await expect.poll(ids).toEqual(byOwner.items.map((e) => e.id));
    await page.getByTestId('audit-actor').selectOption('');
    await page.getByTestId('audit-action').fill('no.such_action');
    await page.getByTestId('audit-apply').click();
    await page.getByText('No entries match these filters').waitFor();

    // Verify: ok, with the number of entries the API lists.
    await page.getByTestId('audit-verify').click();
    const result = page.getByTestId('audit-verify-result');
    await result.waitFor();
    expect(await result.getAttribute('data-ok')).toBe('true');
    expect(await result.innerText()).toContain(`${all.length} entries`);
    await page.getByRole('button', { name: 'Clear' }).click();
    await rows.first().waitFor();
    await screenshot(page, 'audit');
    await page.close();
  });

  it('an annotator sees neither page in the navigation nor their contents', async () => {
    const page = await newPage();
    await login(page, server.url, seed.annotator.email, seed.annotator.password, '/audit');
    await page.getByText('Only owners and admins can read the audit log.').waitFor();
    const nav = page.getByRole('navigation', { name: 'Main' });
    expect(await nav.getByRole('link', { name: 'Webhooks' }).count()).toBe(0);
    expect(await nav.getByRole('link', { name: 'Audit log' }).count()).toBe(0);
    await page.goto(`${server.url}/webhooks`);
    await page.getByText('Only owners and admins can manage webhooks.').waitFor();
    await page.close();
  });
});
