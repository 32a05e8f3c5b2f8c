import { Link } from 'react-router';
import { useSetAnnotatorState, type AnnotatorStats } from '../api/manager.ts';
import { ConfidenceMeter } from '../results/ConfidenceMeter.tsx';
import { formatAgo, formatDuration, formatInt, formatPct } from '../pages/manager/format.ts';
import { Alert, Badge, Button } from '../ui/index.ts';

/**
 * Per-annotator counts, speed (median active time per annotation), gold accuracy,
 * estimated accuracy (from the fitted truth-inference model) and state. A paused
 * annotator (by the gold bar or a manager) can be unpaused here.
 */
export function AnnotatorsTable({ projectId, annotators, canManage }: { projectId: number; annotators: AnnotatorStats[]; canManage: boolean }) {
  const setState = useSetAnnotatorState(projectId);
  const max = Math.max(1, ...annotators.map((a) => a.annotations));
  if (annotators.length === 0) return <p className="muted">Nobody has submitted an annotation yet.</p>;
  return (
    <>
      {setState.error && <Alert tone="danger">Could not change the annotator's state: {setState.error.message}</Alert>}
      <div className="table-wrap">
        <table className="table" data-testid="annotators-table">
          <caption className="visually-hidden">Annotators</caption>
          <thead>
            <tr>
              <th scope="col">Annotator</th>
              <th scope="col">Annotations</th>
              <th scope="col" className="num">
                Median time
              </th>
              <th scope="col">Gold accuracy</th>
              <th scope="col">Est. accuracy</th>
              <th scope="col">Last active</th>
              <th scope="col">State</th>
            </tr>
          </thead>
          <tbody>
            {annotators.map((a) => (
              <tr key={a.userId} data-user-id={a.userId}>
                <td>
                  <Link to={`/projects/${projectId}/tasks?annotator=${a.userId}`} title={`Tasks ${a.name} annotated`}>
                    {a.name}
                  </Link>
                  <div className="muted" style={{ fontSize: 'var(--text-xs)' }}>
                    {a.email}
                  </div>
                </td>
                <td>
                  <span className="row" style={{ flexWrap: 'nowrap' }}>
                    <span className="hbar__track" style={{ width: 90, height: 10 }} aria-hidden="true">
                      <span className="hbar__fill" style={{ width: `${(100 * a.annotations) / max}%`, background: 'var(--chart-1)' }} />
                    </span>
                    <strong data-testid="annotator-count">{formatInt(a.annotations)}</strong>
                  </span>
                </td>
                <td className="num">{formatDuration(a.medianActiveMs)}</td>
                <td>
                  {a.goldSeen > 0 ? (
                    <>
                      <ConfidenceMeter value={a.goldAccuracy} /> {formatPct(a.goldAccuracy)}{' '}
                      <span className="muted">
                        ({a.goldCorrect}/{a.goldSeen})
                      </span>
                    </>
                  ) : (
                    <span className="muted">no gold yet</span>
                  )}
                </td>
                <td>
                  <ConfidenceMeter value={a.estimatedAccuracy} /> {formatPct(a.estimatedAccuracy)}
                </td>
                <td title={new Date(a.lastAt).toLocaleString()}>{formatAgo(a.lastAt)}</td>
                <td>
                  {a.state === 'paused' ? (
                    <div className="stack" style={{ gap: 'var(--space-1)' }}>
                      <span>
                        <Badge tone="danger">paused</Badge>
                      </span>
                      {a.pausedReason && <span className="muted" style={{ fontSize: 'var(--text-xs)' }}>{a.pausedReason}</span>}
                      {canManage && (
                        <Button size="sm" busy={setState.isPending && setState.variables?.userId === a.userId} onClick={() => setState.mutate({ userId: a.userId, state: 'active' })} aria-label={`Unpause ${a.name}`}>
                          Unpause
                        </Button>
                      )}
                    </div>
                  ) : (
                    <Badge tone="success">active</Badge>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
