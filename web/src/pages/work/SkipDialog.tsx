import { useEffect, useRef, useState, type KeyboardEvent } from 'react';
import { Button, Kbd } from '../../ui/index.ts';

const PRESETS = ['Unclear or ambiguous', 'Data is broken or missing', 'Outside my expertise'];

/**
 * Asks why the task is skipped. Keys: 1–3 pick a preset reason (when the text box is
 * empty), Enter confirms, Shift+Enter adds a line, Escape cancels.
 */
export function SkipDialog({ onConfirm, onCancel }: { onConfirm: (reason: string) => void; onCancel: () => void }) {
  const [reason, setReason] = useState('');
  const boxRef = useRef<HTMLTextAreaElement>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const before = document.activeElement as HTMLElement | null;
    boxRef.current?.focus();
    return () => before?.focus?.({ preventScroll: true });
  }, []);

  const onKeyDown = (e: KeyboardEvent) => {
    e.stopPropagation();
    if (e.key === 'Escape') {
      e.preventDefault();
      onCancel();
    } else if (e.key === 'Enter' && !e.shiftKey) {
      e.preventDefault();
      onConfirm(reason.trim());
    } else if (reason === '' && ['1', '2', '3'].includes(e.key) && !e.ctrlKey && !e.altKey && !e.metaKey) {
      e.preventDefault();
      setReason(PRESETS[Number(e.key) - 1]);
    } else if (e.key === 'Tab') {
      // Keep focus inside the dialog.
      const items = [...(dialogRef.current?.querySelectorAll<HTMLElement>('textarea, button') ?? [])];
      const i = items.indexOf(document.activeElement as HTMLElement);
      const next = e.shiftKey ? (i <= 0 ? items.length - 1 : i - 1) : (i + 1) % items.length;
      e.preventDefault();
      items[next]?.focus();
    }
  };

  return (
    <div className="dialog-backdrop" onMouseDown={(e) => e.target === e.currentTarget && onCancel()}>
      <div className="dialog" role="dialog" aria-modal="true" aria-labelledby="skip-title" ref={dialogRef} onKeyDown={onKeyDown} data-testid="skip-dialog">
        <h2 id="skip-title">Skip this task?</h2>
        <p className="muted">It goes back to the queue for someone else; you will not see it again.</p>
        <label className="field__label" htmlFor="skip-reason">
          Reason (optional)
        </label>
        <textarea id="skip-reason" ref={boxRef} className="textarea" rows={3} value={reason} onChange={(e) => setReason(e.target.value)} />
        <div className="row" style={{ margin: 'var(--space-2) 0 var(--space-4)' }}>
          {PRESETS.map((p, i) => (
            <button key={p} type="button" className="btn btn--sm" onClick={() => setReason(p)}>
              <Kbd>{i + 1}</Kbd> {p}
            </button>
          ))}
        </div>
        <div className="row">
          <Button variant="primary" onClick={() => onConfirm(reason.trim())}>
            Skip task <Kbd>Enter</Kbd>
          </Button>
          <Button onClick={onCancel}>
            Cancel <Kbd>Esc</Kbd>
          </Button>
        </div>
      </div>
    </div>
  );
}
