import type { HTMLAttributes, ReactNode } from 'react';

export interface CardProps extends Omit<HTMLAttributes<HTMLElement>, 'title'> {
  title?: ReactNode;
  footer?: ReactNode;
  as?: 'section' | 'article' | 'div' | 'li';
}

/** A surface with an optional title and footer row. */
export function Card({ title, footer, children, className, as: Tag = 'section', ...rest }: CardProps) {
  return (
    <Tag className={['card', className].filter(Boolean).join(' ')} {...rest}>
      {title && <h2 className="card__title">{title}</h2>}
      {children}
      {footer && <div className="card__footer">{footer}</div>}
    </Tag>
  );
}
