import { useRef, lazy, Suspense, useEffect, useMemo } from 'react';
import { useParams } from 'react-router';
import { useStats, useTimeline } from '../../api/manager.ts';
import { useMe, useProject } from '../../api/queries.ts';
import { AgreementChart } from '../../dashboard/AgreementChart.tsx';
import { AnnotatorsTable } from '../../dashboard/AnnotatorsTable.tsx';
import { hourlySeries } from '../../dashboard/series.ts';
import { StatusChart } from '../../dashboard/StatusChart.tsx';
import { atLeast } from '../../lib/roles.ts';
import { Alert, Button, ButtonLink, Card } from '../../ui/index.ts';
import { formatAgo, formatDec, formatDuration, formatInt, formatPct, formatScore } from './format.ts';
import { idParam, ProjectHeader } from './ProjectHeader.tsx';

// uPlot and its CSS load after the numbers have painted.
const TimeChart = lazy(() => import('../../charts/TimeChart.tsx'));

function Kpi({ label, value, sub, testId }: { label: string; value: string | undefined; sub?: string; testId: string }) {
  return (
    <div className="kpi">
      <p className="kpi__label">{label}</p>
      <p className="kpi__value" data-testid={testId}>
        {value ?? <span className="skeleton skeleton--num" aria-label="Loading" />}
      </p>
      {sub && <p className="kpi__sub">{sub}</p>}
    </div>
  );
}

function ChartFallback({ height = 220 }: { height?: number }) {
  return <div className="skeleton skeleton--block" style={{ height }} aria-hidden="true" />;
}

/**
 * A project at a glance: numbers first (progress, throughput, quality), then charts of
 * progress over time and throughput (uPlot, loaded lazily), tasks by status, agreement
 * per field, and the annotators. Stats refresh every 5 s while the tab is visible.
 */
export function DashboardPage() {
  const projectId = idParam(useParams().id);
  const stats = useStats(projectId);
  const project = useProject(projectId);
  const me = useMe();
  const s = stats.data;

  useEffect(() => {
    if (s) performance.mark('tally:dashboard-numbers');
  }, [s !== undefined]);

  const series = useMemo(() => (s ? hourlySeries(s.throughput.hourly, s.annotations, stats.dataUpdatedAt) : null), [s, stats.dataUpdatedAt]);
  // Tasks completed per hour (from the timeline), as a running total that ends at tasks done.
  const timeline = useTimeline(projectId, stats.dataUpdatedAt);
  const fresh = timeline.data && !timeline.isPlaceholderData ? timeline.data : undefined;
  // While the timeline catches up with new stats, keep drawing the last consistent series.
  const lastDone = useRef<ReturnType<typeof hourlySeries> | null>(null);
  const done = useMemo(() => {
    if (s && fresh) lastDone.current = hourlySeries(fresh.items.map((p) => ({ hour: p.at, annotations: p.tasksDone })), s.tasks.done, stats.dataUpdatedAt);
    return lastDone.current;
  }, [s, fresh, stats.dataUpdatedAt]);
  const doneShare = s && s.tasks.total > 0 ? s.tasks.done / s.tasks.total : null;
  const paused = s?.annotators.filter((a) => a.state === 'paused').length ?? 0;

  return (
    <div className="page" data-testid="dashboard" data-ready={s ? 'true' : undefined}>
      <ProjectHeader
        projectId={projectId}
        title="Dashboard"
        actions={
          <>
            <span className="muted" style={{ fontSize: 'var(--text-xs)' }} aria-live="off">
              {stats.dataUpdatedAt ? `Updated ${formatAgo(new Date(stats.dataUpdatedAt).toISOString())}` : ''}
            </span>
            <Button size="sm" onClick={() => void stats.refetch()} busy={stats.isFetching} data-testid="refresh">
              Refresh
            </Button>
          </>
        }
      />
      {stats.error && <Alert tone="danger">Could not load the stats: {stats.error.message}</Alert>}

      <section aria-label="Key figures" className="kpis">
        <Kpi label="Tasks" value={s && formatInt(s.tasks.total)} sub={s ? `${formatPct(doneShare)} done` : undefined} testId="kpi-tasks" />
        <Kpi label="Done" value={s && formatInt(s.tasks.done)} sub={s ? `${formatInt(s.tasks.open)} open` : undefined} testId="kpi-done" />
        <Kpi label="Annotations" value={s && formatInt(s.annotations)} sub={s ? `${formatDuration(s.activeHours * 3_600_000)} of active time` : undefined} testId="kpi-annotations" />
        <Kpi label="Last hour" value={s && formatInt(s.throughput.lastHour)} sub={s ? `${formatInt(s.throughput.lastDay)} in 24 h · ${formatDec(s.throughput.perHourOverall)}/h overall` : undefined} testId="kpi-last-hour" />
        <Kpi label="Mean confidence" value={s && formatScore(s.quality.meanConfidence)} sub={s ? `${formatInt(s.quality.lowConfidence)} below target` : undefined} testId="kpi-confidence" />
        <Kpi label="Review queue" value={s && formatInt(s.tasks.review)} sub={s ? `${formatInt(s.tasks.reviewing)} being reviewed` : undefined} testId="kpi-review" />
        <Kpi label="Annotators" value={s && formatInt(s.annotators.length)} sub={s ? (paused ? `${paused} paused` : 'none paused') : undefined} testId="kpi-annotators" />
      </section>

      {s && s.tasks.total === 0 && (
        <Alert tone="info" style={{ marginBottom: 'var(--space-4)' }}>
          This project has no tasks yet. <ButtonLink size="sm" to={`/projects/${projectId}/import`}>Import tasks</ButtonLink>
        </Alert>
      )}

      <div className="dash-grid">
        <Card title="Progress (last 48 h)">
          {series ? (
            <Suspense fallback={<ChartFallback />}>
              <TimeChart
                label={`Annotations so far: ${s?.annotations ?? 0}; tasks done: ${s?.tasks.done ?? 0}`}
                x={series.x}
                series={[
                  { label: 'Annotations so far', colorVar: '--chart-1', kind: 'line', values: series.cumulative },
                  ...(done ? [{ label: 'Tasks done so far', colorVar: '--chart-3', kind: 'line' as const, values: done.cumulative }] : []),
                ]}
              />
            </Suspense>
          ) : (
            <ChartFallback />
          )}
          <div className="chart-legend">
            <span>
              <i style={{ background: 'var(--chart-1)' }} />
              Annotations so far
            </span>
            <span>
              <i style={{ background: 'var(--chart-3)' }} />
              Tasks done so far
            </span>
          </div>
        </Card>
        <Card title="Throughput per hour">
          {series ? (
            <Suspense fallback={<ChartFallback />}>
              <TimeChart
                label={`Annotations in the last hour: ${s?.throughput.lastHour ?? 0}`}
                x={series.x}
                series={[{ label: 'Annotations per hour', colorVar: '--chart-2', kind: 'bars', values: series.perHour }]}
              />
            </Suspense>
          ) : (
            <ChartFallback />
          )}
          <div className="chart-legend">
            <span>
              <i style={{ background: 'var(--chart-2)' }} />
              Annotations per hour
            </span>
          </div>
        </Card>
        <Card title="Tasks by status">
          <StatusChart tasks={s?.tasks} />
        </Card>
        <Card title="Agreement per field">
          <AgreementChart agreement={s?.quality.agreement} fields={project.data?.schema.fields ?? []} />
          {s && s.quality.models.length > 0 && (
            <p className="muted" style={{ fontSize: 'var(--text-xs)', marginTop: 'var(--space-3)' }}>
              Fitted models:{' '}
              {s.quality.models.map((m) => `${m.field} (${m.method}, ${formatInt(m.answers)} answers, ${formatAgo(m.fittedAt)})`).join('; ')}
            </p>
          )}
        </Card>
      </div>

      <Card title="Annotators">{s ? <AnnotatorsTable projectId={projectId} annotators={s.annotators} canManage={atLeast(me.data?.role, 'manager')} /> : <ChartFallback height={120} />}</Card>
    </div>
  );
}
