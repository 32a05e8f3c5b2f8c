import { ButtonLink, EmptyState } from '../ui/index.ts';

export function NotFoundPage() {
  return (
    <div className="page">
      <EmptyState title="Page not found" icon="🧭" actions={<ButtonLink to="/">Go to my projects</ButtonLink>}>
        This address does not match any page.
      </EmptyState>
    </div>
  );
}
