/**
 * Manager and reviewer pages in real Chromium against a real server:
 * - a reviewer works the review queue with the keyboard only: fixes one task (the
 *   result then reads `method: review` through the API), rejects one with a comment,
 *   accepts one, and reaches the empty state;
 * - a manager creates a project with the schema editor (visual and JSON views), imports
 *   files through the import page (progress, counts, a bad line), and watches the
 *   dashboard numbers move as annotations arrive through the API; then unpauses an
 *   annotator from the dashboard;
 * - an admin adds a member and creates and revokes an API token.
 * Screenshots (light and dark) go to test-artifacts/screenshots/.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { http, seedOrg, type Http, type Seeded } from './support/api.ts';
import { launchBrowser, login, screenshot, SCREENSHOTS } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';

let server: RunningServer;
let seed: Seeded;
let browser: Browser;
const OWNER = { email: 'owner@acme.test', password: 'correct horse battery' };
const REVIEWER = { email: 'rita@acme.test', password: 'reviewer-pass-1' };
const files = mkdtempSync(join(tmpdir(), 'tally-import-'));

beforeAll(async () => {
  server = await startServer();
  seed = await seedOrg(server.url);
  await seed.owner.post('/api/v1/members', { email: REVIEWER.email, name: 'Rita Reviewer', role: 'reviewer', password: REVIEWER.password });
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

async function newPage(): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => {
    throw e;
  });
  return page;
}

/** Switches the theme with the shell's toggle (and waits for the attribute). */
async function setTheme(page: Page, theme: 'light' | 'dark') {
  const now = await page.evaluate(() => document.documentElement.dataset.theme ?? 'light');
  if (now !== theme) await page.getByRole('button', { name: `Switch to ${theme} theme` }).click();
  await page.waitForFunction((t) => document.documentElement.dataset.theme === t, theme);
}

/**
 * A whole-page screenshot of a long page whose header and footer are sticky: the
 * viewport grows to the page's height first, so sticky parts sit where they belong.
 */
async function tallScreenshot(page: Page, name: string) {
  mkdirSync(SCREENSHOTS, { recursive: true });
  const size = page.viewportSize()!;
  await page.evaluate(() => window.scrollTo(0, 0));
  const height = await page.evaluate(() => document.documentElement.scrollHeight);
  await page.setViewportSize({ width: size.width, height });
  await page.screenshot({ path: `${SCREENSHOTS}/${name}.png` });
  await page.setViewportSize(size);
}

/** Claims and submits one annotation as `api` (any task the queue gives). */
async function annotate(api: Http, projectId: number, value: Record<string, unknown>, activeMs = 3000) {
  const c = await api.request<{ claim: { id: number }; task: { id: number } }>('POST', `/api/v1/projects/${projectId}/claims`, {});
  expect(c.status).toBe(200);
  await api.post(`/api/v1/claims/${c.body.claim.id}/submit`, { value, activeMs });
  return c.body.task.id;
}

describe('review queue, keyboard only', () => {
  let projectId: number;
  let taskIds: number[];

  beforeAll(async () => {
    const p = await seed.owner.post<{ id: number }>('/api/v1/projects', {
      name: 'Review me',
      reviewRate: 1,
      overlapMin: 1,
      overlapMax: 1,
      schema: { fields: [{ name: 'sentiment', type: 'choice', source: 'text', options: ['pos', 'neg', 'neutral'] }] },
    });
    projectId = p.id;
    await seed.owner.post(`/api/v1/projects/${projectId}/tasks`, [
      { uniqueId: 'r1', data: { text: 'This is terrible' } },
      { uniqueId: 'r2', data: { text: 'Meh, a chair' } },
      { uniqueId: 'r3', data: { text: 'Lovely day' } },
    ]);
    taskIds = [];
    for (let i = 0; i < 3; i++) taskIds.push(await annotate(seed.annotator.api, projectId, { sentiment: 'pos' }));
    taskIds.sort((a, b) => a - b);
    const list = await seed.owner.get<{ items: { status: string }[] }>(`/api/v1/projects/${projectId}/tasks?status=review`);
    expect(list.items).toHaveLength(3);
  });

  it('fixes, rejects with a comment and accepts, then shows the empty state', async () => {
    const page = await newPage();
    await login(page, server.url, REVIEWER.email, REVIEWER.password, `/projects/${projectId}/review`);
    const task = page.getByTestId('review-task');
    await task.waitFor();
    expect(Number(await task.getAttribute('data-task-id'))).toBe(taskIds[0]);
    // The lease holds the task; leaving the page gives it back to the review queue.
    expect((await seed.owner.get<{ status: string }>(`/api/v1/tasks/${taskIds[0]}`)).status).toBe('reviewing');
    await page.goto(`${server.url}/`);
    await expect.poll(async () => (await seed.owner.get<{ status: string }>(`/api/v1/tasks/${taskIds[0]}`)).status).toBe('review');
    await page.goto(`${server.url}/projects/${projectId}/review`);
    await task.waitFor();
    expect(Number(await task.getAttribute('data-task-id'))).toBe(taskIds[0]);
    // Data, the annotation and the result with its per-field confidence are on the page.
    await expect.poll(() => page.getByTestId('task-data').innerText()).toContain('This is terrible');
    expect(await page.getByTestId('compare').innerText()).toContain('Ann Notator');
    expect(await page.getByTestId('result-sentiment').innerText()).toMatch(/pos[\s\S]*conf\. 1\.00/);
    // The keyboard starts on the task heading.
    expect(await page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('review-heading');
    await screenshot(page, 'review-light');
    await setTheme(page, 'dark');
    await screenshot(page, 'review-dark');
    await setTheme(page, 'light');
    await page.getByTestId('review-heading').focus();

    // Task 1: F opens the field editors prefilled with the result; 2 picks "neg"; Ctrl+Enter sends.
    await page.keyboard.press('f');
    await page.getByTestId('fix-form').waitFor();
    expect(await task.getAttribute('data-verdict')).toBe('fix');
    await expect.poll(() => page.locator('[data-field="sentiment"] [aria-checked="true"]').getAttribute('data-value')).toBe('pos');
    await page.keyboard.press('2');
    await expect.poll(() => page.locator('[data-field="sentiment"] [aria-checked="true"]').getAttribute('data-value')).toBe('neg');
    await screenshot(page, 'review-fix');
    await page.keyboard.press('Control+Enter');
    await page.waitForFunction((id) => document.querySelector('[data-testid="review-task"]')?.getAttribute('data-task-id') === String(id), taskIds[1]);
    expect(await page.getByTestId('review-notice').first().innerText()).toContain(`Fixed task #${taskIds[0]}`);

    const fixed = await seed.owner.get<{ status: string; result: { method: string; confidence: number; value: Record<string, unknown> } }>(`/api/v1/tasks/${taskIds[0]}`);
    expect(fixed.result.method).toBe('review');
    expect(fixed.result.value).toEqual({ sentiment: 'neg' });
    expect(fixed.result.confidence).toBe(1);
    expect(fixed.status).toBe('done');

    // Task 2: R, then Ctrl+Enter without a comment is refused; type one and send.
    await page.keyboard.press('r');
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('review-comment');
    await page.keyboard.press('Control+Enter');
    await expect.poll(() => page.getByText('Say what is wrong').isVisible()).toBe(true);
    await page.keyboard.type('Not positive: it is neutral.');
    await page.keyboard.press('Control+Enter');
    await page.waitForFunction((id) => document.querySelector('[data-testid="review-task"]')?.getAttribute('data-task-id') === String(id), taskIds[2]);
    const rejected = await seed.owner.get<{ status: string; needed: number }>(`/api/v1/tasks/${taskIds[1]}`);
    expect(rejected.status).toBe('open');
    expect(rejected.needed).toBe(2);

    // Task 3: A accepts the result as it is.
    await page.keyboard.press('a');
    expect(await task.getAttribute('data-verdict')).toBe('accept');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('review-empty').waitFor();
    const accepted = await seed.owner.get<{ status: string; result: { method: string } }>(`/api/v1/tasks/${taskIds[2]}`);
    expect(accepted.status).toBe('done');
    expect(accepted.result.method).not.toBe('review');
    expect(await page.getByTestId('review-empty').innerText()).toContain('Nothing to review');

    // The fixed task's page shows the review result beside the original annotation.
    await page.goto(`${server.url}/tasks/${taskIds[0]}`);
    await page.getByTestId('compare').waitFor();
    expect(await page.getByTestId('task-method').innerText()).toBe('review');
    expect(await page.getByTestId('result-sentiment').innerText()).toContain('neg');
    expect(await page.getByTestId('compare').innerText()).toContain('pos');
    await page.close();
  });
});

describe('manager: schema editor, import, dashboard', () => {
  let page: Page;
  let projectId: number;

  beforeAll(async () => {
    page = await newPage();
    await login(page, server.url, OWNER.email, OWNER.password, '/projects/new');
  });
  afterAll(async () => {
    await page?.close();
  });

  it('creates a project with the schema editor, both views in sync and checked by core/schema', async () => {
    await page.getByTestId('schema-editor').waitFor();
    await page.getByTestId('project-name').fill('Product reviews');
    // The starter schema: one choice field; the JSON view mirrors it.
    const json = page.getByTestId('schema-json');
    expect(JSON.parse(await json.inputValue())).toEqual({ fields: [{ name: 'sentiment', type: 'choice', source: 'text', options: ['positive', 'negative', 'neutral'] }] });

    // Visual -> JSON: add a rating field, rename it, set its max.
    await page.getByTestId('add-field-type').selectOption('rating');
    await page.getByTestId('add-field').click();
    await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('data-testid'))).toBe('field-name-1');
    await page.getByTestId('field-name-1').fill('stars');
    await page.getByTestId('field-max-1').fill('4');
    await expect.poll(async () => JSON.parse(await json.inputValue()).fields[1]).toEqual({ name: 'stars', type: 'rating', min: 1, max: 4 });

    // A bad value is caught in the browser with its path, next to the control and in the list.
    await page.getByTestId('field-name-1').fill('bad name');
    await expect.poll(() => page.getByTestId('schema-errors').innerText()).toContain('fields[1].name');
    expect(await page.getByTestId('schema-field-1').innerText()).toContain('not a valid field name');
    await page.getByTestId('project-submit').click();
    await page.getByTestId('form-problems').waitFor();
    await page.getByTestId('field-name-1').fill('stars');
    await expect.poll(() => page.getByTestId('schema-status').innerText()).toContain('Valid schema');

    // JSON -> visual: give the choice field hotkeys and a title by typing JSON.
    const edited = JSON.parse(await json.inputValue());
    edited.fields[0].title = 'Overall sentiment';
    edited.fields[0].options = [
      { value: 'positive', hotkey: 'p' },
      { value: 'negative', hotkey: 'n' },
    ];
    await json.fill(JSON.stringify(edited, null, 2));
    await expect.poll(() => page.getByLabel('Hotkey of option 2 of sentiment').inputValue()).toBe('n');
    expect(await page.getByLabel('Title (optional)').first().inputValue()).toBe('Overall sentiment');
    // Invalid JSON leaves the cards on the last valid schema and says why.
    await json.fill('{"fields": [');
    await page.getByTestId('json-stale').waitFor();
    await json.fill(JSON.stringify(edited, null, 2));
    await expect.poll(() => page.getByTestId('json-stale').count()).toBe(0);

    // Reorder with the buttons: stars first, then back.
    await page.getByRole('button', { name: 'Move field stars up' }).click();
    await expect.poll(async () => JSON.parse(await json.inputValue()).fields.map((f: { name: string }) => f.name)).toEqual(['stars', 'sentiment']);
    await page.getByRole('button', { name: 'Move field stars down' }).click();
    await expect.poll(async () => JSON.parse(await json.inputValue()).fields.map((f: { name: string }) => f.name)).toEqual(['sentiment', 'stars']);

    await page.getByTestId('q-overlapMin').fill('1');
    await page.getByTestId('q-overlapMax').fill('1');
    await page.getByTestId('q-aggregation').selectOption('mv');
    await tallScreenshot(page, 'project-setup-light');
    await setTheme(page, 'dark');
    await tallScreenshot(page, 'project-setup-dark');
    await setTheme(page, 'light');

    await page.getByTestId('project-submit').click();
    await page.waitForURL(/\/projects\/\d+\/import$/);
    projectId = Number(/projects\/(\d+)/.exec(page.url())![1]);
    const stored = await seed.owner.get<{ name: string; aggregation: string; overlapMax: number; schema: { fields: { name: string; type: string; title?: string; options?: { hotkey: string }[]; max?: number }[] } }>(
      `/api/v1/projects/${projectId}`,
    );
    expect(stored.name).toBe('Product reviews');
    expect(stored.aggregation).toBe('mv');
    expect(stored.overlapMax).toBe(1);
    expect(stored.schema.fields.map((f) => [f.name, f.type])).toEqual([
      ['sentiment', 'choice'],
      ['stars', 'rating'],
    ]);
    expect(stored.schema.fields[0].title).toBe('Overall sentiment');
    expect(stored.schema.fields[0].options!.map((o) => o.hotkey)).toEqual(['p', 'n']);
    expect(stored.schema.fields[1].max).toBe(4);
  });

  it('imports files through the import page: progress, then counts; a bad line says which', async () => {
    // A file big enough (and an upload slow enough) to watch the bar move.
    const lines = Array.from({ length: 4000 }, (_, i) => JSON.stringify({ uniqueId: `p${i}`, data: { text: `Review number ${i}. ${'Quite a long review text. '.repeat(6)}` } }));
    const big = join(files, 'reviews.jsonl');
    writeFileSync(big, lines.join('\n') + '\n');
    const cdp = await page.context().newCDPSession(page);
    await cdp.send('Network.enable');
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 20, downloadThroughput: -1, uploadThroughput: 250 * 1024 });

    const seen = new Set<number>();
    const watcher = setInterval(() => {
      void page
        .getByTestId('import-progress')
        .getAttribute('aria-valuenow', { timeout: 50 })
        .then((v) => v !== null && seen.add(Number(v)))
        .catch(() => undefined);
    }, 50);
    await page.getByTestId('file-input').setInputFiles(big);
    await page.getByTestId('import-progress').waitFor();
    await page.getByTestId('import-result').waitFor({ timeout: 60_000 });
    clearInterval(watcher);
    await cdp.send('Network.emulateNetworkConditions', { offline: false, latency: 0, downloadThroughput: -1, uploadThroughput: -1 });
    expect([...seen].some((v) => v > 0 && v < 100), `saw progress values ${[...seen].join(',')}`).toBe(true);
    expect(await page.getByTestId('import-progress').getAttribute('aria-valuenow')).toBe('100');
    expect(await page.getByTestId('import-created').innerText()).toBe((4000).toLocaleString());
    expect(await page.getByTestId('import-duplicates').innerText()).toBe('0');

    // CSV: one new row and one already imported.
    const csv = join(files, 'more.csv');
    writeFileSync(csv, 'uniqueId,text\np0,Review number 0 again\nnew1,A brand new review\n');
    await page.getByTestId('file-input').setInputFiles(csv);
    await expect.poll(() => page.getByTestId('import-created').innerText().catch(() => '')).toBe('1');
    expect(await page.getByTestId('import-duplicates').innerText()).toBe('1');

    // A row without the text the schema reads: nothing is imported and the line is named.
    const bad = join(files, 'bad.jsonl');
    writeFileSync(bad, [JSON.stringify({ data: { text: 'fine' } }), JSON.stringify({ data: { body: 'no text key' } })].join('\n'));
    await page.getByTestId('file-input').setInputFiles(bad);
    await page.getByTestId('import-error').waitFor();
    expect(await page.getByTestId('import-error-line').innerText()).toBe('2');
    expect(await page.getByTestId('import-error').innerText()).toContain('data.text is missing');
    const stats = await seed.owner.get<{ tasks: { total: number } }>(`/api/v1/projects/${projectId}/stats`);
    expect(stats.tasks.total).toBe(4001);
  });

  it('shows the dashboard, which moves when annotations arrive', async () => {
    await page.goto(`${server.url}/projects/${projectId}/dashboard`);
    await page.locator('[data-testid="dashboard"][data-ready="true"]').waitFor();
    expect(await page.getByTestId('kpi-tasks').innerText()).toBe((4001).toLocaleString());
    expect(await page.getByTestId('kpi-annotations').innerText()).toBe('0');
    expect(await page.getByTestId('status-done').innerText()).toMatch(/^0/);

    const ann2 = await seed.owner.post<{ id: number }>('/api/v1/members', { email: 'bo@acme.test', name: 'Bo Second', role: 'annotator' });
    const bo = http(server.url, (await seed.owner.post<{ token: string }>(`/api/v1/members/${ann2.id}/tokens`, {})).token);
    for (let i = 0; i < 3; i++) await annotate(seed.annotator.api, projectId, { sentiment: 'positive', stars: 3 + (i % 2) }, 2000 + i * 500);
    for (let i = 0; i < 2; i++) await annotate(bo, projectId, { sentiment: 'negative', stars: 2 }, 5000);

    // Stats refresh on their own (every 5 s); no reload.
    await expect.poll(() => page.getByTestId('kpi-annotations').innerText(), { timeout: 15_000 }).toBe('5');
    expect(await page.getByTestId('kpi-done').innerText()).toBe('5');
    expect(await page.getByTestId('status-done').innerText()).toMatch(/^5/);
    expect(await page.getByTestId('kpi-last-hour').innerText()).toBe('5');
    const rows = page.getByTestId('annotators-table').locator('tbody tr');
    await expect.poll(() => rows.count()).toBe(2);
    expect(await rows.first().innerText()).toContain('Ann Notator');
    expect(await rows.first().getByTestId('annotator-count').innerText()).toBe('3');
    // The charts are drawn (uPlot canvases) once their code has loaded.
    await expect.poll(() => page.locator('.chart-box canvas').count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'dashboard-light');
    await setTheme(page, 'dark');
    await expect.poll(() => page.locator('.chart-box canvas').count()).toBeGreaterThanOrEqual(2);
    await screenshot(page, 'dashboard-dark');
    await setTheme(page, 'light');

    // A paused annotator shows the reason and can be unpaused from here.
    await seed.owner.patch(`/api/v1/projects/${projectId}/annotators/${ann2.id}`, { state: 'paused', reason: 'Too fast on gold.' });
    await page.getByTestId('refresh').click();
    const unpause = page.getByRole('button', { name: 'Unpause Bo Second' });
    await unpause.waitFor();
    expect(await page.getByTestId('annotators-table').innerText()).toContain('Too fast on gold.');
    await unpause.click();
    await expect
      .poll(async () => (await seed.owner.get<{ items: { userId: number; state: string }[] }>(`/api/v1/projects/${projectId}/annotators`)).items.find((a) => a.userId === ann2.id)?.state)
      .toBe('active');
    await expect.poll(() => page.getByRole('button', { name: 'Unpause Bo Second' }).count()).toBe(0);
  });

  it('edits settings: the stored schema comes back the short way, quality and status save', async () => {
    await page.goto(`${server.url}/projects/${projectId}/settings`);
    const json = page.getByTestId('schema-json');
    await json.waitFor();
    expect(JSON.parse(await json.inputValue())).toEqual({
      fields: [
        { name: 'sentiment', title: 'Overall sentiment', type: 'choice', source: 'text', options: [{ value: 'positive', hotkey: 'p' }, { value: 'negative', hotkey: 'n' }] },
        { name: 'stars', type: 'rating', min: 1, max: 4 },
      ],
    });
    await page.getByTestId('q-reviewRate').fill('1.5');
    await page.getByTestId('project-submit').click();
    await expect.poll(() => page.getByText('Must be from 0 to 1.').isVisible()).toBe(true);
    await page.getByTestId('q-reviewRate').fill('0.25');
    await page.getByTestId('project-status').selectOption('paused');
    await page.getByTestId('project-submit').click();
    await page.getByTestId('saved').waitFor();
    const stored = await seed.owner.get<{ reviewRate: number; status: string }>(`/api/v1/projects/${projectId}`);
    expect(stored).toMatchObject({ reviewRate: 0.25, status: 'paused' });
    await seed.owner.patch(`/api/v1/projects/${projectId}`, { status: 'active' });
  });

  it('browses tasks with filters and cursor paging', async () => {
    await page.goto(`${server.url}/projects/${projectId}/tasks`);
    const table = page.getByTestId('tasks-table');
    await table.waitFor();
    expect(await table.locator('tbody tr').count()).toBe(50);
    const firstId = await table.locator('tbody tr').first().getAttribute('data-task-id');
    await page.getByTestId('next-page').click();
    await expect.poll(() => table.locator('tbody tr').first().getAttribute('data-task-id')).not.toBe(firstId);
    await page.getByRole('button', { name: '← Previous' }).click();
    await expect.poll(() => table.locator('tbody tr').first().getAttribute('data-task-id')).toBe(firstId);

    await page.getByTestId('filter-status').selectOption('done');
    await expect.poll(() => table.locator('tbody tr').count()).toBe(5);
    // The pager tells how many tasks match the filters, not just how many are on the page.
    await expect.poll(() => page.getByText('Page 1 · 5 tasks of 5 matching').isVisible()).toBe(true);
    expect(page.url()).toContain('status=done');
    await page.getByTestId('filter-annotator').selectOption({ label: 'Bo Second (2)' });
    await expect.poll(() => table.locator('tbody tr').count()).toBe(2);
    expect(await table.innerText()).toContain('negative');
  });
  it('names every control and draws a focus ring on each Tab stop, on every page', async () => {
    for (const path of [`/projects/${projectId}/dashboard`, `/projects/${projectId}/tasks`, `/projects/${projectId}/settings`, `/projects/new`, `/projects/${projectId}/import`, `/projects/${projectId}/review`, `/tasks/1`, '/members', '/tokens']) {
      await page.goto(server.url + path);
      await page.locator('main h1, main h2').first().waitFor();
      await page.waitForLoadState('networkidle');
      const unnamed = await page.evaluate(() =>
        [...document.querySelectorAll<HTMLElement>('main button, main input, main select, main textarea, main a[href]')]
          .filter((el) => {
            const labels = (el as HTMLInputElement).labels;
            const text = el.tagName === 'BUTTON' || el.tagName === 'A' ? el.innerText.trim() : '';
            return !(el.getAttribute('aria-label') || el.getAttribute('aria-labelledby') || labels?.length || text || el.getAttribute('title'));
          })
          .map((el) => el.outerHTML.slice(0, 120)),
      );
      expect(unnamed, path).toEqual([]);
      const noRing: string[] = [];
      let stops = 0;
      await page.locator('main').focus();
      for (let i = 0; i < 25; i++) {
        await page.keyboard.press('Tab');
        const f = await page.evaluate(() => {
          const a = document.activeElement as HTMLElement | null;
          if (!a || a === document.body || !a.closest('main')) return null;
          const cs = getComputedStyle(a);
          return { html: a.outerHTML.slice(0, 100), ring: cs.boxShadow !== 'none' || cs.outlineStyle !== 'none' };
        });
        if (!f) break;
        stops++;
        if (!f.ring) noRing.push(f.html);
      }
      expect(stops, path).toBeGreaterThan(0);
      expect(noRing, path).toEqual([]);
    }
  });
});

describe('members and tokens', () => {
  it('adds a member and creates a token shown once, then revokes it', async () => {
    const page = await newPage();
    await login(page, server.url, OWNER.email, OWNER.password, '/members');
    await page.getByTestId('members-table').waitFor();
    await page.getByLabel('Email').fill('cara@acme.test');
    await page.getByLabel('Name', { exact: true }).fill('Cara Manager');
    await page.getByLabel('Role').selectOption('manager');
    await page.getByLabel('Password').fill('manager-pass-1');
    await page.getByRole('button', { name: 'Add member' }).click();
    await page.getByTestId('member-added').waitFor();
    await expect.poll(() => page.getByTestId('members-table').innerText()).toContain('cara@acme.test');
    const members = await seed.owner.get<{ items: { email: string; role: string }[] }>('/api/v1/members');
    expect(members.items.find((m) => m.email === 'cara@acme.test')?.role).toBe('manager');

    await page.goto(`${server.url}/tokens`);
    await page.getByTestId('token-name').fill('import script');
    await page.getByTestId('token-create').click();
    const token = await page.getByTestId('token-value').innerText();
    expect(token).toMatch(/^tly_/);
    // The token works until it is revoked.
    expect((await http(server.url, token).request('GET', '/api/v1/me')).status).toBe(200);
    const row = page.getByTestId('tokens-table').locator('tr', { hasText: 'import script' });
    await row.getByRole('button', { name: /Revoke token/ }).click();
    await row.getByRole('button', { name: /^Revoke tly_/ }).click();
    await page.getByTestId('revoked-table').waitFor();
    expect(await page.getByTestId('revoked-table').innerText()).toContain('import script');
    expect((await http(server.url, token).request('GET', '/api/v1/me')).status).toBe(401);
    await page.close();
  });
});
