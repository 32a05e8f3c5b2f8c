import { useId } from 'react';
import type { SchemaError } from '../../../core/schema/index.ts';
import { Badge, Button } from '../ui/index.ts';
import { changeType, FIELD_TYPES, listKey, patchField, SOURCE_REQUIRED, TYPE_HELP, type FieldType, type RawField } from './draft.ts';
import { CheckProp, errorTaker, NumberProp, shortMessage, TextProp } from './inputs.tsx';
import { ItemsEditor } from './ItemsEditor.tsx';

export interface FieldCardProps {
  field: RawField;
  index: number;
  count: number;
  errors: (SchemaError & { sub: string })[] | undefined;
  onChange: (next: RawField) => void;
  onMove: (by: number) => void;
  onRemove: () => void;
  nameRef?: (el: HTMLInputElement | null) => void;
}

const SOURCE_HINT: Partial<Record<FieldType, string>> = {
  choice: 'Task-data key shown above the options (optional)',
  spans: 'Task-data key holding the text to label',
  boxes: 'Task-data key holding the image URL',
  polygons: 'Task-data key holding the image URL',
  rating: 'Task-data key shown above the scale (optional)',
  pairwise: 'Key holding {a, b}; empty reads a and b from the task',
  ranking: 'Key holding the list of candidates',
  text: 'Task-data key shown above the box (optional)',
  number: 'Task-data key shown above the box (optional)',
};

/** One field of the schema: its common properties, its type's own, and its problems. */
export function FieldCard({ field, index, count, errors, onChange, onMove, onRemove, nameRef }: FieldCardProps) {
  const headingId = useId();
  const typeId = useId();
  const t = errorTaker(errors);
  const type = typeof field.type === 'string' && (FIELD_TYPES as string[]).includes(field.type) ? (field.type as FieldType) : null;
  const set = (patch: RawField) => onChange(patchField(field, patch));
  const name = typeof field.name === 'string' && field.name ? field.name : `field ${index + 1}`;
  const list = listKey(type);

  const errName = t.at('name');
  const errType = t.at('type');
  const errSource = t.at('source');
  const errTitle = t.at('title');
  const errDesc = t.at('description');
  const errRequired = t.at('required');
  // List errors are shown by the items table (a child that renders later), so take them here.
  const listErrors = errorTaker(list ? (errors ?? []).filter((e) => e.sub === list || e.sub.startsWith(`${list}[`)).map((e) => ({ ...e, sub: e.sub.slice(list.length) })) : []);
  if (list) t.at(list, true);

  return (
    <section className={['sf card', errors?.length ? 'sf--invalid' : ''].join(' ')} aria-labelledby={headingId} data-testid={`schema-field-${index}`}>
      <header className="sf__head">
        <h3 className="sf__title" id={headingId}>
          <span className="muted">{index + 1}.</span> {name} {type && <Badge tone="info">{type}</Badge>}
        </h3>
        {errors?.length ? (
          <Badge tone="danger">
            {errors.length} problem{errors.length === 1 ? '' : 's'}
          </Badge>
        ) : null}
        <span className="spacer" />
        <Button size="sm" variant="ghost" aria-label={`Move field ${name} up`} disabled={index === 0} onClick={() => onMove(-1)} data-move="up">
          ↑ Up
        </Button>
        <Button size="sm" variant="ghost" aria-label={`Move field ${name} down`} disabled={index === count - 1} onClick={() => onMove(1)} data-move="down">
          ↓ Down
        </Button>
        <Button size="sm" variant="danger" aria-label={`Remove field ${name}`} onClick={onRemove}>
          Remove
        </Button>
      </header>

      <div className="sf__grid">
        <TextProp label="Name" hint="Key in every annotation" value={field.name} onChange={(v) => set({ name: v ?? '' })} keepEmpty error={errName} inputRef={nameRef} testId={`field-name-${index}`} />
        <div className="sfield">
          <label className="field__label" htmlFor={typeId}>
            Type
          </label>
          <select
            id={typeId}
            className="select"
            value={type ?? ''}
            aria-invalid={errType ? true : undefined}
            aria-describedby={`${typeId}-hint`}
            data-testid={`field-type-${index}`}
            onChange={(e) => onChange(changeType(field, e.target.value as FieldType))}
          >
            {!type && <option value="">{String(field.type ?? 'choose a type')}</option>}
            {FIELD_TYPES.map((ft) => (
              <option key={ft} value={ft}>
                {ft}
              </option>
            ))}
          </select>
          <span className="field__hint" id={`${typeId}-hint`}>
            {type ? TYPE_HELP[type] : 'Pick a type'}
          </span>
          {errType && <span className="field__error">{errType}</span>}
        </div>
        <TextProp
          label={type && SOURCE_REQUIRED.has(type) ? 'Source key' : 'Source key (optional)'}
          hint={type ? SOURCE_HINT[type] : undefined}
          value={field.source}
          onChange={(v) => set({ source: v })}
          error={errSource}
          testId={`field-source-${index}`}
        />
        <CheckProp label="Required" hint="Every annotation must answer it" value={field.required} defaultValue={true} onChange={(v) => set({ required: v })} error={errRequired} />
      </div>
      <div className="sf__grid sf__grid--2">
        <TextProp label="Title (optional)" hint="Shown to annotators instead of the name" value={field.title} onChange={(v) => set({ title: v })} error={errTitle} />
        <TextProp label="Description (optional)" hint="A one-line explanation under the title" value={field.description} onChange={(v) => set({ description: v })} error={errDesc} />
      </div>

      {typeProps(field, type, set, t, index)}

      {list && (
        <ItemsEditor
          kind={list}
          fieldName={name}
          value={field[list]}
          onChange={(items) => set({ [list]: items })}
          errorAt={(sub) => listErrors.at(sub)}
        />
      )}

      <FieldProblems rest={t.rest()} />
    </section>
  );
}

function FieldProblems({ rest }: { rest: (SchemaError & { sub: string })[] }) {
  if (rest.length === 0) return null;
  return (
    <ul className="sf__problems">
      {rest.map((e, i) => (
        <li key={i}>
          {e.sub && <code>{e.sub}</code>} {shortMessage(e.message)}
        </li>
      ))}
    </ul>
  );
}

/** The controls of the type's own properties (called inline so their errors count as shown). */
function typeProps(field: RawField, type: FieldType | null, set: (p: RawField) => void, t: ReturnType<typeof errorTaker>, index: number) {
  switch (type) {
    case 'choice':
      return (
        <div className="sf__grid">
          <CheckProp label="Multiple answers" hint="Annotators may pick several options" value={field.multiple} defaultValue={false} onChange={(v) => set({ multiple: v })} error={t.at('multiple')} />
        </div>
      );
    case 'rating':
      return (
        <div className="sf__grid">
          <NumberProp label="Min" hint="Lowest score (whole number)" value={field.min} onChange={(v) => set({ min: v })} placeholder="1" error={t.at('min')} testId={`field-min-${index}`} />
          <NumberProp label="Max" hint="Highest score" value={field.max} onChange={(v) => set({ max: v })} placeholder="5" error={t.at('max')} testId={`field-max-${index}`} />
        </div>
      );
    case 'text':
      return (
        <div className="sf__grid">
          <NumberProp label="Min length" hint="Characters (optional)" value={field.min} onChange={(v) => set({ min: v })} error={t.at('min')} testId={`field-min-${index}`} />
          <NumberProp label="Max length" hint="Characters (optional)" value={field.max} onChange={(v) => set({ max: v })} error={t.at('max')} testId={`field-max-${index}`} />
        </div>
      );
    case 'number':
      return (
        <div className="sf__grid">
          <NumberProp label="Min" hint="Optional" value={field.min} onChange={(v) => set({ min: v })} error={t.at('min')} testId={`field-min-${index}`} />
          <NumberProp label="Max" hint="Optional" value={field.max} onChange={(v) => set({ max: v })} error={t.at('max')} testId={`field-max-${index}`} />
          <CheckProp label="Whole numbers only" value={field.integer} defaultValue={false} onChange={(v) => set({ integer: v })} error={t.at('integer')} />
        </div>
      );
    case 'pairwise':
      return (
        <div className="sf__grid">
          <CheckProp label="Ask for strength" hint="slightly / clearly / much better" value={field.strength} defaultValue={false} onChange={(v) => set({ strength: v })} error={t.at('strength')} />
          <CheckProp label="Allow a tie" value={field.allowTie} defaultValue={false} onChange={(v) => set({ allowTie: v })} error={t.at('allowTie')} />
        </div>
      );
    case 'ranking':
      return (
        <div className="sf__grid">
          <NumberProp label="Candidates (optional)" hint="Fixed count; empty counts the source list" value={field.candidates} onChange={(v) => set({ candidates: v })} error={t.at('candidates')} />
        </div>
      );
    default:
      return null;
  }
}
