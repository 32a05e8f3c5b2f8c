import { Navigate, useParams } from 'react-router';
import { useMe, useProject } from '../../api/queries.ts';
import { atLeast } from '../../lib/roles.ts';
import { Alert, Button, ButtonLink, EmptyState, Kbd, Loading } from '../../ui/index.ts';
import { idParam } from '../manager/ProjectHeader.tsx';
import { ReviewTask } from './ReviewTask.tsx';
import { useReviewQueue } from './use-review-queue.ts';
import type { Project } from '../../api/types.ts';
import '../../styles/manager.css';

/** The review queue of a project: one task at a time, accept, reject or fix. */
export function ReviewPage() {
  const projectId = idParam(useParams().id);
  const project = useProject(projectId);
  const me = useMe();
  if (me.data && !atLeast(me.data.role, 'reviewer')) {
    return (
      <div className="page">
        <Alert tone="warning">Reviewing needs the reviewer role or higher. You are signed in as {me.data.role}.</Alert>
      </div>
    );
  }
  if (project.isPending) return <Loading label="Loading project…" />;
  if (project.error)
    return (
      <div className="page">
        <Alert tone="danger">Could not load the project: {project.error.message}</Alert>
      </div>
    );
  return <ReviewQueue project={project.data} />;
}

function ReviewQueue({ project }: { project: Project }) {
  const q = useReviewQueue(project.id, project.leaseSeconds);
  const { phase } = q;
  if (phase.kind === 'unauthorized') return <Navigate to={`/login?next=${encodeURIComponent(location.pathname)}`} replace />;
  return (
    <div className="review" data-testid="review" data-phase={phase.kind}>
      {phase.kind === 'reviewing' ? (
        <ReviewTask
          key={phase.held.claim.id}
          projectName={project.name}
          schema={project.schema}
          held={phase.held}
          expired={phase.expired}
          submitting={q.submitting}
          reviewed={q.reviewed}
          onSubmit={q.submit}
          onSkip={() => void q.skip()}
        />
      ) : (
        <>
          <div className="review__bar">
            <h1 className="review__title">{project.name}</h1>
            <span className="muted">Review</span>
          </div>
          <div className="review__body">
            {phase.kind === 'loading' && <Loading label="Finding a task to review…" />}
            {phase.kind === 'empty' && (
              <EmptyState
                title="Nothing to review"
                icon="✓"
                testId="review-empty"
                actions={
                  <>
                    <Button variant="primary" onClick={() => void q.retry()}>
                      Check again
                    </Button>
                    <ButtonLink to={`/projects/${project.id}/dashboard`}>Dashboard</ButtonLink>
                  </>
                }
              >
                <p>
                  Every task waiting for review has been handled{q.reviewed ? ` (you reviewed ${q.reviewed} this session)` : ''}. Tasks arrive here when the review rate
                  picks them or when their confidence stays low. This page checks again every 20 seconds.
                </p>
              </EmptyState>
            )}
            {phase.kind === 'error' && (
              <Alert tone="danger">
                Could not get a task to review: {phase.message}{' '}
                <Button size="sm" onClick={() => void q.retry()}>
                  Try again
                </Button>
              </Alert>
            )}
            <p className="muted" style={{ fontSize: 'var(--text-xs)' }}>
              Keys: <Kbd>A</Kbd> accept · <Kbd>R</Kbd> reject · <Kbd>F</Kbd> fix · <Kbd>S</Kbd> skip · <Kbd>Ctrl</Kbd>+<Kbd>Enter</Kbd> submit · <Kbd>Esc</Kbd> change verdict
            </p>
          </div>
        </>
      )}
      <div className="review-toasts" aria-live="polite">
        {q.notices.map((n) => (
          <Alert key={n.id} tone={n.tone} data-testid="review-notice">
            {n.text}{' '}
            <button type="button" className="btn btn--ghost btn--sm" onClick={() => q.dismiss(n.id)} aria-label="Dismiss">
              ✕
            </button>
          </Alert>
        ))}
      </div>
    </div>
  );
}
