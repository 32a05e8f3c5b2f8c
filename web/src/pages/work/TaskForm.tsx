import { useEffect, useLayoutEffect, useMemo, useRef, useState, type MutableRefObject } from 'react';
import { validateAnnotation, type AnnotationError, type LabelSchemaT } from '../../../../core/schema/index.ts';
import type { Prediction } from '../../api/types.ts';
import { FieldEditor, shownSources } from '../../fields/FieldEditor.tsx';
import { initialValue, toSubmission } from '../../fields/predictions.ts';
import { DataValue } from '../../fields/SourceText.tsx';
import { Alert, Badge } from '../../ui/index.ts';
import type { HeldClaim } from './claim-session.ts';

export interface TaskFormActions {
  /** Validates and, when valid, returns the value to send; otherwise shows the errors and returns null. */
  collect(): Record<string, unknown> | null;
}

/** Strips the `field "x": ` prefix core/schema puts on messages; the frame already names the field. */
function shortMessage(e: AnnotationError): string {
  return e.message.replace(/^field "[^"]*": /, '');
}

export interface TaskFormProps {
  schema: LabelSchemaT;
  held: HeldClaim;
  actions: MutableRefObject<TaskFormActions | null>;
  onDraft: (value: Record<string, unknown>) => void;
}

/**
 * One task: its data and an editor per field, validated as the annotator works with the
 * same code the server runs. Mounted once per claim (keyed by claim id), so every task
 * starts clean and focus lands on the first field.
 */
export function TaskForm({ schema, held, actions, onDraft }: TaskFormProps) {
  const data = held.task.data ?? {};
  const init = useMemo(() => initialValue(schema, data, held.task.predictions as Prediction[] | undefined), [held.claim.id]);
  const [value, setValue] = useState<Record<string, unknown>>(() => ({ ...init.value, ...(held.draft ?? {}) }));
  const [predicted, setPredicted] = useState<Set<string>>(() => (held.draft ? new Set() : init.predicted));
  const [touched, setTouched] = useState<Set<string>>(() => new Set());
  const [attempted, setAttempted] = useState(false);
  const rootRef = useRef<HTMLDivElement>(null);

  const submission = useMemo(() => toSubmission(schema, value), [schema, value]);
  const checked = useMemo(() => validateAnnotation(schema, submission, data), [schema, submission, data]);
  const errors = new Map<string, AnnotationError>();
  if (!checked.ok) for (const e of checked.errors) if (!errors.has(e.field)) errors.set(e.field, e);
  const shownError = (name: string) => {
    const e = errors.get(name);
    if (!e) return null;
    if (attempted || (touched.has(name) && e.code !== 'required')) return shortMessage(e);
    return null;
  };

  actions.current = {
    collect() {
      if (checked.ok) return checked.value;
      setAttempted(true);
      const first = schema.fields.find((f) => errors.has(f.name));
      if (first) focusField(first.name);
      return null;
    },
  };

  const focusField = (name: string) => {
    const section = rootRef.current?.querySelector<HTMLElement>(`[data-field="${CSS.escape(name)}"]`);
    const target = section?.querySelector<HTMLElement>('[data-focus-target]') ?? section;
    target?.focus({ preventScroll: false });
  };

  // A new task puts the keyboard on its first field.
  useLayoutEffect(() => {
    if (schema.fields[0]) focusField(schema.fields[0].name);
  }, []);

  // Keep a draft with the claim so a reload resumes the work.
  const first = useRef(true);
  useEffect(() => {
    if (first.current) {
      first.current = false;
      return;
    }
    const t = setTimeout(() => onDraft(value), 400);
    return () => clearTimeout(t);
  }, [value]);

  const onChange = (name: string, v: unknown) => {
    setValue((cur) => ({ ...cur, [name]: v }));
    setTouched((cur) => (cur.has(name) ? cur : new Set(cur).add(name)));
    setPredicted((cur) => {
      if (!cur.has(name)) return cur;
      const next = new Set(cur);
      next.delete(name);
      return next;
    });
  };

  const bound = shownSources(schema.fields);
  const extra = Object.entries(data).filter(([k]) => !bound.has(k));
  const errorCount = attempted && !checked.ok ? errors.size : 0;

  return (
    <div className="task-form" ref={rootRef} data-testid="task" data-task-id={held.task.id} data-claim-id={held.claim.id}>
      {init.prediction && (
        <Alert tone="info" className="task-form__prediction" data-testid="prediction-banner">
          Prefilled from model <strong>{init.prediction.model}</strong>
          {typeof init.prediction.score === 'number' && <> (score {init.prediction.score.toFixed(2)})</>}. Check it and correct what is wrong before submitting.
        </Alert>
      )}
      {extra.length > 0 && (
        <section className="task-data card" aria-label="Task data">
          {extra.map(([k, v]) => (
            <div key={k} className="task-data__item">
              <div className="task-data__key">{k}</div>
              <DataValue value={v} label={k} />
            </div>
          ))}
        </section>
      )}
      {schema.fields.map((f) => (
        <FieldEditor key={f.name} field={f} value={value[f.name]} onChange={onChange} taskData={data} error={shownError(f.name)} predicted={predicted.has(f.name)} />
      ))}
      <div className="task-form__footer" aria-live="polite">
        {errorCount > 0 ? (
          <Alert tone="danger" data-testid="form-errors">
            Fix {errorCount === 1 ? 'one field' : `${errorCount} fields`} before submitting.
          </Alert>
        ) : checked.ok ? (
          <Badge tone="success" data-testid="form-valid">
            Ready to submit
          </Badge>
        ) : null}
      </div>
    </div>
  );
}
