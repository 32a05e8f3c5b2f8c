import type { ReactNode } from 'react';

export interface EmptyStateProps {
  title: ReactNode;
  icon?: ReactNode;
  children?: ReactNode;
  actions?: ReactNode;
  /** Extra attributes for tests and landmarks. */
  testId?: string;
}

/** What a page shows when there is nothing (yet): a title, why, and what to do next. */
export function EmptyState({ title, icon, children, actions, testId }: EmptyStateProps) {
  return (
    <div className="empty" data-testid={testId} role="status">
      {icon && (
        <div className="empty__icon" aria-hidden="true">
          {icon}
        </div>
      )}
      <p className="empty__title">{title}</p>
      {children && <div>{children}</div>}
      {actions && <div className="row">{actions}</div>}
    </div>
  );
}
