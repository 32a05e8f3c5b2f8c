import { useCallback, useEffect, useLayoutEffect, useRef, useState, useSyncExternalStore } from 'react';
import { Navigate } from 'react-router';
import type { LabelSchemaT } from '../../../../core/schema/index.ts';
import type { Project } from '../../api/types.ts';
import { KeyRouter, KeyRouterContext } from '../../fields/key-router.ts';
import { isEditableTarget, plain } from '../../fields/keys.ts';
import { Alert, Badge, Button, Kbd } from '../../ui/index.ts';
import { ActiveTimer, trackActivity } from './active-time.ts';
import { ClaimSession } from './claim-session.ts';
import { EarningsBadge } from './EarningsBadge.tsx';
import { InstructionsPanel } from './InstructionsPanel.tsx';
import { outboxFor } from './outbox.ts';
import { SkipDialog } from './SkipDialog.tsx';
import { StatusScreen } from './StatusScreen.tsx';
import { TaskForm, type TaskFormActions } from './TaskForm.tsx';

const INTERACTIVE = 'button, a[href], input, select, textarea, [role="dialog"], .instructions';

/** Marks "submit pressed" and, once the next task has painted, measures the gap (read by the bench). */
function markSubmit() {
  performance.clearMarks('tally:submit');
  performance.mark('tally:submit');
}
function markTaskVisible(taskId: number) {
  if (performance.getEntriesByName('tally:submit', 'mark').length === 0) return;
  requestAnimationFrame(() =>
    setTimeout(() => {
      performance.mark('tally:task-visible', { detail: { taskId } });
      performance.measure('tally:submit-to-next', 'tally:submit', 'tally:task-visible');
      performance.clearMarks('tally:submit');
    }, 0),
  );
}

function useOnline() {
  return useSyncExternalStore(
    (cb) => {
      window.addEventListener('online', cb);
      window.addEventListener('offline', cb);
      return () => {
        window.removeEventListener('online', cb);
        window.removeEventListener('offline', cb);
      };
    },
    () => navigator.onLine,
  );
}

export interface WorkSessionProps {
  project: Project;
  schema: LabelSchemaT;
  userId: number;
}

/** The annotator workspace for one project: top bar, the task, and the states around it. */
export function WorkSession({ project, schema, userId }: WorkSessionProps) {
  const outbox = outboxFor(userId);
  const [session, setSession] = useState<ClaimSession | null>(null);
  const [router] = useState(() => new KeyRouter());
  const [timer] = useState(() => new ActiveTimer());
  const [instructions, setInstructions] = useState(false);
  const [skipping, setSkipping] = useState(false);
  const actions = useRef<TaskFormActions | null>(null);
  const online = useOnline();

  useEffect(() => {
    const s = new ClaimSession(project.id, project.leaseSeconds, outbox, `tally.work.v1.u${userId}.p${project.id}`);
    setSession(s);
    void s.start();
    return () => s.dispose();
  }, [project.id, project.leaseSeconds, outbox, userId]);
  useEffect(() => trackActivity(timer), [timer]);

  const state = useSyncExternalStore(session?.subscribe ?? noopSubscribe, session?.getState ?? initialState);
  const queue = useSyncExternalStore(outbox.subscribe, outbox.snapshot);
  const current = state.phase.kind === 'working' ? state.current : null;

  // Each new task restarts the active-time clock and closes the perf measurement.
  useLayoutEffect(() => {
    if (!current) return;
    timer.reset(document.visibilityState === 'visible' && document.hasFocus());
    markTaskVisible(current.task.id);
  }, [current?.claim.id]);

  const submit = useCallback(() => {
    if (!session || !current || skipping) return;
    const value = actions.current?.collect();
    if (!value) return;
    markSubmit();
    session.submit(value, timer.read());
  }, [session, current, skipping, timer]);

  const skip = useCallback(
    (reason: string) => {
      setSkipping(false);
      session?.skip(reason);
    },
    [session],
  );

  // The one keyboard listener: field editors first, then the workspace's own keys.
  const latest = useRef({ submit, current, skipping, instructions });
  latest.current = { submit, current, skipping, instructions };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const l = latest.current;
      if (e.defaultPrevented || l.skipping) return;
      if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
        e.preventDefault();
        l.submit();
        return;
      }
      const target = e.target instanceof Element ? e.target : null;
      const field = target?.closest('[data-field]')?.getAttribute('data-field') ?? (target && target.closest(INTERACTIVE) ? null : router.active);
      if (l.current && router.dispatch(field, e)) {
        e.preventDefault();
        return;
      }
      if (isEditableTarget(target) || !plain(e)) return;
      if (e.key === '?' || e.key === 'i' || e.key === 'I') {
        e.preventDefault();
        setInstructions((v) => !v);
      } else if ((e.key === 's' || e.key === 'S') && l.current) {
        e.preventDefault();
        setSkipping(true);
      } else if (e.key === 'Escape' && l.instructions) {
        e.preventDefault();
        setInstructions(false);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [router]);

  if (state.phase.kind === 'unauthorized') return <Navigate to={`/login?next=${encodeURIComponent(location.pathname)}`} replace />;

  const pending = queue.pending.length;
  return (
    <KeyRouterContext.Provider value={router}>
      <div className="work" data-testid="work" data-phase={state.phase.kind} data-prefetched={state.prefetched || undefined}>
        <div className="work__bar">
          <h1 className="work__title">{project.name}</h1>
          {current && (
            <Badge data-testid="task-badge">
              Task #{current.task.id}
            </Badge>
          )}
          {current?.expired && (
            <Badge tone="warning" data-testid="lease-badge">
              lease expired
            </Badge>
          )}
          {(!online || queue.offline) && (
            <Badge tone="danger" data-testid="offline-badge">
              offline
            </Badge>
          )}
          {pending > 0 && (
            <Badge tone="warning" data-testid="queue-count" title={queue.pending.map((p) => `${p.kind} task #${p.taskId}${p.lastError ? `: ${p.lastError}` : ''}`).join('\n')}>
              {pending} waiting to send
            </Badge>
          )}
          {queue.failed.length > 0 && (
            <Badge tone="danger" data-testid="failed-count" title={queue.failed.map((f) => `task #${f.item.taskId}: ${f.message}`).join('\n')}>
              {queue.failed.length} not saved
            </Badge>
          )}
          <EarningsBadge project={project} taskKey={current?.claim.id} />
          <span className="spacer" />
          <Button variant="ghost" onClick={() => setInstructions((v) => !v)} aria-pressed={instructions} aria-keyshortcuts="? i">
            <Kbd>?</Kbd> Instructions
          </Button>
          <Button onClick={() => setSkipping(true)} disabled={!current} aria-keyshortcuts="s">
            <Kbd>S</Kbd> Skip
          </Button>
          <Button variant="primary" onClick={submit} disabled={!current} aria-keyshortcuts="Control+Enter" data-testid="submit">
            Submit <Kbd>Ctrl+Enter</Kbd>
          </Button>
        </div>
        <div className="work__body">
          {current && session ? (
            <TaskForm key={current.claim.id} schema={schema} held={current} actions={actions} onDraft={(v) => session.saveDraft(v)} />
          ) : (
            <StatusScreen phase={state.phase} onRetry={() => void session?.advance()} />
          )}
        </div>
        <div className="toasts" aria-live="polite">
          {current?.expired && (
            <Alert tone="warning" data-testid="lease-expired">
              <strong>Your lease on this task ran out.</strong> Keep going: when you submit, your answer is kept if the task’s slot is still free. If someone else
              has taken it meanwhile, you will be told and moved to the next task.
            </Alert>
          )}
          {(!online || queue.offline) && (
            <Alert tone="danger" data-testid="offline-banner">
              <strong>You are offline.</strong> {pending > 0 ? `${pending} answer${pending === 1 ? ' is' : 's are'} saved in this browser and will be sent` : 'Answers are kept in this browser and sent'} when the
              connection is back.
            </Alert>
          )}
          {state.notices.map((n) => (
            <Alert key={n.id} tone={n.tone} data-testid="notice">
              {n.text}{' '}
              <button type="button" className="btn btn--ghost btn--sm" onClick={() => session?.dismiss(n.id)} aria-label="Dismiss">
                ✕
              </button>
            </Alert>
          ))}
        </div>
        {instructions && <InstructionsPanel markdown={project.instructions} onClose={() => setInstructions(false)} />}
        {skipping && <SkipDialog onConfirm={skip} onCancel={() => setSkipping(false)} />}
      </div>
    </KeyRouterContext.Provider>
  );
}

const noopSubscribe = () => () => {};
const INITIAL = { phase: { kind: 'loading' as const }, current: null, prefetched: false, notices: [] };
const initialState = () => INITIAL;
