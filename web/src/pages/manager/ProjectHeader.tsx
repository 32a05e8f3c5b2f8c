import type { ReactNode } from 'react';
import { NavLink } from 'react-router';
import { useMe, useProject } from '../../api/queries.ts';
import { atLeast } from '../../lib/roles.ts';
import { Badge } from '../../ui/index.ts';
import '../../styles/manager.css';

const STATUS_TONE = { active: 'success', paused: 'warning', archived: 'neutral' } as const;

/**
 * The title row and tabs shared by a project's manager pages. The project name comes
 * from the cached project (or a placeholder while it loads) so the page paints at once.
 */
export function ProjectHeader({ projectId, title, actions }: { projectId: number; title: string; actions?: ReactNode }) {
  const project = useProject(projectId);
  const me = useMe();
  const role = me.data?.role;
  const manager = atLeast(role, 'manager');
  const tabs: { to: string; label: string; show: boolean }[] = [
    { to: 'dashboard', label: 'Dashboard', show: atLeast(role, 'reviewer') },
    { to: 'tasks', label: 'Tasks', show: atLeast(role, 'reviewer') },
    { to: 'review', label: 'Review', show: atLeast(role, 'reviewer') },
    { to: 'import', label: 'Import', show: manager },
    { to: 'settings', label: 'Settings', show: manager },
    { to: 'pay', label: 'Pay', show: manager },
    { to: 'work', label: 'Label', show: true },
  ];
  return (
    <div className="project-head">
      <div className="page-header project-head__row">
        <div className="project-head__titles">
          <p className="project-head__project">
            {project.data ? project.data.name : <span className="skeleton skeleton--text" aria-label="Loading project" />}
            {project.data && project.data.status !== 'active' && <Badge tone={STATUS_TONE[project.data.status]}>{project.data.status}</Badge>}
          </p>
          <h1>{title}</h1>
        </div>
        <span className="spacer" />
        {actions}
      </div>
      <nav className="tabs" aria-label="Project">
        {tabs
          .filter((t) => t.show)
          .map((t) => (
            <NavLink key={t.to} to={`/projects/${projectId}/${t.to}`}>
              {t.label}
            </NavLink>
          ))}
      </nav>
    </div>
  );
}

/** The numeric `:id` route param, or NaN. */
export function idParam(raw: string | undefined): number {
  const n = Number(raw);
  return Number.isInteger(n) && n > 0 ? n : NaN;
}
