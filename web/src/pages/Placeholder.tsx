import type { ReactNode } from 'react';

/** A reserved page that another change will fill in. */
export function Placeholder({ title, children }: { title: string; children?: ReactNode }) {
  return (
    <div className="page">
      <div className="page-header">
        <h1>{title}</h1>
      </div>
      <div className="placeholder muted" data-testid="placeholder">
        {children ?? 'This page is coming soon.'}
      </div>
    </div>
  );
}
