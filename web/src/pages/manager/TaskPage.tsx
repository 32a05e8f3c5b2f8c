import { Link, useParams } from 'react-router';
import { useTask } from '../../api/manager.ts';
import { useProject } from '../../api/queries.ts';
import { ConfidenceMeter } from '../../results/ConfidenceMeter.tsx';
import { CompareTable, TaskDataView } from '../../results/CompareTable.tsx';
import { Alert, Badge, Card, Loading } from '../../ui/index.ts';
import { formatDateTime, formatScore } from './format.ts';
import { idParam } from './ProjectHeader.tsx';
import { STATUS_TONE } from '../../results/status.ts';
import '../../styles/manager.css';

/** One task: its data, every annotation side by side, and the result field by field. */
export function TaskPage() {
  const id = idParam(useParams().id);
  const task = useTask(id);
  const project = useProject(task.data?.projectId ?? NaN);

  if (task.isPending) return <Loading label="Loading task…" />;
  if (task.error)
    return (
      <div className="page">
        <Alert tone="danger">Could not load task {Number.isFinite(id) ? `#${id}` : ''}: {task.error.message}</Alert>
      </div>
    );
  const t = task.data;
  const r = t.result;
  return (
    <div className="page" data-testid="task-page" data-task-id={t.id}>
      <div className="project-head">
        <p className="project-head__project">
          <Link to={`/projects/${t.projectId}/tasks`}>← {project.data?.name ?? 'Project'} tasks</Link>
        </p>
        <div className="page-header" style={{ marginBottom: 'var(--space-3)' }}>
          <h1>Task #{t.id}</h1>
          <Badge tone={STATUS_TONE[t.status]} data-testid="task-status">
            {t.status}
          </Badge>
          {t.gold && <Badge tone="warning">gold</Badge>}
          {t.uniqueId && <span className="muted mono">{t.uniqueId}</span>}
        </div>
      </div>
      <div className="kpis">
        <div className="kpi">
          <p className="kpi__label">Annotations</p>
          <p className="kpi__value">
            {t.submitted} / {t.needed}
          </p>
          <p className="kpi__sub">{t.active > 0 ? `${t.active} in progress` : 'submitted / needed'}</p>
        </div>
        <div className="kpi">
          <p className="kpi__label">Confidence</p>
          <p className="kpi__value" data-testid="task-confidence">
            {formatScore(r?.confidence)}
          </p>
          <p className="kpi__sub">
            <ConfidenceMeter value={r?.confidence} />
          </p>
        </div>
        <div className="kpi">
          <p className="kpi__label">Method</p>
          <p className="kpi__value" data-testid="task-method">
            {r?.method ?? '—'}
          </p>
          <p className="kpi__sub">{r?.updatedAt ? `updated ${formatDateTime(r.updatedAt)}` : 'no result yet'}</p>
        </div>
        <div className="kpi">
          <p className="kpi__label">Agreement</p>
          <p className="kpi__value">{formatScore(r?.agreement)}</p>
          <p className="kpi__sub">mean over fields</p>
        </div>
      </div>
      <div className="stack">
        <TaskDataView data={t.data} />
        {project.data ? (
          <CompareTable schema={project.data.schema} data={t.data} annotations={t.annotations} result={r} gold={t.gold} />
        ) : project.error ? (
          <Alert tone="danger">Could not load the project: {project.error.message}</Alert>
        ) : (
          <Loading label="Loading schema…" />
        )}
        {t.annotations.length === 0 && <p className="muted">No annotations yet.</p>}
        <Card>
          <details>
            <summary>Raw JSON</summary>
            <pre className="source-json">{JSON.stringify(t, null, 2)}</pre>
          </details>
        </Card>
      </div>
    </div>
  );
}
