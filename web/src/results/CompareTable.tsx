import type { LabelSchemaT } from '../../../core/schema/index.ts';
import type { TaskAnnotation, TaskResult } from '../api/manager.ts';
import { DataValue } from '../fields/SourceText.tsx';
import { formatAgo, formatDuration, formatScore } from '../pages/manager/format.ts';
import { Badge } from '../ui/index.ts';
import { ConfidenceMeter } from './ConfidenceMeter.tsx';
import { ValueView } from './ValueView.tsx';
import '../styles/manager.css';

/** Same answer? Compared as JSON with sorted keys, so key order does not matter. */
export function sameValue(a: unknown, b: unknown): boolean {
  return stable(a) === stable(b);
}
function stable(v: unknown): string {
  if (v === undefined) return 'null';
  if (Array.isArray(v)) return `[${v.map(stable).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v)
      .sort()
      .map((k) => `${JSON.stringify(k)}:${stable((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

export interface CompareTableProps {
  schema: LabelSchemaT;
  data: Record<string, unknown>;
  annotations: readonly TaskAnnotation[];
  result: TaskResult | null;
  /** Adds a column with the gold answer, when the task is a gold task. */
  gold?: Record<string, unknown>;
}

/**
 * Every annotation of a task side by side, one row per field, next to the current
 * result with its per-field confidence, agreement and method. Answers that differ from
 * the result are marked.
 */
export function CompareTable({ schema, data, annotations, result, gold }: CompareTableProps) {
  return (
    <div className="table-wrap" data-testid="compare">
      <table className="compare">
        <caption className="visually-hidden">Annotations side by side with the result</caption>
        <thead>
          <tr>
            <th scope="col">Field</th>
            <th scope="col" className="compare__result">
              Result
              <span className="compare__sub">
                {result ? (
                  <>
                    method <span data-testid="result-method">{result.method}</span> · confidence {formatScore(result.confidence)}
                  </>
                ) : (
                  'none yet'
                )}
              </span>
            </th>
            {gold && (
              <th scope="col">
                Gold<span className="compare__sub">expected answer</span>
              </th>
            )}
            {annotations.map((a) => (
              <th scope="col" key={a.id} data-testid={`annotation-${a.id}`}>
                {a.userName ?? `User ${a.userId}`}
                <span className="compare__sub" title={new Date(a.createdAt).toLocaleString()}>
                  {formatDuration(a.activeMs)} · {formatAgo(a.createdAt)}
                </span>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {schema.fields.map((f) => {
            const fr = result?.fields?.[f.name];
            const rv = result ? (result.value?.[f.name] ?? fr?.value) : undefined;
            return (
              <tr key={f.name} data-field-row={f.name}>
                <th scope="row">
                  {f.title ?? f.name}
                  <span className="compare__sub">{f.type}</span>
                </th>
                <td className="compare__result" data-testid={`result-${f.name}`}>
                  {result ? <ValueView field={f} value={rv} data={data} /> : <span className="value-empty">—</span>}
                  {fr && (
                    <span className="compare__sub">
                      <ConfidenceMeter value={fr.confidence} /> conf. {formatScore(fr.confidence)}
                      {fr.agreement !== null && <> · agr. {formatScore(fr.agreement)}</>} · {fr.method}
                      {fr.votes && Object.keys(fr.votes).length > 0 && (
                        <>
                          <br />
                          votes{' '}
                          {Object.entries(fr.votes)
                            .map(([k, n]) => `${k} ${Number.isInteger(n) ? n : n.toFixed(2)}`)
                            .join(' · ')}
                        </>
                      )}
                    </span>
                  )}
                  {result?.method === 'review' && !fr && (
                    <span className="compare__sub">
                      <Badge tone="info">fixed in review</Badge>
                    </span>
                  )}
                </td>
                {gold && (
                  <td>
                    <ValueView field={f} value={gold[f.name]} data={data} />
                  </td>
                )}
                {annotations.map((a) => {
                  const differs = result !== null && !sameValue(a.value?.[f.name], rv);
                  return (
                    <td key={a.id} className={differs ? 'is-differ' : 'is-agree'} title={differs ? 'Differs from the result' : undefined}>
                      <ValueView field={f} value={a.value?.[f.name]} data={data} />
                    </td>
                  );
                })}
              </tr>
            );
          })}
        </tbody>
      </table>
    </div>
  );
}

/** The task's data, one block per key (text, images, JSON). */
export function TaskDataView({ data, label = 'Task data' }: { data: Record<string, unknown>; label?: string }) {
  const entries = Object.entries(data ?? {});
  return (
    <section className="card data-grid" aria-label={label} data-testid="task-data">
      {entries.length === 0 && <p className="muted">This task has no data.</p>}
      {entries.map(([k, v]) => (
        <div key={k}>
          <div className="data-grid__key">{k}</div>
          <DataValue value={v} label={k} />
        </div>
      ))}
    </section>
  );
}
