/**
 * An annotator labels five tasks of every field type with the keyboard only: no mouse
 * after login. Each answer is checked on the page and then read back from the API
 * (GET /api/v1/tasks/:id with the owner's token).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser, Page } from 'playwright-core';
import { regularPolygon, scalePoints, translatePoints } from '../web/src/fields/regions-geometry.ts';
import { seedOrg, type Seeded } from './support/api.ts';
import { launchBrowser, login, screenshot } from './support/browser.ts';
import { FIXTURES } from './support/fixtures.ts';
import { startServer, type RunningServer } from './support/server.ts';
import { currentTaskId, press, tabTo, waitForNextTask, waitForOutboxDrained, type KeyAction } from './support/workspace.ts';

let server: RunningServer;
let seed: Seeded;
let browser: Browser;
let page: Page;
const projectIds = new Map<string, number>();

beforeAll(async () => {
  server = await startServer();
  seed = await seedOrg(server.url);
  for (const f of FIXTURES) {
    const p = await seed.owner.post<{ id: number }>('/api/v1/projects', { name: f.name, schema: f.schema, instructions: f.instructions });
    await seed.owner.post(`/api/v1/projects/${p.id}/tasks`, f.tasks);
    projectIds.set(f.type, p.id);
  }
  browser = await launchBrowser();
  page = await browser.newPage({ viewport: { width: 1280, height: 900 } });
  page.on('pageerror', (e) => {
    throw e;
  });
  await login(page, server.url, seed.annotator.email, seed.annotator.password);
});

afterAll(async () => {
  await browser?.close();
  await server?.close();
});

/** What one task's script does and the value it must produce. */
interface Step {
  /** Keys in order; functions in the list are checks run at that point. */
  keys: KeyAction[];
  /** The stored value, or a function of the task id giving it. */
  expected: unknown;
}

/**
 * Labels the project's five tasks with the given steps, submits each with Ctrl+Enter,
 * checks the empty state, then reads every stored annotation back through the API.
 */
async function labelAll(type: string, steps: (text: (taskId: number) => string) => Step[], open?: () => Promise<void>) {
  const projectId = projectIds.get(type)!;
  const fixture = FIXTURES.find((f) => f.type === type)!;
  const listed = await seed.owner.get<{ items: { id: number; data: Record<string, unknown> }[] }>(`/api/v1/projects/${projectId}/tasks?limit=10`);
  const dataOf = new Map(listed.items.map((t) => [t.id, t.data]));
  const textOf = (taskId: number) => String(Object.values(dataOf.get(taskId) ?? {})[0]);
  if (open) await open();
  else await page.goto(`${server.url}/projects/${projectId}/work`);
  const plan = steps(textOf);
  const seen = new Map<number, unknown>();
  let taskId = await currentTaskId(page);
  for (let i = 0; i < plan.length; i++) {
    const step = plan[i];
    await press(page, ...step.keys);
    if (i === 1) await screenshot(page, `workspace-${type}`);
    seen.set(taskId, typeof step.expected === 'function' ? (step.expected as (id: number) => unknown)(taskId) : step.expected);
    await page.keyboard.press('Control+Enter');
    const next = await waitForNextTask(page, taskId);
    if (i < plan.length - 1) {
      expect(next, `task ${i + 2} of ${type} should follow`).not.toBeNull();
      taskId = next!;
    } else expect(next).toBeNull();
  }
  await expect.poll(() => page.getByTestId('state-empty').isVisible()).toBe(true);
  await waitForOutboxDrained(page);
  expect(seen.size).toBe(fixture.tasks.length);
  for (const [id, expected] of seen) {
    const task = await seed.owner.get<{ annotations: { value: Record<string, unknown>; userId: number; activeMs: number }[] }>(`/api/v1/tasks/${id}`);
    expect(task.annotations, `task ${id}`).toHaveLength(1);
    const a = task.annotations[0];
    expect(a.userId).toBe(seed.annotator.id);
    expect(a.activeMs).toBeGreaterThan(0);
    const field = fixture.schema.fields[0].name as string;
    expect(a.value[field], `task ${id} (${type})`).toEqual(expected);
  }
}

const checked = (value: string) => async (p: Page) => {
  expect(await p.locator(`[data-value="${value}"]`).getAttribute('aria-checked')).toBe('true');
};

/** Waits for an image editor's picture to load (keys before that have nothing to act on). */
const stageReady = async (p: Page) => {
  await p.locator('.stage__svg').waitFor();
};

/** Checks a field's error text at this point of the key sequence. */
const errorSays = (field: string, text: string) => async (p: Page) => {
  expect(await p.getByTestId(`error-${field}`).innerText()).toContain(text);
};

describe('annotator workspace, keyboard only', () => {
  it('choice: number keys pick an option; instructions open with ? and close with Escape', async () => {
    const projectId = projectIds.get('choice')!;
    await labelAll(
      'choice',
      () => [
        { keys: ['1', checked('pos')], expected: 'pos' },
        { keys: ['2', checked('neg')], expected: 'neg' },
        { keys: ['3', 'ArrowUp', 'Enter', checked('neg')], expected: 'neg' },
        {
          keys: [
            '?',
            async (p) => {
              const panel = p.getByTestId('instructions');
              await panel.waitFor();
              expect(await panel.locator('h3').first().innerText()).toBe('Sentiment');
              expect(await panel.locator('strong').first().innerText()).toBe('overall');
              expect(await panel.locator('li').count()).toBe(3);
              await screenshot(p, 'workspace-instructions');
              await p.keyboard.press('Escape');
              await panel.waitFor({ state: 'detached' });
            },
            '1',
          ],
          expected: 'pos',
        },
        // Ctrl+Enter with nothing chosen: the field says why and the task stays.
        { keys: ['Control+Enter', errorSays('sentiment', 'required'), '3'], expected: 'neutral' },
      ],
      async () => {
        // From "My projects" to the workspace with Tab and Enter.
        await page.goto(server.url);
        await tabTo(page, (el) => el.label === 'Start labeling Sentiment (choice)');
        await page.keyboard.press('Enter');
        await page.waitForURL(`**/projects/${projectId}/work`);
        await page.getByTestId('task').waitFor();
      },
    );
  });

  it('multi choice: hotkeys toggle options', async () => {
    await labelAll('choice-multi', () => [
      { keys: ['1'], expected: ['sports'] },
      { keys: ['3', '2'], expected: ['politics', 'science'] },
      { keys: ['1', '1'], expected: [] },
      { keys: ['4', 'ArrowLeft', ' '], expected: ['science', 'art'] },
      { keys: ['2', '4', '2'], expected: ['art'] },
    ]);
  });

  it('spans: caret and Shift-selection with arrows, label keys, overlapping spans, delete', async () => {
    const span = (text: string, part: string, label: string, from = 0) => {
      const start = text.indexOf(part, from);
      return { start, end: start + part.length, label, text: part };
    };
    await labelAll('spans', (textOf) => [
      {
        keys: [
          'Home',
          ['Shift+Control+ArrowRight', 2],
          '1',
          ['Control+ArrowRight', 2],
          '2',
          async (p) => {
            const items = p.locator('[data-testid="spans-list-entities"] li');
            expect(await items.count()).toBe(2);
            expect(await items.nth(0).innerText()).toContain('Ada Lovelace');
          },
        ],
        expected: (id: number) => [span(textOf(id), 'Ada Lovelace', 'PER'), span(textOf(id), 'Paris', 'LOC')],
      },
      {
        keys: [['Shift+Control+ArrowRight', 2], '1', ['Control+ArrowRight', 4], '3', ['Control+ArrowRight', 2], '2'],
        expected: (id: number) => [span(textOf(id), 'Grace Hopper', 'PER'), span(textOf(id), 'Navy', 'ORG'), span(textOf(id), 'Virginia', 'LOC')],
      },
      {
        // A wrong span is added, then deleted with Delete.
        keys: [['Shift+Control+ArrowRight', 2], '1', 'End', 'Control+ArrowLeft', '2', 'Home', ['Control+ArrowRight', 3], '3', 'Delete'],
        expected: (id: number) => [span(textOf(id), 'Alan Turing', 'PER'), span(textOf(id), 'London', 'LOC')],
      },
      {
        // Character-wise Shift+arrows, and [ to focus a span then relabel it.
        keys: [['Shift+ArrowRight', 3], '3', '[', '1', 'End', 'Control+ArrowLeft', '3'],
        expected: (id: number) => [span(textOf(id), 'Tim', 'PER'), span(textOf(id), 'CERN', 'ORG')],
      },
      {
        // Overlapping: "MIT" and "Apollo at MIT" are both ORG; they stack in two lanes.
        keys: [
          'End',
          'Control+ArrowLeft',
          '3',
          ['Control+ArrowLeft', 3],
          ['Shift+Control+ArrowRight', 3],
          '3',
          'Home',
          ['Shift+Control+ArrowRight', 2],
          '1',
          async (p) => {
            const mit = p.locator('.spans__seg', { hasText: /^MIT$/ });
            expect(await mit.getAttribute('data-tags')).toBe('ORG · ORG');
            await screenshot(p, 'workspace-spans-overlap');
          },
        ],
        expected: (id: number) => [span(textOf(id), 'MIT', 'ORG'), span(textOf(id), 'Apollo at MIT', 'ORG'), span(textOf(id), 'Margaret Hamilton', 'PER')],
      },
    ]);
  });

  it('boxes: b adds a box, arrows move, Shift+arrows resize, label keys relabel, Delete removes, +/- zoom', async () => {
    const box = (x: number, y: number, width: number, height: number, label: string) => ({ x, y, width, height, label });
    await labelAll('boxes', () => [
      { keys: [stageReady, 'b'], expected: [box(256, 192, 128, 96, 'ball')] },
      { keys: [stageReady, 'b', ['ArrowRight', 2], 'Shift+ArrowDown', '2'], expected: [box(281.6, 192, 128, 108.8, 'block')] },
      { keys: [stageReady, 'b', ['ArrowLeft', 5], 'Escape', '2', 'b'], expected: [box(192, 192, 128, 96, 'ball'), box(256, 192, 128, 96, 'block')] },
      {
        keys: [
          stageReady,
          '+',
          'b',
          async (p) => {
            const stage = p.locator('.stage__svg');
            expect(await stage.getAttribute('data-zoom')).toBe('1.25');
            await p.keyboard.press('Escape');
            const before = await stage.getAttribute('data-view');
            await p.keyboard.press('ArrowRight'); // nothing selected: arrows pan
            expect(await stage.getAttribute('data-view')).not.toBe(before);
            await p.keyboard.press('-');
            expect(await stage.getAttribute('data-zoom')).toBe('1.00');
          },
        ],
        expected: [box(268.8, 201.6, 102.4, 76.8, 'ball')],
      },
      { keys: [stageReady, 'b', 'Delete', 'b', ['Shift+ArrowRight', 3]], expected: [box(256, 192, 166.4, 96, 'ball')] },
    ]);
  });

  it('polygons: p adds a polygon, arrows move it, v + arrows move a vertex, Insert adds one', async () => {
    const hex = regularPolygon(320, 240, 57.6);
    const img = { width: 640, height: 480 };
    const moved = translatePoints(hex, 12.8, 0, img);
    const vertexUp = hex.map((p, k) => (k === 0 ? [p[0], Math.round((p[1] - 12.8) * 10) / 10] : p));
    const wider = scalePoints(hex, 12.8, 0, img);
    const mid: [number, number] = [Math.round(((hex[0][0] + hex[1][0]) / 2) * 10) / 10, Math.round(((hex[0][1] + hex[1][1]) / 2) * 10) / 10];
    const inserted = [hex[0], mid, ...hex.slice(1)];
    await labelAll('polygons', () => [
      { keys: [stageReady, 'p'], expected: [{ points: hex, label: 'ball' }] },
      { keys: [stageReady, 'p', 'ArrowRight', '2'], expected: [{ points: moved, label: 'block' }] },
      { keys: [stageReady, 'p', 'v', 'ArrowUp'], expected: [{ points: vertexUp, label: 'ball' }] },
      { keys: [stageReady, 'p', 'Shift+ArrowRight'], expected: [{ points: wider, label: 'ball' }] },
      { keys: [stageReady, 'p', 'v', 'Insert'], expected: [{ points: inserted, label: 'ball' }] },
    ]);
  });

  it('rating: digits pick a point, arrows step, Home/End', async () => {
    await labelAll('rating', () => [
      { keys: ['3'], expected: 3 },
      { keys: ['5'], expected: 5 },
      { keys: ['1', 'ArrowRight'], expected: 2 },
      { keys: ['4', 'ArrowLeft'], expected: 3 },
      { keys: ['End'], expected: 5 },
    ]);
  });

  it('pairwise: A/B choose, 1-3 strength, T tie', async () => {
    await labelAll('pairwise', () => [
      {
        keys: ['a', async (p) => expect(await p.getByTestId('pairwise-summary-preference').innerText()).toBe('A is better (clearly)')],
        expected: { choice: 'A', strength: 2 },
      },
      { keys: ['b', '3'], expected: { choice: 'B', strength: 3 } },
      { keys: ['t'], expected: { choice: 'tie' } },
      { keys: ['a', '1'], expected: { choice: 'A', strength: 1 } },
      { keys: ['b', 't', 'a', '2'], expected: { choice: 'A', strength: 2 } },
    ]);
  });

  it('ranking: Enter accepts, Alt+arrows move the selected candidate', async () => {
    await labelAll('ranking', () => [
      { keys: ['Control+Enter', errorSays('order', 'required'), 'Enter'], expected: [0, 1, 2] },
      { keys: ['Alt+ArrowDown'], expected: [1, 0, 2] },
      { keys: ['ArrowDown', 'ArrowDown', 'Alt+ArrowUp', 'Alt+ArrowUp'], expected: [2, 0, 1] },
      { keys: ['ArrowDown', 'Alt+ArrowDown'], expected: [0, 2, 1] },
      { keys: ['Alt+ArrowDown', 'Alt+ArrowDown'], expected: [1, 2, 0] },
    ]);
  });

  it('text: typing with a live counter; too short is refused until fixed', async () => {
    await labelAll('text', () => [
      {
        keys: [
          'O',
          'k',
          'Control+Enter',
          errorSays('summary', 'at least 3'),
          async (p) => expect(await p.getByTestId('count-summary').innerText()).toContain('2 / 40'),
          '!',
          async (p) => expect(await p.getByTestId('count-summary').innerText()).toContain('3 / 40'),
        ],
        expected: 'Ok!',
      },
      { keys: [...'Quiet day'], expected: 'Quiet day' },
      { keys: [...'Something big happened in a town far away from here', errorSays('summary', 'at most 40'), 'Control+a', ...'Short'], expected: 'Short' },
      { keys: [...'Fine', 'Backspace', 'e'], expected: 'Fine' },
      { keys: [...'Last one'], expected: 'Last one' },
    ]);
  });

  it('number: typing digits, arrows step, invalid input is explained', async () => {
    await labelAll('number', () => [
      { keys: ['4', '2'], expected: 42 },
      { keys: ['7', 'ArrowUp'], expected: 8 },
      { keys: ['x', errorSays('count', 'expected an integer'), 'Control+Enter', 'Backspace', '5'], expected: 5 },
      { keys: ['1', '0', '0'], expected: 100 },
      // From empty, the first ↑ gives the minimum (0), the second 1.
      { keys: ['ArrowUp', 'ArrowUp'], expected: 1 },
    ]);
  });
});
