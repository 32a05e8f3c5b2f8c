import { useMemo, useState, type FormEvent, type ReactNode } from 'react';
import { parseLabelSchema, type SchemaError } from '../../../../core/schema/index.ts';
import { ApiError } from '../../api/client.ts';
import { AGGREGATIONS, type Aggregation, type ProjectSettings } from '../../api/manager.ts';
import { SchemaEditor } from '../../schema-editor/SchemaEditor.tsx';
import type { RawSchema } from '../../schema-editor/draft.ts';
import { Alert, Button, Card, Field, Input, TextArea } from '../../ui/index.ts';
import { checkSettings, QUALITY_RULES, type FormValues, type QualityErrors, type QualityText } from './project-form.ts';

const AGGREGATION_HELP: Record<Aggregation, string> = {
  auto: 'Majority vote until there are enough answers, then Dawid–Skene',
  mv: 'Majority vote',
  wmv: 'Majority vote weighted by gold accuracy',
  ds: 'Dawid–Skene: a confusion matrix per annotator',
  'one-coin': 'One-coin Dawid–Skene: one skill per annotator',
  glad: 'GLAD: annotator ability and task difficulty',
  mace: 'MACE: finds annotators who answer at random',
};

const QUALITY_HINTS: Record<keyof QualityText, string> = {
  overlapMin: 'Annotations per task to start with',
  overlapMax: 'Most annotations a task may get while unsure',
  targetConfidence: '0–1: below this a task asks for one more annotation',
  leaseSeconds: 'How long a claimed task stays reserved (5–86400)',
  goldRate: '0–1: share of claims that are gold tasks',
  goldMinAccuracy: '0–1: below this on gold an annotator is paused',
  goldMinSeen: 'Gold answers needed before the bar applies',
  reviewRate: '0–1: share of finished tasks sent to review',
};

const GROUPS: { title: string; keys: (keyof QualityText)[] }[] = [
  { title: 'Overlap', keys: ['overlapMin', 'overlapMax', 'targetConfidence'] },
  { title: 'Gold', keys: ['goldRate', 'goldMinAccuracy', 'goldMinSeen'] },
  { title: 'Review and leases', keys: ['reviewRate', 'leaseSeconds'] },
];

export interface ProjectFormProps {
  initial: FormValues;
  submitLabel: string;
  busy: boolean;
  onSubmit: (body: ProjectSettings) => Promise<unknown>;
  /** Extra sections (e.g. the project status on the settings page). */
  children?: ReactNode;
}

/** Name, instructions, label schema and quality settings, checked in the browser before sending. */
export function ProjectForm({ initial, submitLabel, busy, onSubmit, children }: ProjectFormProps) {
  const [v, setV] = useState<FormValues>(initial);
  const [attempted, setAttempted] = useState(false);
  const [serverError, setServerError] = useState<ApiError | Error | null>(null);
  const [serverSchemaErrors, setServerSchemaErrors] = useState<SchemaError[] | null>(null);

  const parsed = useMemo(() => parseLabelSchema(v.schema), [v.schema]);
  const schemaErrors = serverSchemaErrors ?? (parsed.ok ? [] : parsed.errors);
  const checked = checkSettings(v);
  const fieldErrors: QualityErrors = attempted && !checked.ok ? checked.errors : {};

  const setQuality = (k: keyof QualityText, text: string) => setV((cur) => ({ ...cur, quality: { ...cur.quality, [k]: text } }));
  const setSchema = (schema: RawSchema) => {
    setServerSchemaErrors(null);
    setV((cur) => ({ ...cur, schema }));
  };

  const submit = async (e: FormEvent) => {
    e.preventDefault();
    setAttempted(true);
    setServerError(null);
    if (!checked.ok || !parsed.ok) {
      requestAnimationFrame(() => document.querySelector<HTMLElement>('[aria-invalid="true"]')?.focus());
      return;
    }
    try {
      await onSubmit({ ...checked.body, schema: v.schema });
    } catch (err) {
      setServerError(err as Error);
      if (err instanceof ApiError && Array.isArray(err.details.issues) && (err.code === 'invalid_schema' || err.code === 'unknown_field_type')) {
        setServerSchemaErrors(err.details.issues as SchemaError[]);
      }
    }
  };

  const problems = (checked.ok ? 0 : Object.keys(checked.errors).length) + schemaErrors.length;
  return (
    <form className="project-form stack" onSubmit={submit} noValidate data-testid="project-form">
      <Card title="Basics">
        <Input label="Name" value={v.name} onChange={(e) => setV({ ...v, name: e.target.value })} error={fieldErrors.name} required maxLength={200} data-testid="project-name" />
        <TextArea
          label="Instructions"
          hint="Markdown, shown to annotators in the workspace (press ? there)"
          value={v.instructions}
          onChange={(e) => setV({ ...v, instructions: e.target.value })}
          rows={5}
        />
      </Card>

      <Card title="Label schema">
        <p className="muted card__lead">Each field is one question annotators answer. The source key names the task-data value the field shows or labels.</p>
        <SchemaEditor value={v.schema} onChange={setSchema} errors={schemaErrors} />
      </Card>

      <Card title="Quality">
        <div className="quality-grid">
          {GROUPS.map((g) => (
            <fieldset key={g.title} className="quality-group">
              <legend>{g.title}</legend>
              {g.keys.map((k) => (
                <Input
                  key={k}
                  label={QUALITY_RULES[k].label}
                  hint={QUALITY_HINTS[k]}
                  inputMode={QUALITY_RULES[k].integer ? 'numeric' : 'decimal'}
                  value={v.quality[k]}
                  onChange={(e) => setQuality(k, e.target.value)}
                  error={fieldErrors[k]}
                  data-testid={`q-${k}`}
                />
              ))}
            </fieldset>
          ))}
          <fieldset className="quality-group">
            <legend>Truth inference</legend>
            <Field label="Aggregation method" hint={AGGREGATION_HELP[v.aggregation]}>
              {({ id, describedBy }) => (
                <select id={id} className="select" aria-describedby={describedBy} value={v.aggregation} onChange={(e) => setV({ ...v, aggregation: e.target.value as Aggregation })} data-testid="q-aggregation">
                  {AGGREGATIONS.map((a) => (
                    <option key={a} value={a}>
                      {a} — {AGGREGATION_HELP[a]}
                    </option>
                  ))}
                </select>
              )}
            </Field>
          </fieldset>
        </div>
      </Card>

      {children}

      <div className="form-footer">
        {serverError && (
          <Alert tone="danger" data-testid="form-error">
            {serverError.message}
          </Alert>
        )}
        {attempted && problems > 0 && !serverError && (
          <Alert tone="danger" data-testid="form-problems">
            Fix {problems === 1 ? 'one problem' : `${problems} problems`} before saving.
          </Alert>
        )}
        <span className="spacer" />
        <Button type="submit" variant="primary" busy={busy} data-testid="project-submit">
          {submitLabel}
        </Button>
      </div>
    </form>
  );
}
