import { Link } from 'react-router';
import { useMe, useProjects } from '../api/queries.ts';
import type { Project } from '../api/types.ts';
import { atLeast } from '../lib/roles.ts';
import { Alert, Badge, ButtonLink, Card, EmptyState, Loading } from '../ui/index.ts';

const STATUS_TONE = { active: 'success', paused: 'warning', archived: 'neutral' } as const;

function fieldSummary(p: Project): string {
  const types = [...new Set(p.schema.fields.map((f) => f.type))];
  return types.join(', ');
}

/** The caller's projects, each with a Start button into the annotator workspace. */
export function ProjectsPage() {
  const me = useMe();
  const projects = useProjects();
  const manager = atLeast(me.data?.role, 'manager');

  return (
    <div className="page">
      <div className="page-header">
        <h1>My projects</h1>
        <span className="spacer" />
        {manager && (
          <ButtonLink to="/projects/new" variant="primary">
            New project
          </ButtonLink>
        )}
      </div>
      {projects.isPending && <Loading label="Loading projects…" />}
      {projects.error && <Alert tone="danger">Could not load projects: {projects.error.message}</Alert>}
      {projects.data && projects.data.items.length === 0 && (
        <EmptyState title="No projects yet" icon="🗂" testId="projects-empty">
          {manager ? 'Create a project to start labeling.' : 'When a manager adds you to a project it shows up here.'}
        </EmptyState>
      )}
      {projects.data && projects.data.items.length > 0 && (
        <ul className="grid-cards" style={{ listStyle: 'none', padding: 0, margin: 0 }} aria-label="Projects">
          {projects.data.items.map((p) => (
            <Card
              as="li"
              key={p.id}
              data-testid={`project-${p.id}`}
              footer={
                <>
                  {p.status === 'active' ? (
                    <ButtonLink to={`/projects/${p.id}/work`} variant="primary" aria-label={`Start labeling ${p.name}`}>
                      Start
                    </ButtonLink>
                  ) : (
                    <ButtonLink to={`/projects/${p.id}/work`} aria-disabled="true" onClick={(e) => e.preventDefault()} tabIndex={-1}>
                      Start
                    </ButtonLink>
                  )}
                  {manager && <Link to={`/projects/${p.id}/dashboard`}>Dashboard</Link>}
                  {atLeast(me.data?.role, 'reviewer') && <Link to={`/projects/${p.id}/review`}>Review</Link>}
                </>
              }
            >
              <div className="row">
                <h2 className="card__title" style={{ margin: 0 }}>
                  {p.name}
                </h2>
                <Badge tone={STATUS_TONE[p.status]}>{p.status}</Badge>
              </div>
              <p className="muted" style={{ margin: 'var(--space-2) 0 0', fontSize: 'var(--text-sm)' }}>
                {fieldSummary(p)}
              </p>
            </Card>
          ))}
        </ul>
      )}
    </div>
  );
}
