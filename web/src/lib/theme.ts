import { useCallback, useSyncExternalStore } from 'react';

/** 'system' follows prefers-color-scheme; the others pin a theme (html[data-theme]). */
export type ThemeChoice = 'system' | 'light' | 'dark';

const KEY = 'tally.theme';
const listeners = new Set<() => void>();

function read(): ThemeChoice {
  try {
    const v = localStorage.getItem(KEY);
    return v === 'light' || v === 'dark' ? v : 'system';
  } catch {
    return 'system';
  }
}

/** Applies and remembers a theme choice. index.html applies the saved one before first paint. */
export function setTheme(choice: ThemeChoice): void {
  try {
    if (choice === 'system') localStorage.removeItem(KEY);
    else localStorage.setItem(KEY, choice);
  } catch {
    /* private mode: the choice lasts for this page only */
  }
  if (choice === 'system') delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = choice;
  for (const l of listeners) l();
}

/** The effective theme right now. */
export function effectiveTheme(choice: ThemeChoice = read()): 'light' | 'dark' {
  if (choice !== 'system') return choice;
  return window.matchMedia?.('(prefers-color-scheme: dark)').matches ? 'dark' : 'light';
}

/** The current choice and a toggle that flips the effective theme. */
export function useTheme() {
  const choice = useSyncExternalStore(
    (cb) => {
      listeners.add(cb);
      return () => listeners.delete(cb);
    },
    read,
    () => 'system' as ThemeChoice,
  );
  const toggle = useCallback(() => setTheme(effectiveTheme() === 'dark' ? 'light' : 'dark'), []);
  return { choice, theme: effectiveTheme(choice), toggle };
}
