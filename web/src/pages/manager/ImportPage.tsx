import { useEffect, useRef, useState, type DragEvent } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { Link, useLocation, useParams } from 'react-router';
import type { LabelSchemaT } from '../../../../core/schema/index.ts';
import { ApiError } from '../../api/client.ts';
import { useProject } from '../../api/queries.ts';
import { formatOf, uploadTasks, type ImportResult, type Upload, type UploadProgress } from '../../api/upload.ts';
import { Alert, Button, Card } from '../../ui/index.ts';
import { formatBytes, formatInt } from './format.ts';
import { idParam, ProjectHeader } from './ProjectHeader.tsx';

type State =
  | { kind: 'idle' }
  | { kind: 'uploading'; file: File; progress: UploadProgress }
  | { kind: 'done'; file: File; result: ImportResult }
  | { kind: 'failed'; file: File; error: ApiError | Error };

/** Task-data keys the schema reads, for the format examples. */
function sourceKeys(schema: LabelSchemaT | undefined): string[] {
  const keys = new Set<string>();
  for (const f of schema?.fields ?? []) if ('source' in f && f.source) keys.add(f.source);
  return keys.size ? [...keys] : ['text'];
}

/**
 * Upload a .jsonl/.ndjson, .csv or .json file of tasks with a progress bar. The import
 * is all or nothing: the answer is how many tasks were created and how many were
 * duplicates of existing uniqueIds, or the first bad line and what is wrong with it.
 */
export function ImportPage() {
  const projectId = idParam(useParams().id);
  const project = useProject(projectId);
  const location = useLocation();
  const qc = useQueryClient();
  const [state, setState] = useState<State>({ kind: 'idle' });
  const [over, setOver] = useState(false);
  const [history, setHistory] = useState<{ name: string; result: ImportResult }[]>([]);
  const input = useRef<HTMLInputElement>(null);
  const upload = useRef<Upload | null>(null);
  const resultRef = useRef<HTMLDivElement>(null);
  useEffect(() => () => upload.current?.abort(), []);

  const start = (file: File) => {
    const format = formatOf(file.name);
    if (!format) {
      setState({ kind: 'failed', file, error: new Error(`“${file.name}” is not a .jsonl, .ndjson, .csv or .json file.`) });
      return;
    }
    upload.current?.abort();
    setState({ kind: 'uploading', file, progress: { loaded: 0, total: file.size, processing: false } });
    const up = uploadTasks(projectId, file, format, (progress) => setState((s) => (s.kind === 'uploading' && s.file === file ? { ...s, progress } : s)));
    upload.current = up;
    up.promise.then(
      (result) => {
        setState({ kind: 'done', file, result });
        setHistory((h) => [{ name: file.name, result }, ...h]);
        void qc.invalidateQueries({ queryKey: ['projects', projectId] });
        requestAnimationFrame(() => resultRef.current?.focus());
      },
      (error: Error) => {
        if (error instanceof ApiError && error.code === 'aborted') setState({ kind: 'idle' });
        else setState({ kind: 'failed', file, error });
        requestAnimationFrame(() => resultRef.current?.focus());
      },
    );
  };

  const onDrop = (e: DragEvent) => {
    e.preventDefault();
    setOver(false);
    const file = e.dataTransfer.files[0];
    if (file) start(file);
  };

  const busy = state.kind === 'uploading';
  const pct = state.kind === 'uploading' ? Math.round((100 * state.progress.loaded) / Math.max(1, state.progress.total)) : state.kind === 'done' ? 100 : 0;
  const keys = sourceKeys(project.data?.schema);
  const exampleData = Object.fromEntries(keys.map((k) => [k, `… your ${k} …`]));

  return (
    <div className="page">
      <ProjectHeader projectId={projectId} title="Import tasks" />
      {(location.state as { created?: boolean } | null)?.created && state.kind === 'idle' && history.length === 0 && (
        <Alert tone="success" style={{ marginBottom: 'var(--space-4)' }}>
          Project created. Import its tasks to start labeling.
        </Alert>
      )}
      <div className="stack">
        <div
          className={['dropzone', over ? 'is-over' : ''].join(' ')}
          onDragOver={(e) => {
            e.preventDefault();
            setOver(true);
          }}
          onDragLeave={() => setOver(false)}
          onDrop={onDrop}
          data-testid="dropzone"
        >
          <div className="dropzone__icon" aria-hidden="true">
            ⇪
          </div>
          <p style={{ margin: 0 }}>
            <strong>Drop a file here</strong> or
          </p>
          <Button variant="primary" onClick={() => input.current?.click()} disabled={busy} data-testid="choose-file">
            Choose a file…
          </Button>
          <input
            ref={input}
            type="file"
            className="visually-hidden"
            accept=".jsonl,.ndjson,.csv,.json,application/json,text/csv"
            aria-label="Task file (.jsonl, .ndjson, .csv or .json)"
            tabIndex={-1}
            data-testid="file-input"
            onChange={(e) => {
              const file = e.target.files?.[0];
              e.target.value = '';
              if (file) start(file);
            }}
          />
          <p className="muted" style={{ margin: 0, fontSize: 'var(--text-sm)' }}>
            .jsonl / .ndjson (one task per line), .csv (a header row) or .json (an array). All or nothing: one bad line imports nothing.
          </p>
        </div>

        {state.kind !== 'idle' && (
          <Card>
            <div className="row" style={{ marginBottom: 'var(--space-2)' }}>
              <strong>{state.file.name}</strong>
              <span className="muted">{formatBytes(state.file.size)}</span>
              <span className="spacer" />
              {busy && (
                <Button size="sm" onClick={() => upload.current?.abort()}>
                  Cancel
                </Button>
              )}
            </div>
            {state.kind !== 'failed' && (
              <>
                <div
                  className={['progress', state.kind === 'uploading' && state.progress.processing ? 'is-processing' : ''].join(' ')}
                  role="progressbar"
                  aria-label={`Uploading ${state.file.name}`}
                  aria-valuemin={0}
                  aria-valuemax={100}
                  aria-valuenow={pct}
                  data-testid="import-progress"
                >
                  <span style={{ width: `${pct}%` }} />
                </div>
                <p className="muted" style={{ fontSize: 'var(--text-sm)', margin: 'var(--space-1) 0 0' }} aria-live="polite" data-testid="import-progress-text">
                  {state.kind === 'uploading'
                    ? state.progress.processing
                      ? 'Uploaded; checking and storing tasks…'
                      : `Uploading… ${pct}% (${formatBytes(state.progress.loaded)} of ${formatBytes(state.progress.total)})`
                    : 'Uploaded 100%'}
                </p>
              </>
            )}
            <div ref={resultRef} tabIndex={-1} style={{ marginTop: 'var(--space-3)' }}>
              {state.kind === 'done' && (
                <Alert tone="success" data-testid="import-result">
                  <div className="import-result">
                    <span>
                      Created <strong data-testid="import-created">{formatInt(state.result.created)}</strong> task{state.result.created === 1 ? '' : 's'}
                    </span>
                    <span>
                      Duplicates skipped <strong data-testid="import-duplicates">{formatInt(state.result.duplicates)}</strong>
                    </span>
                    {state.result.total !== undefined && <span className="muted">Rows read {formatInt(state.result.total)}</span>}
                  </div>
                  <div className="row" style={{ marginTop: 'var(--space-2)' }}>
                    <Link to={`/projects/${projectId}/dashboard`}>Open the dashboard</Link>
                    <Link to={`/projects/${projectId}/tasks`}>Browse tasks</Link>
                  </div>
                </Alert>
              )}
              {state.kind === 'failed' && <ImportError error={state.error} />}
            </div>
          </Card>
        )}

        {history.length > 1 && (
          <Card title="Imported this session">
            <ul className="value-list">
              {history.map((h, i) => (
                <li key={i}>
                  {h.name}: {formatInt(h.result.created)} created, {formatInt(h.result.duplicates)} duplicates
                </li>
              ))}
            </ul>
          </Card>
        )}

        <Card title="Formats" className="format-help">
          <p className="muted" style={{ fontSize: 'var(--text-sm)' }}>
            Each task is <code>{'{data, uniqueId?, metadata?, priority?, gold?, predictions?}'}</code>. This project's fields read{' '}
            {keys.map((k, i) => (
              <span key={k}>
                {i > 0 && ', '}
                <code>data.{k}</code>
              </span>
            ))}
            . A task whose <code>uniqueId</code> already exists counts as a duplicate and is not created again.
          </p>
          <strong>NDJSON (.jsonl, .ndjson)</strong>
          <pre>{[1, 2].map((n) => JSON.stringify({ uniqueId: `t${n}`, data: exampleData })).join('\n')}</pre>
          <strong>CSV (.csv)</strong>
          <pre>{`uniqueId,${keys.join(',')}\nt1,${keys.map(() => '…').join(',')}`}</pre>
          <strong>JSON (.json)</strong>
          <pre>{JSON.stringify([{ uniqueId: 't1', data: exampleData }])}</pre>
        </Card>
      </div>
    </div>
  );
}

function ImportError({ error }: { error: Error }) {
  const line = error instanceof ApiError && typeof error.details.line === 'number' ? error.details.line : null;
  return (
    <Alert tone="danger" data-testid="import-error">
      <strong>
        {line !== null ? (
          <>
            Line <span data-testid="import-error-line">{line}</span>:{' '}
          </>
        ) : (
          'Import failed: '
        )}
      </strong>
      {/* The server's message repeats the line and the all-or-nothing note; say each once. */}
      {line !== null ? error.message.replace(/^line \S+: /, '').replace(/\s*Nothing was imported\.$/, '') : error.message}
      {error instanceof ApiError && error.status === 422 && <div>Nothing was imported. Fix the file and upload it again.</div>}
    </Alert>
  );
}
