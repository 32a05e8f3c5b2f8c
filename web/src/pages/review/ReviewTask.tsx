import { useEffect, useId, useLayoutEffect, useMemo, useRef, useState } from 'react';
import { validateAnnotation, type AnnotationError, type LabelSchemaT } from '../../../../core/schema/index.ts';
import type { ReviewClaim, Verdict } from '../../api/manager.ts';
import { FieldEditor } from '../../fields/FieldEditor.tsx';
import { KeyRouter, KeyRouterContext } from '../../fields/key-router.ts';
import { isEditableTarget, plain } from '../../fields/keys.ts';
import { toSubmission } from '../../fields/predictions.ts';
import { CompareTable, TaskDataView } from '../../results/CompareTable.tsx';
import { ConfidenceMeter } from '../../results/ConfidenceMeter.tsx';
import { Alert, Badge, Button, Kbd } from '../../ui/index.ts';
import { formatScore } from '../manager/format.ts';
import { fixStart } from './fix-value.ts';
import type { SubmitBody } from './use-review-queue.ts';
import type { ApiError } from '../../api/client.ts';

export interface ReviewTaskProps {
  projectName: string;
  schema: LabelSchemaT;
  held: ReviewClaim;
  expired: boolean;
  submitting: boolean;
  reviewed: number;
  onSubmit: (body: SubmitBody) => Promise<ApiError | null>;
  onSkip: () => void;
}

const INTERACTIVE = 'button, a[href], input, select, textarea';

/** Strips the `field "x": ` lead; the editor's frame names the field. */
function shortMessage(e: AnnotationError): string {
  return e.message.replace(/^field "[^"]*": /, '');
}

/**
 * One task under review: its data, every annotation beside the current result, and the
 * verdict. Keys: A accept, R reject (with a comment), F fix (the workspace's field
 * editors, prefilled with the result), S skip, Ctrl+Enter submit, Esc back.
 * Mounted once per claim, so each task starts clean.
 */
export function ReviewTask({ projectName, schema, held, expired, submitting, reviewed, onSubmit, onSkip }: ReviewTaskProps) {
  const data = held.task.data ?? {};
  const [verdict, setVerdict] = useState<Verdict | null>(null);
  const [comment, setComment] = useState('');
  const [commentError, setCommentError] = useState<string | null>(null);
  const [serverError, setServerError] = useState<string | null>(null);
  const [value, setValue] = useState<Record<string, unknown>>(() => fixStart(schema, data, held.result, held.annotations));
  const [attempted, setAttempted] = useState(false);
  const [router] = useState(() => new KeyRouter());
  const headingRef = useRef<HTMLHeadingElement>(null);
  const commentRef = useRef<HTMLTextAreaElement>(null);
  const fixRef = useRef<HTMLDivElement>(null);
  const commentId = useId();

  const checked = useMemo(() => validateAnnotation(schema, toSubmission(schema, value), data), [schema, value, data]);
  const errors = new Map<string, AnnotationError>();
  if (!checked.ok) for (const e of checked.errors) if (!errors.has(e.field)) errors.set(e.field, e);

  // A new task puts the keyboard on its heading, so the verdict keys work at once.
  useLayoutEffect(() => headingRef.current?.focus(), []);

  const focusFirstField = (name?: string) =>
    requestAnimationFrame(() => {
      const root = fixRef.current;
      const section = name ? root?.querySelector<HTMLElement>(`[data-field="${CSS.escape(name)}"]`) : root?.querySelector<HTMLElement>('[data-field]');
      (section?.querySelector<HTMLElement>('[data-focus-target]') ?? section)?.focus();
    });

  const choose = (v: Verdict) => {
    setVerdict(v);
    setServerError(null);
    setCommentError(null);
    if (v === 'reject') requestAnimationFrame(() => commentRef.current?.focus());
    if (v === 'fix') focusFirstField();
  };

  const submit = async () => {
    if (submitting) return;
    if (!verdict) {
      setServerError('Choose a verdict first: A accept, R reject or F fix.');
      return;
    }
    const body: SubmitBody = { verdict };
    if (comment.trim()) body.comment = comment.trim();
    if (verdict === 'reject' && !body.comment) {
      setCommentError('Say what is wrong, so the next annotator can do better.');
      commentRef.current?.focus();
      return;
    }
    if (verdict === 'fix') {
      if (!checked.ok) {
        setAttempted(true);
        focusFirstField(schema.fields.find((f) => errors.has(f.name))?.name);
        return;
      }
      body.value = checked.value;
    }
    const err = await onSubmit(body);
    if (err) setServerError(err.message);
  };

  // The one keyboard listener: field editors (while fixing) first, then the review keys.
  const latest = useRef({ submit, verdict, choose, onSkip });
  latest.current = { submit, verdict, choose, onSkip };
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const l = latest.current;
      if (e.defaultPrevented) return;
      if ((e.ctrlKey || e.metaKey) && e.key === 'Enter') {
        e.preventDefault();
        void l.submit();
        return;
      }
      const target = e.target instanceof Element ? e.target : null;
      if (l.verdict === 'fix') {
        const field = target?.closest('[data-field]')?.getAttribute('data-field') ?? (target && target.closest(INTERACTIVE) ? null : router.active);
        if (router.dispatch(field, e)) {
          e.preventDefault();
          return;
        }
      }
      if (e.key === 'Escape' && l.verdict && !target?.closest('[data-field]')) {
        e.preventDefault();
        setVerdict(null);
        headingRef.current?.focus();
        return;
      }
      if (isEditableTarget(target) || !plain(e) || e.shiftKey) return;
      const k = e.key.toLowerCase();
      if (k === 'a') l.choose('accept');
      else if (k === 'r') l.choose('reject');
      else if (k === 'f') l.choose('fix');
      else if (k === 's') l.onSkip();
      else return;
      e.preventDefault();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [router]);

  const r = held.result;
  const onChange = (name: string, v: unknown) => setValue((cur) => ({ ...cur, [name]: v }));
  return (
    <KeyRouterContext.Provider value={router}>
      <div className="review" data-testid="review-task" data-task-id={held.task.id} data-claim-id={held.claim.id} data-verdict={verdict ?? ''}>
        <div className="review__bar">
          <h1 className="review__title">{projectName}</h1>
          <Badge data-testid="review-task-badge">Task #{held.task.id}</Badge>
          {expired && (
            <Badge tone="warning" data-testid="lease-badge" title="Your lease ran out. Submitting still works while nobody else has taken the task.">
              lease expired
            </Badge>
          )}
          {reviewed > 0 && <span className="muted" style={{ fontSize: 'var(--text-xs)' }}>{reviewed} reviewed</span>}
          <span className="spacer" />
          <div className="verdicts" role="group" aria-label="Verdict">
            <Button className="btn--accept" aria-pressed={verdict === 'accept'} onClick={() => choose('accept')} aria-keyshortcuts="a" data-testid="verdict-accept">
              <Kbd>A</Kbd> Accept
            </Button>
            <Button className="btn--reject" aria-pressed={verdict === 'reject'} onClick={() => choose('reject')} aria-keyshortcuts="r" data-testid="verdict-reject">
              <Kbd>R</Kbd> Reject
            </Button>
            <Button aria-pressed={verdict === 'fix'} onClick={() => choose('fix')} aria-keyshortcuts="f" data-testid="verdict-fix">
              <Kbd>F</Kbd> Fix
            </Button>
          </div>
          <Button variant="ghost" onClick={onSkip} aria-keyshortcuts="s" data-testid="review-skip">
            <Kbd>S</Kbd> Skip
          </Button>
          <Button variant="primary" onClick={() => void submit()} busy={submitting} disabled={!verdict} aria-keyshortcuts="Control+Enter" data-testid="review-submit">
            Submit <Kbd>Ctrl+Enter</Kbd>
          </Button>
        </div>

        <div className="review__body">
          <div className="row">
            <h2 ref={headingRef} tabIndex={-1} style={{ margin: 0 }} data-testid="review-heading">
              Task #{held.task.id}
            </h2>
            <span className="muted">
              {held.annotations.length} annotation{held.annotations.length === 1 ? '' : 's'}
            </span>
            {r && (
              <span className="row" style={{ gap: 'var(--space-1)' }}>
                <Badge tone="info">{r.method}</Badge>
                <ConfidenceMeter value={r.confidence} /> <span className="muted">confidence {formatScore(r.confidence)}</span>
              </span>
            )}
          </div>
          <div className="review__cols">
            <TaskDataView data={data} />
            <CompareTable schema={schema} data={data} annotations={held.annotations} result={r} />
          </div>

          <section className={['verdict-panel', verdict ? `verdict-panel--${verdict}` : ''].join(' ')} aria-label="Your verdict" data-testid="verdict-panel">
            {!verdict && (
              <p className="muted" style={{ margin: 0 }}>
                Press <Kbd>A</Kbd> to accept the result, <Kbd>R</Kbd> to reject it (the task goes back for another annotation), <Kbd>F</Kbd> to fix it yourself, or <Kbd>S</Kbd> to skip.
                Then <Kbd>Ctrl</Kbd>+<Kbd>Enter</Kbd> submits.
              </p>
            )}
            {verdict === 'accept' && <p style={{ margin: 0 }}>Accept: the result stands and the task is done.</p>}
            {verdict === 'reject' && <p style={{ margin: 0 }}>Reject: the task goes back to the annotators for one more annotation.</p>}
            {verdict === 'fix' && (
              <>
                <p style={{ margin: 0 }}>Fix: your answer becomes the result (method “review”, confidence 1). It starts from the current result.</p>
                <div className="fix-form" ref={fixRef} data-testid="fix-form">
                  {schema.fields.map((f) => {
                    const e = errors.get(f.name);
                    return <FieldEditor key={f.name} field={f} value={value[f.name]} onChange={onChange} taskData={data} error={attempted && e ? shortMessage(e) : null} />;
                  })}
                </div>
              </>
            )}
            {verdict && (
              <div className="field" style={{ marginTop: 'var(--space-3)', marginBottom: 0 }}>
                <label className="field__label" htmlFor={commentId}>
                  {verdict === 'reject' ? 'Comment (required)' : 'Comment (optional)'}
                </label>
                <textarea
                  id={commentId}
                  ref={commentRef}
                  className="textarea"
                  rows={2}
                  value={comment}
                  aria-invalid={commentError ? true : undefined}
                  aria-describedby={`${commentId}-err`}
                  onChange={(e) => {
                    setComment(e.target.value);
                    setCommentError(null);
                  }}
                  data-testid="review-comment"
                />
                <span className="field__error" id={`${commentId}-err`} role={commentError ? 'alert' : undefined}>
                  {commentError}
                </span>
              </div>
            )}
            {serverError && (
              <Alert tone="danger" data-testid="review-error" style={{ marginTop: 'var(--space-3)' }}>
                {serverError}
              </Alert>
            )}
          </section>
        </div>
      </div>
    </KeyRouterContext.Provider>
  );
}
