/**
 * The workspace's states: skip with a reason, the prefetched claim given back on leave,
 * paused for quality, lease expired (kept while the slot is free, refused once it was
 * given away), offline with a persistent queue, predictions prefilled, and resume after
 * a reload.
 */
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { seedOrg, http, type Seeded } from './support/api.ts';
import { launchBrowser, login, screenshot } from './support/browser.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { currentTaskId, waitForNextTask, waitForOutboxDrained } from './support/workspace.ts';

const SCHEMA = { fields: [{ name: 'sentiment', type: 'choice', source: 'text', options: ['pos', 'neg', 'neutral'] }] };

let server: RunningServer;
let seed: Seeded;
let browser: Browser;
let context: BrowserContext;
let page: Page;

async function project(tasks: unknown[], settings: Record<string, unknown> = {}): Promise<number> {
  const p = await seed.owner.post<{ id: number }>('/api/v1/projects', { name: `States ${Math.random().toString(36).slice(2, 7)}`, schema: SCHEMA, ...settings });
  if (tasks.length) await seed.owner.post(`/api/v1/projects/${p.id}/tasks`, tasks);
  return p.id;
}
const texts = (...t: string[]) => t.map((text) => ({ data: { text } }));

async function claimRows(projectId: number) {
  return server.database.db.selectFrom('claims').select(['id', 'task_id', 'status', 'skip_reason']).where('project_id', '=', projectId).orderBy('id').execute();
}
async function annotations(taskId: number) {
  return (await seed.owner.get<{ annotations: { value: Record<string, unknown>; userId: number }[] }>(`/api/v1/tasks/${taskId}`)).annotations;
}

beforeAll(async () => {
  server = await startServer();
  seed = await seedOrg(server.url);
  browser = await launchBrowser();
});

beforeEach(async () => {
  await context?.close();
  context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  page = await context.newPage();
  await login(page, server.url, seed.annotator.email, seed.annotator.password);
});

afterAll(async () => {
  await context?.close();
  await browser?.close();
  await server?.close();
});

describe('workspace states', () => {
  it('S opens the skip dialog; the reason is stored and the next task shows', async () => {
    const id = await project(texts('one', 'two'));
    await page.goto(`${server.url}/projects/${id}/work`);
    const first = await currentTaskId(page);
    await page.keyboard.press('s');
    await page.getByTestId('skip-dialog').waitFor();
    await page.keyboard.press('2'); // preset reason
    expect(await page.locator('#skip-reason').inputValue()).toBe('Data is broken or missing');
    await screenshot(page, 'workspace-skip-dialog');
    await page.keyboard.press('Enter');
    const second = await waitForNextTask(page, first);
    expect(second).not.toBeNull();
    await waitForOutboxDrained(page);
    const rows = await claimRows(id);
    expect(rows.find((r) => r.task_id === first)).toMatchObject({ status: 'skipped', skip_reason: 'Data is broken or missing' });
    // Escape cancels without skipping.
    await page.keyboard.press('s');
    await page.keyboard.press('Escape');
    await page.getByTestId('skip-dialog').waitFor({ state: 'detached' });
    expect(await currentTaskId(page)).toBe(second);
  });

  it('holds one prefetched claim and gives it back when the annotator leaves', async () => {
    const id = await project(texts('a', 'b', 'c', 'd'));
    await page.goto(`${server.url}/projects/${id}/work`);
    const shown = await currentTaskId(page);
    await page.locator('[data-testid="work"][data-prefetched]').waitFor();
    let rows = await claimRows(id);
    expect(rows.filter((r) => r.status === 'active')).toHaveLength(2);
    const prefetched = rows.find((r) => r.status === 'active' && r.task_id !== shown)!.task_id;
    await page.goto(server.url); // leave the workspace
    await page.getByRole('heading', { name: 'My projects' }).waitFor();
    // The prefetched lease is released (the row is gone), not skipped: the task is not lost to this annotator.
    await expect.poll(async () => (await claimRows(id)).length).toBe(1);
    rows = await claimRows(id);
    // The shown task stays leased to the annotator and comes back when they return.
    expect(rows).toMatchObject([{ task_id: shown, status: 'active' }]);
    await page.goto(`${server.url}/projects/${id}/work`);
    expect(await currentTaskId(page)).toBe(shown);
    await page.locator('[data-testid="work"][data-prefetched]').waitFor();
    expect((await claimRows(id)).find((r) => r.task_id === prefetched)?.status).toBe('active');
    expect(await currentTaskId(page)).toBe(shown);
  });

  it('paused for quality: shows the reason', async () => {
    const id = await project(texts('x'));
    await seed.owner.patch(`/api/v1/projects/${id}/annotators/${seed.annotator.id}`, { state: 'paused', reason: 'Gold accuracy 40% is below the 70% bar.' });
    await page.goto(`${server.url}/projects/${id}/work`);
    await page.getByTestId('state-paused').waitFor();
    expect(await page.getByTestId('paused-reason').innerText()).toBe('Gold accuracy 40% is below the 70% bar.');
    await screenshot(page, 'workspace-paused');
  });

  it('no tasks: says so', async () => {
    const id = await project([]);
    await page.goto(`${server.url}/projects/${id}/work`);
    await page.getByTestId('state-empty').waitFor();
    expect(await page.getByTestId('state-empty').innerText()).toContain('No more tasks');
  });

  it('lease expired while the slot is free: the banner explains, and the answer is kept', async () => {
    const id = await project(texts('solo'), { leaseSeconds: 5 });
    await page.route('**/heartbeat', (r) => r.abort()); // the lease is never extended
    await page.goto(`${server.url}/projects/${id}/work`);
    const taskId = await currentTaskId(page);
    await page.getByTestId('lease-expired').waitFor({ timeout: 15_000 });
    expect(await page.getByTestId('lease-expired').innerText()).toContain('kept if the task’s slot is still free');
    await screenshot(page, 'workspace-lease-expired');
    await page.keyboard.press('1');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('state-empty').waitFor();
    await waitForOutboxDrained(page);
    expect((await annotations(taskId)).map((a) => a.value)).toEqual([{ sentiment: 'pos' }]);
  });

  it('lease expired and the slot was given away: the answer is refused and the annotator is told', async () => {
    const id = await project(texts('contested'), { leaseSeconds: 5 });
    await page.route('**/heartbeat', (r) => r.abort());
    await page.goto(`${server.url}/projects/${id}/work`);
    const taskId = await currentTaskId(page);
    await page.getByTestId('lease-expired').waitFor({ timeout: 15_000 });
    // Someone else claims: the expired lease is reaped and the task is theirs.
    const other = await seed.owner.post<{ id: number }>('/api/v1/members', { email: 'bo@acme.test', role: 'annotator', name: 'Bo' });
    const tok = await seed.owner.post<{ token: string }>(`/api/v1/members/${other.id}/tokens`, {});
    const claim = await http(server.url, tok.token).post<{ task: { id: number } }>(`/api/v1/projects/${id}/claims`);
    expect(claim.task.id).toBe(taskId);
    await page.keyboard.press('2');
    await page.keyboard.press('Control+Enter');
    const notice = page.getByTestId('notice');
    await notice.waitFor();
    expect(await notice.innerText()).toContain('went to someone else');
    expect(await page.getByTestId('failed-count').innerText()).toBe('1 not saved');
    expect(await annotations(taskId)).toEqual([]);
  });

  it('offline: answers queue in the browser with a count and reach the server when back, even from another page', async () => {
    const id = await project(texts('o1', 'o2', 'o3'));
    await page.goto(`${server.url}/projects/${id}/work`);
    const t1 = await currentTaskId(page);
    await page.locator('[data-testid="work"][data-prefetched]').waitFor();
    await context.setOffline(true);
    await page.keyboard.press('1');
    await page.keyboard.press('Control+Enter');
    const t2 = (await waitForNextTask(page, t1))!; // the prefetched task shows even offline
    await page.getByTestId('offline-banner').waitFor();
    expect(await page.getByTestId('queue-count').innerText()).toBe('1 waiting to send');
    await page.keyboard.press('3');
    await page.keyboard.press('Control+Enter');
    await page.getByTestId('state-offline').waitFor(); // no task can be claimed offline
    expect(await page.getByTestId('queue-count').innerText()).toBe('2 waiting to send');
    await screenshot(page, 'workspace-offline');
    expect(await annotations(t1)).toEqual([]);
    // The tab closes while offline; the queue survives in localStorage.
    await page.close();
    await context.setOffline(false);
    page = await context.newPage();
    await page.goto(server.url);
    await page.getByRole('heading', { name: 'My projects' }).waitFor();
    await expect.poll(async () => (await annotations(t1)).map((a) => a.value), { timeout: 15_000 }).toEqual([{ sentiment: 'pos' }]);
    await expect.poll(async () => (await annotations(t2)).map((a) => a.value), { timeout: 15_000 }).toEqual([{ sentiment: 'neutral' }]);
  });

  it('predictions: the best one prefills the editor and is marked as a prediction', async () => {
    const id = await project([
      {
        data: { text: 'predicted' },
        predictions: [
          { model: 'small', value: { sentiment: 'neg' }, score: 0.4 },
          { model: 'big', value: { sentiment: 'pos' }, score: 0.93 },
        ],
      },
    ]);
    await page.goto(`${server.url}/projects/${id}/work`);
    const taskId = await currentTaskId(page);
    expect(await page.getByTestId('prediction-banner').innerText()).toContain('big');
    await page.getByTestId('predicted-sentiment').waitFor();
    expect(await page.locator('[data-value="pos"]').getAttribute('aria-checked')).toBe('true');
    await screenshot(page, 'workspace-prediction');
    await page.keyboard.press('Control+Enter'); // accept the prediction as is
    await page.getByTestId('state-empty').waitFor();
    await waitForOutboxDrained(page);
    expect((await annotations(taskId)).map((a) => a.value)).toEqual([{ sentiment: 'pos' }]);
  });

  it('a reload resumes the same task with the draft', async () => {
    const id = await project(
      [{ data: { text: 'draft me' } }],
      { schema: { fields: [{ name: 'note', type: 'text', source: 'text' }] } },
    );
    await page.goto(`${server.url}/projects/${id}/work`);
    const taskId = await currentTaskId(page);
    await page.keyboard.type('half done');
    await page.waitForFunction(() => Object.keys(localStorage).some((k) => k.startsWith('tally.work.') && localStorage.getItem(k)!.includes('half done')));
    await page.reload();
    expect(await currentTaskId(page)).toBe(taskId);
    expect(await page.locator('#note-input').inputValue()).toBe('half done');
  });
});
