import type { ReactNode } from 'react';

/** A keyboard key, e.g. <Kbd>Ctrl</Kbd>+<Kbd>Enter</Kbd>. */
export function Kbd({ children }: { children: ReactNode }) {
  return <kbd className="kbd">{children}</kbd>;
}
