import { useEffect, useRef } from 'react';
import { Markdown } from '../../lib/markdown.tsx';
import { Button, Kbd } from '../../ui/index.ts';

/**
 * The project's instructions in a side panel over the task (it never reflows the task).
 * Opens and closes with ? or i; Escape closes it and focus returns where it was.
 */
export function InstructionsPanel({ markdown, onClose }: { markdown: string; onClose: () => void }) {
  const ref = useRef<HTMLElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    ref.current?.focus();
    return () => before?.focus?.({ preventScroll: true });
  }, []);
  return (
    <aside className="instructions" ref={ref} tabIndex={-1} aria-labelledby="instructions-title" data-testid="instructions">
      <div className="instructions__head">
        <h2 id="instructions-title">Instructions</h2>
        <span className="spacer" />
        <Button variant="ghost" size="sm" onClick={onClose} aria-label="Close instructions">
          <Kbd>Esc</Kbd> ✕
        </Button>
      </div>
      {markdown.trim() ? <Markdown source={markdown} /> : <p className="muted">This project has no written instructions.</p>}
    </aside>
  );
}
