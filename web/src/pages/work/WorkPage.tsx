import { useMemo } from 'react';
import { useParams } from 'react-router';
import { parseLabelSchema } from '../../../../core/schema/index.ts';
import { useMe, useProject } from '../../api/queries.ts';
import { Alert, ButtonLink, EmptyState, Loading } from '../../ui/index.ts';
import { WorkSession } from './WorkSession.tsx';

/** Route /projects/:id/work: loads the project and the caller, then runs the work session. */
export function WorkPage() {
  const projectId = Number(useParams().id);
  const me = useMe();
  const project = useProject(projectId);
  const parsed = useMemo(() => (project.data ? parseLabelSchema(project.data.schema) : null), [project.data]);

  if (!Number.isInteger(projectId) || projectId <= 0) {
    return <EmptyState title="No such project" actions={<ButtonLink to="/">Back to my projects</ButtonLink>} />;
  }
  if (project.isPending || me.isPending) return <Loading label="Loading the project…" />;
  if (project.error) {
    return (
      <div className="page">
        <Alert tone="danger">Could not load project {projectId}: {project.error.message}</Alert>
      </div>
    );
  }
  if (!me.data || !parsed) return <Loading />;
  if (!parsed.ok) {
    return (
      <div className="page">
        <Alert tone="danger">This project’s label schema is invalid: {parsed.errors[0]?.message}</Alert>
      </div>
    );
  }
  return <WorkSession key={projectId} project={project.data} schema={parsed.schema} userId={me.data.user.id} />;
}
