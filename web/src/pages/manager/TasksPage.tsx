import { useEffect, useMemo, useState } from 'react';
import { Link, useParams, useSearchParams } from 'react-router';
import { useAnnotators, useTaskPage, type TaskFilters } from '../../api/manager.ts';
import { useProject } from '../../api/queries.ts';
import { ConfidenceMeter } from '../../results/ConfidenceMeter.tsx';
import { dataPreview, summarize } from '../../results/summary.ts';
import { STATUS_TONE } from '../../results/status.ts';
import { Alert, Badge, Button, EmptyState, Field, Loading } from '../../ui/index.ts';
import { formatScore } from './format.ts';
import { idParam, ProjectHeader } from './ProjectHeader.tsx';

const PAGE_SIZE = 50;

/** Filters live in the URL (`?status=review&maxConfidence=0.7&annotator=3&gold=false`) so a view can be shared. */
function readFilters(params: URLSearchParams): TaskFilters {
  const f: TaskFilters = {};
  const status = params.get('status');
  if (status === 'open' || status === 'done' || status === 'review') f.status = status;
  const mc = Number(params.get('maxConfidence'));
  if (params.get('maxConfidence') && Number.isFinite(mc) && mc >= 0 && mc <= 1) f.maxConfidence = mc;
  const an = Number(params.get('annotator'));
  if (params.get('annotator') && Number.isInteger(an) && an > 0) f.annotator = an;
  const gold = params.get('gold');
  if (gold === 'true' || gold === 'false') f.gold = gold === 'true';
  return f;
}

/** A project's tasks with status and result, filtered and paged by cursor. */
export function TasksPage() {
  const projectId = idParam(useParams().id);
  const [params, setParams] = useSearchParams();
  const filters = useMemo(() => readFilters(params), [params]);
  const filterKey = JSON.stringify(filters);
  // Cursors of the pages before this one, for "Previous"; reset when the filters change.
  const [trail, setTrail] = useState<(number | null)[]>([]);
  const [cursor, setCursor] = useState<number | null>(null);
  useEffect(() => {
    setTrail([]);
    setCursor(null);
  }, [filterKey]);
  const [confText, setConfText] = useState(filters.maxConfidence?.toString() ?? '');

  const project = useProject(projectId);
  const annotators = useAnnotators(projectId);
  const page = useTaskPage(projectId, filters, cursor, PAGE_SIZE);
  const fields = project.data?.schema.fields ?? [];

  const setFilter = (key: string, value: string | null) => {
    const next = new URLSearchParams(params);
    if (value === null || value === '') next.delete(key);
    else next.set(key, value);
    setParams(next, { replace: true });
  };
  const confError = confText !== '' && !(Number(confText) >= 0 && Number(confText) <= 1) ? 'A number from 0 to 1' : undefined;

  const pageNo = trail.length + 1;
  return (
    <div className="page">
      <ProjectHeader projectId={projectId} title="Tasks" />
      <form
        className="toolbar"
        role="search"
        aria-label="Filter tasks"
        onSubmit={(e) => {
          e.preventDefault();
          if (!confError) setFilter('maxConfidence', confText.trim());
        }}
      >
        <Field label="Status">
          {({ id }) => (
            <select id={id} className="select" value={filters.status ?? ''} onChange={(e) => setFilter('status', e.target.value)} data-testid="filter-status">
              <option value="">Any</option>
              <option value="open">open</option>
              <option value="review">review</option>
              <option value="done">done</option>
            </select>
          )}
        </Field>
        <Field label="Confidence below" error={confError}>
          {({ id, describedBy, invalid }) => (
            <input
              id={id}
              className="input"
              style={{ width: '9ch' }}
              inputMode="decimal"
              placeholder="e.g. 0.7"
              value={confText}
              aria-invalid={invalid || undefined}
              aria-describedby={describedBy}
              onChange={(e) => setConfText(e.target.value)}
              onBlur={() => !confError && setFilter('maxConfidence', confText.trim())}
              data-testid="filter-confidence"
            />
          )}
        </Field>
        <Field label="Annotator">
          {({ id }) => (
            <select id={id} className="select" value={filters.annotator?.toString() ?? ''} onChange={(e) => setFilter('annotator', e.target.value)} data-testid="filter-annotator">
              <option value="">Anyone</option>
              {annotators.data?.items.map((a) => (
                <option key={a.userId} value={a.userId}>
                  {a.name} ({a.annotations})
                </option>
              ))}
            </select>
          )}
        </Field>
        <Field label="Gold">
          {({ id }) => (
            <select id={id} className="select" value={filters.gold === undefined ? '' : String(filters.gold)} onChange={(e) => setFilter('gold', e.target.value)} data-testid="filter-gold">
              <option value="">All tasks</option>
              <option value="true">Gold only</option>
              <option value="false">Not gold</option>
            </select>
          )}
        </Field>
        <Button type="submit">Apply</Button>
        {params.toString() && (
          <Button
            variant="ghost"
            onClick={() => {
              setConfText('');
              setParams(new URLSearchParams(), { replace: true });
            }}
          >
            Clear filters
          </Button>
        )}
      </form>

      {page.error && <Alert tone="danger">Could not load tasks: {page.error.message}</Alert>}
      {page.isPending && <Loading label="Loading tasks…" />}
      {page.data && page.data.items.length === 0 && (
        <EmptyState title={params.toString() ? 'No tasks match these filters' : 'No tasks yet'} icon="🗒" testId="tasks-empty">
          {!params.toString() && (
            <p>
              <Link to={`/projects/${projectId}/import`}>Import tasks</Link> to get started.
            </p>
          )}
        </EmptyState>
      )}
      {page.data && page.data.items.length > 0 && (
        <>
          <div className="table-wrap" aria-busy={page.isFetching || undefined}>
            <table className="table" data-testid="tasks-table">
              <caption className="visually-hidden">Tasks, page {pageNo}</caption>
              <thead>
                <tr>
                  <th scope="col">Task</th>
                  <th scope="col">Data</th>
                  <th scope="col">Status</th>
                  <th scope="col" className="num">
                    Annotations
                  </th>
                  <th scope="col">Result</th>
                  <th scope="col">Confidence</th>
                  <th scope="col">Method</th>
                </tr>
              </thead>
              <tbody>
                {page.data.items.map((t) => (
                  <tr key={t.id} data-task-id={t.id}>
                    <td>
                      <Link to={`/tasks/${t.id}`}>#{t.id}</Link>
                      {t.uniqueId && <div className="muted mono" style={{ fontSize: 'var(--text-xs)' }}>{t.uniqueId}</div>}
                    </td>
                    <td className="cell-preview" title={dataPreview(t.data, 400)}>
                      {dataPreview(t.data)}
                    </td>
                    <td>
                      <Badge tone={STATUS_TONE[t.status]}>{t.status}</Badge> {t.gold && <Badge tone="warning">gold</Badge>}
                    </td>
                    <td className="num">
                      {t.submitted}/{t.needed}
                    </td>
                    <td className="cell-preview">
                      {t.result
                        ? fields.map((f) => (
                            <span key={f.name} className="chip" title={f.name}>
                              {summarize(f, t.result?.value?.[f.name])}
                            </span>
                          ))
                        : '—'}
                    </td>
                    <td>
                      <ConfidenceMeter value={t.result?.confidence} /> {formatScore(t.result?.confidence)}
                    </td>
                    <td>{t.result?.method ?? '—'}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
          <nav className="row" aria-label="Pages" style={{ marginTop: 'var(--space-3)' }}>
            <Button
              disabled={trail.length === 0}
              onClick={() => {
                setCursor(trail[trail.length - 1] ?? null);
                setTrail(trail.slice(0, -1));
              }}
            >
              ← Previous
            </Button>
            <span className="muted" aria-live="polite">
              Page {pageNo} · {page.data.items.length} tasks
              {page.data.total !== undefined && ` of ${page.data.total.toLocaleString()} matching`}
            </span>
            <Button
              disabled={!page.data.nextCursor}
              data-testid="next-page"
              onClick={() => {
                setTrail([...trail, cursor]);
                setCursor(page.data.nextCursor);
              }}
            >
              Next →
            </Button>
          </nav>
        </>
      )}
    </div>
  );
}
