import type { ProjectStats } from '../api/manager.ts';
import { formatInt, formatPct } from '../pages/manager/format.ts';

const PARTS: { key: 'done' | 'review' | 'reviewing' | 'open'; label: string; color: string }[] = [
  { key: 'done', label: 'Done', color: 'var(--chart-2)' },
  { key: 'review', label: 'Waiting for review', color: 'var(--chart-3)' },
  { key: 'reviewing', label: 'In review', color: 'var(--chart-4)' },
  { key: 'open', label: 'Open', color: 'var(--chart-5)' },
];

/** Tasks by status as one stacked bar with a legend of counts and shares. */
export function StatusChart({ tasks }: { tasks: ProjectStats['tasks'] | undefined }) {
  const total = tasks?.total ?? 0;
  return (
    <div data-testid="status-chart">
      <div className="stack-bar" role="img" aria-label={tasks ? PARTS.map((p) => `${p.label} ${tasks[p.key]}`).join(', ') : 'Loading'}>
        {tasks &&
          total > 0 &&
          PARTS.map((p) => (tasks[p.key] > 0 ? <span key={p.key} style={{ width: `max(4px, ${(100 * tasks[p.key]) / total}%)`, background: p.color }} title={`${p.label}: ${tasks[p.key]}`} /> : null))}
      </div>
      <dl className="dash-status-legend">
        {PARTS.map((p) => (
          <div key={p.key}>
            <dt>
              <span className="legend-swatch" style={{ background: p.color }} aria-hidden="true" />
              {p.label}
            </dt>
            <dd data-testid={`status-${p.key}`}>
              {tasks ? formatInt(tasks[p.key]) : <span className="skeleton skeleton--num" />}{' '}
              {tasks && total > 0 && <span className="muted" style={{ fontWeight: 400, fontSize: 'var(--text-xs)' }}>{formatPct(tasks[p.key] / total)}</span>}
            </dd>
          </div>
        ))}
      </dl>
    </div>
  );
}
