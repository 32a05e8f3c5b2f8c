import { useNavigate } from 'react-router';
import { useCreateProject } from '../../api/manager.ts';
import { useMe } from '../../api/queries.ts';
import { atLeast } from '../../lib/roles.ts';
import { Alert } from '../../ui/index.ts';
import { DEFAULT_VALUES } from './project-form.ts';
import { ProjectForm } from './ProjectForm.tsx';
import '../../styles/manager.css';

/** Create a project: name, instructions, label schema and quality settings; then on to import. */
export function NewProjectPage() {
  const me = useMe();
  const create = useCreateProject();
  const navigate = useNavigate();
  if (me.data && !atLeast(me.data.role, 'manager')) {
    return (
      <div className="page">
        <Alert tone="warning">Only managers can create projects. You are signed in as {me.data.role}.</Alert>
      </div>
    );
  }
  return (
    <div className="page">
      <div className="page-header">
        <h1>New project</h1>
      </div>
      <ProjectForm
        initial={DEFAULT_VALUES}
        submitLabel="Create project"
        busy={create.isPending}
        onSubmit={async (body) => {
          const p = await create.mutateAsync(body);
          navigate(`/projects/${p.id}/import`, { state: { created: true } });
        }}
      />
    </div>
  );
}
