/**
 * Fair pay in real Chromium against a real server: a manager turns pay on from
 * the project's Pay page (amounts typed in dollars, stored in cents), sees each
 * annotator's pay and what the floor owes, is told why an unended period cannot
 * be settled, and sees the top-up once the period is settled; the annotator
 * sees their earnings and effective hourly pay in the workspace.
 * A screenshot of the pay page goes to test-artifacts/screenshots/.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { sql } from 'kysely';
import { seedOrg, type Seeded } from './support/api.ts';
import { launchBrowser, login, screenshot } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

let server: RunningServer;
let seed: Seeded;
let browser: Browser;

beforeAll(async () => {
  server = await startServer();
  seed = await seedOrg(server.url);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

describe('pay', () => {
  it('a manager sets pay and settles; the annotator sees what they earned', async () => {
    const project = await seed.owner.post<{ id: number }>('/api/v1/projects', {
      name: 'Paid sentiment',
      schema: { fields: [{ name: 'sentiment', type: 'choice', options: ['pos', 'neg'] }] },
    });
    await seed.owner.post(`/api/v1/projects/${project.id}/tasks`, [1, 2, 3].map((i) => ({ data: { text: `review ${i}` } })));

    const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    page.on('pageerror', (e) => {
      throw e;
    });
    await login(page, server.url, 'owner@acme.test', 'correct horse battery', `/projects/${project.id}/pay`);
    await page.getByText('This project is unpaid').waitFor();
    await page.getByTestId('pay-currency').fill('USD');
    await page.getByTestId('pay-piece').fill('0.50');
    await page.getByTestId('pay-floor').fill('15');
    await page.getByTestId('pay-cap').fill('10');
    await page.getByTestId('pay-save').click();
    await page.getByText('Paid: $0.50 per annotation, at least $15.00 per active hour.').waitFor();
    const stored = await seed.owner.get<{ pay: unknown }>(`/api/v1/projects/${project.id}`);
    expect(stored.pay).toEqual({ currency: 'USD', pieceRateMinor: 50, hourlyFloorMinor: 1500, maxActiveMsPerTask: 600_000 });

    // Two tasks of 15 minutes each, capped at 10: 20 minutes paid for, 1.00 earned; the floor owes 5.00.
    // The server pays at most the time it saw pass, so the claim and the earlier piece are dated back 15 minutes.
    for (let i = 0; i < 2; i++) {
      const c = await seed.annotator.api.post<{ claim: { id: number } }>(`/api/v1/projects/${project.id}/claims`);
      const db = server.database.db;
      await sql`update claims set created_at = now() - interval '15 minutes' where id = ${c.claim.id}`.execute(db);
      await sql`update pay_ledger set created_at = created_at - interval '15 minutes' where project_id = ${project.id}`.execute(db);
      await seed.annotator.api.post(`/api/v1/claims/${c.claim.id}/submit`, { value: { sentiment: 'pos' }, activeMs: 900_000 });
    }
    await page.reload();
    const row = page.locator(`[data-annotator="${seed.annotator.email}"]`);
    await row.waitFor();
    const cells = await row.locator('td').allInnerTexts();
    expect(cells.slice(1)).toEqual(['20 min 0 s', '2', '$1.00', '$0.00', '$0.00', '$1.00', '$3.00', '$4.00']);

    // The default period ends tomorrow: not ended, so the server refuses and the page says why.
    await page.getByTestId('pay-settle').click();
    await expect.poll(() => page.getByTestId('settle-error').innerText()).toContain('still to come');

    // Settled up to now (through the API, as a period's end cannot be waited for here): the top-up shows.
    const from = new Date(Date.now() - 3_600_000).toISOString();
    const settled = await seed.owner.post<{ items: Array<{ topupMinor: number }> }>(`/api/v1/projects/${project.id}/pay/settle`, { from, to: new Date().toISOString() });
    expect(settled.items[0].topupMinor).toBe(400);
    await page.reload();
    await row.waitFor();
    const after = await row.locator('td').allInnerTexts();
    expect(after.slice(5)).toEqual(['$4.00', '$5.00', '$15.00', '$0.00']);
    await page.getByTestId('pay-settlements').waitFor();
    await screenshot(page, 'pay');
    await page.close();

    // The annotator's workspace shows their own earnings and effective hourly pay.
    const work = await browser.newPage({ viewport: { width: 1280, height: 900 } });
    await login(work, server.url, seed.annotator.email, seed.annotator.password, `/projects/${project.id}/work`);
    const badge = work.getByTestId('earnings');
    await expect.poll(() => badge.innerText()).toBe('Earned $5.00 · $15.00/h');
    expect(await badge.getAttribute('title')).toContain('Guaranteed floor: $15.00/h');
    // An annotator is told the Pay page is for managers.
    await work.goto(`${server.url}/projects/${project.id}/pay`);
    await work.getByText('Only managers can see everyone’s pay').waitFor();
    await work.close();
  });
});
