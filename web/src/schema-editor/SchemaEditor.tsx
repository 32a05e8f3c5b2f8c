import { useEffect, useId, useMemo, useRef, useState } from 'react';
import type { SchemaError } from '../../../core/schema/index.ts';
import { Alert, Badge, Button } from '../ui/index.ts';
import { FIELD_TYPES, groupErrors, move, newField, readJson, toJson, TYPE_HELP, type FieldType, type RawField, type RawSchema } from './draft.ts';
import { FieldCard } from './FieldCard.tsx';
import '../styles/manager.css';

export interface SchemaEditorProps {
  value: RawSchema;
  onChange: (next: RawSchema) => void;
  /** Problems found by core/schema's parseLabelSchema (or the server), by path. */
  errors: readonly SchemaError[];
}

let nextKey = 1;
const keyFor = () => nextKey++;

/**
 * The label schema editor: a card per field (add, remove, reorder, type, options,
 * hotkeys, source, bounds, required) beside the same schema as JSON. Both edit one
 * value: a visual edit rewrites the JSON, and valid JSON typed in the text box
 * redraws the cards. Problems show next to the control they concern and, with their
 * paths, under the JSON.
 */
export function SchemaEditor({ value, onChange, errors }: SchemaEditorProps) {
  const [text, setText] = useState(() => toJson(value));
  const [jsonError, setJsonError] = useState<string | null>(null);
  const [addType, setAddType] = useState<FieldType>('choice');
  // Stable React keys per field position, so moving a field keeps its inputs (and focus).
  const [keys, setKeys] = useState<number[]>(() => value.fields.map(keyFor));
  const fromText = useRef<RawSchema | null>(null);
  const nameInputs = useRef(new Map<number, HTMLInputElement>());
  const cards = useRef<HTMLDivElement>(null);
  const addTypeId = useId();
  const jsonId = useId();

  // Outside changes (visual edits, a project loading) rewrite the JSON; our own parse does not.
  useEffect(() => {
    if (fromText.current === value) return;
    setText(toJson(value));
    setJsonError(null);
  }, [value]);
  if (keys.length !== value.fields.length) setKeys(value.fields.map(keyFor));

  const grouped = useMemo(() => groupErrors(errors), [errors]);
  const setFields = (fields: RawField[], nextKeys: number[]) => {
    setKeys(nextKeys);
    onChange({ ...value, fields });
  };
  const focusAfter = (fn: () => HTMLElement | null | undefined) => requestAnimationFrame(() => fn()?.focus());

  const add = () => {
    const f = newField(addType, value.fields);
    const k = keyFor();
    setFields([...value.fields, f], [...keys, k]);
    focusAfter(() => nameInputs.current.get(k));
  };
  const remove = (i: number) => {
    setFields(
      value.fields.filter((_, j) => j !== i),
      keys.filter((_, j) => j !== i),
    );
    focusAfter(() => {
      const left = cards.current?.querySelectorAll<HTMLElement>('.sf');
      if (!left?.length) return document.getElementById(addTypeId);
      return left[Math.min(i, left.length - 1)].querySelector<HTMLElement>('input');
    });
  };
  const reorder = (i: number, by: number) => {
    const k = keys[i];
    setFields(move(value.fields, i, by), move(keys, i, by));
    // Keep the keyboard on the same button of the moved card (or its twin when at an end).
    focusAfter(() => {
      const card = cards.current?.querySelector<HTMLElement>(`[data-key="${k}"]`);
      const want = card?.querySelector<HTMLButtonElement>(`[data-move="${by < 0 ? 'up' : 'down'}"]`);
      return want && !want.disabled ? want : card?.querySelector<HTMLButtonElement>(`[data-move="${by < 0 ? 'down' : 'up'}"]`);
    });
  };
  const onText = (t: string) => {
    setText(t);
    const read = readJson(t);
    if (!read.ok) {
      setJsonError(read.message);
      return;
    }
    setJsonError(null);
    fromText.current = read.schema;
    onChange(read.schema);
  };

  const schemaLevel = grouped.get(null) ?? [];
  return (
    <div className="schema-editor" data-testid="schema-editor">
      <div className="schema-editor__visual">
        <div className="row schema-editor__bar">
          <h3 className="schema-editor__h">Fields</h3>
          <Badge>{value.fields.length}</Badge>
          <span className="spacer" />
          <label className="field__label" htmlFor={addTypeId}>
            New field type
          </label>
          <select id={addTypeId} className="select schema-editor__type" value={addType} onChange={(e) => setAddType(e.target.value as FieldType)} data-testid="add-field-type">
            {FIELD_TYPES.map((t) => (
              <option key={t} value={t} title={TYPE_HELP[t]}>
                {t}
              </option>
            ))}
          </select>
          <Button onClick={add} data-testid="add-field">
            + Add field
          </Button>
        </div>
        {jsonError && (
          <Alert tone="warning" data-testid="json-stale">
            The JSON has a problem, so the cards show the last valid version: {jsonError}
          </Alert>
        )}
        {schemaLevel.length > 0 && (
          <Alert tone="danger">
            {schemaLevel.map((e, i) => (
              <div key={i}>{e.message}</div>
            ))}
          </Alert>
        )}
        <div className="stack" ref={cards}>
          {value.fields.map((f, i) => (
            <div key={keys[i]} data-key={keys[i]}>
              <FieldCard
                field={f}
                index={i}
                count={value.fields.length}
                errors={grouped.get(i)}
                onChange={(next) => setFields(value.fields.map((x, j) => (j === i ? next : x)), keys)}
                onMove={(by) => reorder(i, by)}
                onRemove={() => remove(i)}
                nameRef={(el) => {
                  if (el) nameInputs.current.set(keys[i], el);
                  else nameInputs.current.delete(keys[i]);
                }}
              />
            </div>
          ))}
        </div>
        {value.fields.length === 0 && <p className="muted">No fields yet. Pick a type above and add one.</p>}
      </div>

      <div className="schema-editor__json">
        <label className="field__label" htmlFor={jsonId}>
          Schema JSON
        </label>
        <textarea
          id={jsonId}
          className="textarea mono schema-editor__text"
          value={text}
          spellCheck={false}
          aria-invalid={jsonError || errors.length ? true : undefined}
          aria-describedby={`${jsonId}-status`}
          data-testid="schema-json"
          onChange={(e) => onText(e.target.value)}
        />
        <div id={`${jsonId}-status`} className="schema-editor__status" aria-live="polite" data-testid="schema-status">
          {jsonError ? (
            <p className="field__error">{jsonError}</p>
          ) : errors.length === 0 ? (
            <Badge tone="success">✓ Valid schema · {value.fields.length} field{value.fields.length === 1 ? '' : 's'}</Badge>
          ) : (
            <>
              <Badge tone="danger">
                {errors.length} problem{errors.length === 1 ? '' : 's'}
              </Badge>
              <ul className="schema-editor__errors" data-testid="schema-errors">
                {errors.map((e, i) => (
                  <li key={i}>
                    <code>{e.path || '(schema)'}</code> {e.message}
                  </li>
                ))}
              </ul>
            </>
          )}
        </div>
      </div>
    </div>
  );
}
