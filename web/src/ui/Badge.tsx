import type { HTMLAttributes } from 'react';

export type BadgeTone = 'neutral' | 'info' | 'success' | 'warning' | 'danger';

/** A small status pill. */
export function Badge({ tone = 'neutral', className, ...rest }: HTMLAttributes<HTMLSpanElement> & { tone?: BadgeTone }) {
  return <span className={['badge', tone !== 'neutral' && `badge--${tone}`, className].filter(Boolean).join(' ')} {...rest} />;
}
