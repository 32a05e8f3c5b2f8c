import { useEffect, useRef, useState } from 'react';
import { Alert, Button } from '../../ui/index.ts';

/** A secret shown once, with a copy button and a "Done" that hides it for good. */
export function SecretBox({ title, secret, onDone, testId }: { title: string; secret: string; onDone: () => void; testId: string }) {
  const [copied, setCopied] = useState(false);
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    ref.current?.focus();
    setCopied(false);
  }, [secret]);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(secret);
      setCopied(true);
    } catch {
      setCopied(false);
    }
  };
  return (
    <div ref={ref} tabIndex={-1} style={{ marginTop: 'var(--space-4)' }}>
      <Alert tone="warning" data-testid={testId}>
        <p>
          <strong>{title}</strong> Copy it now: you will not see this again (Tally shows a secret only when it is made).
        </p>
        <div className="secret">
          <code data-testid={`${testId}-value`}>{secret}</code>
          <span className="spacer" />
          <Button size="sm" onClick={() => void copy()}>
            {copied ? '✓ Copied' : 'Copy'}
          </Button>
          <Button size="sm" variant="ghost" onClick={onDone}>
            Done
          </Button>
        </div>
      </Alert>
    </div>
  );
}
