import type { HTMLAttributes } from 'react';

export type AlertTone = 'info' | 'success' | 'warning' | 'danger';

/** A message box. Danger alerts are announced immediately. */
export function Alert({ tone = 'info', className, ...rest }: HTMLAttributes<HTMLDivElement> & { tone?: AlertTone }) {
  return <div role={tone === 'danger' ? 'alert' : 'status'} className={['alert', `alert--${tone}`, className].filter(Boolean).join(' ')} {...rest} />;
}
