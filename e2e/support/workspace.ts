import { expect } from 'vitest';
import type { Page } from 'playwright-core';

/** The id of the task the workspace shows now. */
export async function currentTaskId(page: Page): Promise<number> {
  const id = await page.getByTestId('task').getAttribute('data-task-id', { timeout: 10_000 });
  return Number(id);
}

/** Waits until the workspace shows a task other than `previous` (or the empty state). Returns the new id, or null when empty. */
export async function waitForNextTask(page: Page, previous: number): Promise<number | null> {
  await page.waitForFunction(
    (prev) => {
      const t = document.querySelector('[data-testid="task"]');
      if (t && t.getAttribute('data-task-id') !== String(prev)) return true;
      return document.querySelector('[data-testid="state-empty"]') !== null;
    },
    previous,
    { timeout: 10_000 },
  );
  const t = page.getByTestId('task');
  return (await t.count()) ? Number(await t.getAttribute('data-task-id')) : null;
}

/** One keyboard action: a Playwright key (e.g. "Shift+Control+ArrowRight"), a key with a repeat count, or a check to run at that point. */
export type KeyAction = string | [string, number] | ((page: Page) => Promise<void>);

/** Presses keys in order, running any checks in between. */
export async function press(page: Page, ...keys: KeyAction[]): Promise<void> {
  for (const k of keys) {
    if (typeof k === 'function') {
      await k(page);
      continue;
    }
    const [key, n] = Array.isArray(k) ? k : [k, 1];
    for (let i = 0; i < n; i++) await page.keyboard.press(key);
  }
}

/** Moves focus with Tab until `match` holds for the focused element (keyboard-only navigation). */
export async function tabTo(page: Page, match: (el: { text: string; label: string | null; href: string | null }) => boolean, max = 40): Promise<void> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const el = await page.evaluate(() => {
      const a = document.activeElement as HTMLElement | null;
      return { text: a?.innerText ?? '', label: a?.getAttribute('aria-label') ?? null, href: a?.getAttribute('href') ?? null };
    });
    if (match(el)) return;
  }
  throw new Error('tabTo: no focusable element matched');
}

/** Waits until every queued submission has reached the server. */
export async function waitForOutboxDrained(page: Page): Promise<void> {
  await page.waitForFunction(() => {
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i)!;
      if (k.startsWith('tally.outbox.')) {
        const v = JSON.parse(localStorage.getItem(k) ?? '{}') as { items?: unknown[] };
        if (v.items?.length) return false;
      }
    }
    return true;
  });
  expect(await page.getByTestId('queue-count').count()).toBe(0);
}
