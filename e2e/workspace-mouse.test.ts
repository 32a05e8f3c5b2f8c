/**
 * The same editors driven with the mouse: draw, move and resize boxes; click out a
 * polygon and drag a vertex; select text for a span; drag to rank; wheel to zoom.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { seedOrg, type Seeded } from './support/api.ts';
import { launchBrowser, login, screenshot } from './support/browser.ts';
import { FIXTURES } from './support/fixtures.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { currentTaskId, waitForNextTask, waitForOutboxDrained } from './support/workspace.ts';

let server: RunningServer;
let seed: Seeded;
let browser: Browser;
let page: Page;
const projectIds = new Map<string, number>();

beforeAll(async () => {
  server = await startServer();
  seed = await seedOrg(server.url);
  for (const type of ['boxes', 'polygons', 'spans', 'ranking', 'choice']) {
    const f = FIXTURES.find((x) => x.type === type)!;
    const p = await seed.owner.post<{ id: number }>('/api/v1/projects', { name: f.name, schema: f.schema });
    await seed.owner.post(`/api/v1/projects/${p.id}/tasks`, f.tasks.slice(0, 2));
    projectIds.set(type, p.id);
  }
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  await login(page, server.url, seed.annotator.email, seed.annotator.password);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** Screen position of an image pixel on the stage (the SVG keeps the image centred, "meet"). */
async function imagePoint(p: Page, x: number, y: number): Promise<{ x: number; y: number }> {
  return p.locator('.stage__svg').evaluate(
    (svg, [ix, iy]) => {
      const ctm = (svg as SVGSVGElement).getScreenCTM()!;
      const pt = new DOMPoint(ix, iy).matrixTransform(ctm);
      return { x: pt.x, y: pt.y };
    },
    [x, y] as const,
  );
}

async function drag(p: Page, from: { x: number; y: number }, to: { x: number; y: number }) {
  await p.mouse.move(from.x, from.y);
  await p.mouse.down();
  await p.mouse.move((from.x + to.x) / 2, (from.y + to.y) / 2, { steps: 3 });
  await p.mouse.move(to.x, to.y, { steps: 3 });
  await p.mouse.up();
}

async function submitAndRead(p: Page, field: string): Promise<unknown> {
  const taskId = await currentTaskId(p);
  await p.getByTestId('submit').click();
  await waitForNextTask(p, taskId);
  await waitForOutboxDrained(p);
  const task = await seed.owner.get<{ annotations: { value: Record<string, unknown> }[] }>(`/api/v1/tasks/${taskId}`);
  return task.annotations[0]?.value[field];
}

const near = (v: number, want: number) => expect(Math.abs(v - want), `${v} ≈ ${want}`).toBeLessThan(2);

describe('workspace with the mouse', () => {
  it('boxes: drag to draw, drag to move, drag a handle to resize, wheel to zoom', async () => {
    await page.goto(`${server.url}/projects/${projectIds.get('boxes')}/work`);
    await page.locator('.stage__svg').waitFor();
    await drag(page, await imagePoint(page, 100, 100), await imagePoint(page, 200, 180));
    await drag(page, await imagePoint(page, 150, 140), await imagePoint(page, 200, 160)); // move by (50, 20)
    await drag(page, await imagePoint(page, 250, 200), await imagePoint(page, 270, 220)); // se handle by (20, 20)
    await page.getByRole('button', { name: /block/ }).first().click(); // relabel the selected box
    const svg = page.locator('.stage__svg');
    const c = await imagePoint(page, 320, 240);
    await page.mouse.move(c.x, c.y);
    await page.mouse.wheel(0, -300);
    await expect.poll(async () => Number(await svg.getAttribute('data-zoom'))).toBeGreaterThan(1);
    await screenshot(page, 'mouse-boxes');
    const [box] = (await submitAndRead(page, 'objects')) as { x: number; y: number; width: number; height: number; label: string }[];
    near(box.x, 150);
    near(box.y, 120);
    near(box.width, 120);
    near(box.height, 100);
    expect(box.label).toBe('block');
  });

  it('polygons: click points, click the first to close, drag a vertex', async () => {
    await page.goto(`${server.url}/projects/${projectIds.get('polygons')}/work`);
    await page.locator('.stage__svg').waitFor();
    const pts = [[100, 100], [300, 100], [300, 300], [100, 300]] as const;
    for (const [x, y] of pts) {
      const s = await imagePoint(page, x, y);
      await page.mouse.click(s.x, s.y);
    }
    const first = await imagePoint(page, 100, 100);
    await page.mouse.click(first.x, first.y); // closes the polygon
    await page.locator('[data-polygon="0"]').waitFor();
    await drag(page, await imagePoint(page, 300, 300), await imagePoint(page, 350, 320)); // vertex 2
    const [poly] = (await submitAndRead(page, 'regions')) as { points: [number, number][]; label: string }[];
    expect(poly.label).toBe('ball');
    expect(poly.points).toHaveLength(4);
    near(poly.points[0][0], 100);
    near(poly.points[2][0], 350);
    near(poly.points[2][1], 320);
  });

  it('spans: select text with the mouse, then click a label', async () => {
    await page.goto(`${server.url}/projects/${projectIds.get('spans')}/work`);
    const text = page.locator('.spans__text');
    await text.waitFor();
    // Screen rectangle of "Paris" in "Ada Lovelace visited Paris in June."
    const r = await text.evaluate((el) => {
      const node = el.querySelector('[data-start]')!.firstChild as Text;
      const start = node.data.indexOf('Paris');
      const range = document.createRange();
      range.setStart(node, start);
      range.setEnd(node, start + 5);
      const b = range.getBoundingClientRect();
      return { x1: b.left + 1, x2: b.right - 1, y: b.top + b.height / 2 };
    });
    await drag(page, { x: r.x1, y: r.y }, { x: r.x2, y: r.y });
    await page.getByRole('button', { name: /LOC/ }).click();
    expect(await page.locator('[data-testid="spans-list-entities"] li').first().innerText()).toContain('Paris');
    expect(await submitAndRead(page, 'entities')).toEqual([{ start: 21, end: 26, label: 'LOC', text: 'Paris' }]);
  });

  it('ranking: drag a candidate to the top', async () => {
    await page.goto(`${server.url}/projects/${projectIds.get('ranking')}/work`);
    const items = page.locator('.ranking__item');
    await items.first().waitFor();
    await items.nth(2).dragTo(items.nth(0));
    expect(await items.nth(0).innerText()).toContain('third');
    expect(await submitAndRead(page, 'order')).toEqual([2, 0, 1]);
  });

  it('choice: click an option and the Submit button; the theme toggle switches to dark', async () => {
    await page.goto(`${server.url}/projects/${projectIds.get('choice')}/work`);
    await page.locator('[data-value="neg"]').click();
    await page.getByRole('button', { name: /Switch to (dark|light) theme/ }).click();
    const theme = await page.evaluate(() => document.documentElement.dataset.theme);
    expect(['dark', 'light']).toContain(theme);
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(bg).toBe(theme === 'dark' ? 'rgb(18, 19, 23)' : 'rgb(247, 247, 248)');
    await screenshot(page, `mouse-choice-${theme}`);
    expect(await submitAndRead(page, 'sentiment')).toBe('neg');
  });
});
