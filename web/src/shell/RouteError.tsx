import { isRouteErrorResponse, useRouteError } from 'react-router';
import { ButtonLink, EmptyState } from '../ui/index.ts';

/** Shown when a page fails to load or render (e.g. a lazy chunk after a deploy). */
export function RouteError() {
  const err = useRouteError();
  const message = isRouteErrorResponse(err) ? `${err.status} ${err.statusText}` : err instanceof Error ? err.message : 'Unknown error';
  return (
    <div className="page">
      <EmptyState title="Something went wrong" icon="⚠" actions={<ButtonLink to="/">Go to my projects</ButtonLink>}>
        <p>{message}</p>
        <p>Reload the page to try again.</p>
      </EmptyState>
    </div>
  );
}
