import { useState } from 'react';
import type { NumberField } from '../../../core/schema/index.ts';
import { Kbd } from '../ui/index.ts';
import { useFieldKeys } from './key-router.ts';
import { SourceText } from './SourceText.tsx';
import type { FieldEditorProps } from './types.ts';

/** Parses what was typed: '' -> null, a number -> number, anything else stays text (validation explains). */
export function parseNumberInput(raw: string): unknown {
  const t = raw.trim().replace(',', '.');
  if (t === '') return null;
  const n = Number(t);
  return Number.isFinite(n) && /^[-+]?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(t) ? n : raw;
}

/** A number, optionally bounded and whole. ↑/↓ step by 1 (by 0.1 with Shift on decimals). */
export function NumberEditor({ field, value, onChange, taskData, ids, invalid }: FieldEditorProps<NumberField>) {
  const [draft, setDraft] = useState(() => (value === null || value === undefined ? '' : String(value)));
  const set = (raw: string) => {
    setDraft(raw);
    onChange(parseNumberInput(raw));
  };
  useFieldKeys(field.name, (e) => {
    if (e.key !== 'ArrowUp' && e.key !== 'ArrowDown') return false;
    const step = e.shiftKey && !field.integer ? 0.1 : 1;
    const cur = typeof value === 'number' ? value : (field.min ?? 0) - (e.key === 'ArrowUp' ? step : -step);
    let next = Math.round((cur + (e.key === 'ArrowUp' ? step : -step)) * 1e6) / 1e6;
    if (field.min !== undefined) next = Math.max(field.min, next);
    if (field.max !== undefined) next = Math.min(field.max, next);
    set(String(next));
    return true;
  });
  const bounds = [field.min !== undefined && `min ${field.min}`, field.max !== undefined && `max ${field.max}`, field.integer && 'whole number'].filter(Boolean).join(', ');
  return (
    <>
      {field.source !== undefined && <SourceText data={taskData} source={field.source} />}
      <label className="visually-hidden" htmlFor={`${field.name}-input`}>
        {field.title ?? field.name}
      </label>
      <div className="row">
        <input
          id={`${field.name}-input`}
          className="input number-input"
          inputMode={field.integer ? 'numeric' : 'decimal'}
          autoComplete="off"
          value={draft}
          onChange={(e) => set(e.target.value)}
          aria-describedby={`${ids.hintId} ${ids.errorId}`}
          aria-invalid={invalid || undefined}
          data-focus-target
        />
        {bounds && <span className="muted">{bounds}</span>}
      </div>
    </>
  );
}

export function numberHints() {
  return (
    <>
      Type a number; <Kbd>↑</Kbd>
      <Kbd>↓</Kbd> step by 1.
    </>
  );
}
