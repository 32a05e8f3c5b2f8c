import { useState } from 'react';
import { useParams } from 'react-router';
import { useUpdateProject, type ProjectFull } from '../../api/manager.ts';
import { useProject } from '../../api/queries.ts';
import type { Project } from '../../api/types.ts';
import { Alert, Card, Field, Loading } from '../../ui/index.ts';
import { valuesOf } from './project-form.ts';
import { ProjectForm } from './ProjectForm.tsx';
import { idParam, ProjectHeader } from './ProjectHeader.tsx';

const STATUS_HELP: Record<Project['status'], string> = {
  active: 'Annotators can claim tasks.',
  paused: 'No new claims; work already claimed can be submitted.',
  archived: 'Hidden from annotators; results stay exportable.',
};

/** Edit a project's name, instructions, schema, quality settings and status. */
export function SettingsPage() {
  const projectId = idParam(useParams().id);
  const project = useProject(projectId);
  const update = useUpdateProject(projectId);
  const [status, setStatus] = useState<Project['status'] | null>(null);
  const [saved, setSaved] = useState(0);

  return (
    <div className="page">
      <ProjectHeader projectId={projectId} title="Settings" />
      {saved > 0 && !update.isPending && (
        <div className="toasts-inline" role="status" data-testid="saved">
          <Alert tone="success">Settings saved.</Alert>
        </div>
      )}
      {project.isPending && <Loading label="Loading settings…" />}
      {project.error && <Alert tone="danger">Could not load the project: {project.error.message}</Alert>}
      {project.data && (
        <ProjectForm
          // Remount with fresh values after a save so the form shows what the server stored.
          key={`${project.data.id}-${saved}`}
          initial={valuesOf(project.data as ProjectFull)}
          submitLabel="Save settings"
          busy={update.isPending}
          onSubmit={async (body) => {
            await update.mutateAsync({ ...body, ...(status ? { status } : {}) });
            setStatus(null);
            setSaved((n) => n + 1);
          }}
        >
          <Card title="Status">
            <Field label="Project status" hint={STATUS_HELP[status ?? project.data.status]}>
              {({ id, describedBy }) => (
                <select id={id} className="select" aria-describedby={describedBy} value={status ?? project.data.status} onChange={(e) => setStatus(e.target.value as Project['status'])} data-testid="project-status">
                  <option value="active">active</option>
                  <option value="paused">paused</option>
                  <option value="archived">archived</option>
                </select>
              )}
            </Field>
          </Card>
        </ProjectForm>
      )}
    </div>
  );
}
