import { useEffect, useId, useState, type ReactNode } from 'react';
import type { SchemaError } from '../../../core/schema/index.ts';

/**
 * Small labelled controls for the schema editor. Each binds to one property of the
 * raw field: an empty text or number box removes the property instead of sending "".
 */

interface BaseProps {
  label: ReactNode;
  hint?: ReactNode;
  error?: string;
  testId?: string;
}

function Described({ id, hint, error }: { id: string; hint?: ReactNode; error?: string }) {
  return (
    <>
      {hint && (
        <span className="field__hint" id={`${id}-hint`}>
          {hint}
        </span>
      )}
      {error && (
        <span className="field__error" id={`${id}-err`}>
          {error}
        </span>
      )}
    </>
  );
}

function describedBy(id: string, hint?: ReactNode, error?: string): string | undefined {
  return [hint ? `${id}-hint` : '', error ? `${id}-err` : ''].filter(Boolean).join(' ') || undefined;
}

/** A text property; '' removes it (unless `keepEmpty`). */
export function TextProp({
  label,
  hint,
  error,
  value,
  onChange,
  placeholder,
  keepEmpty,
  testId,
  inputRef,
}: BaseProps & { value: unknown; onChange: (v: string | undefined) => void; placeholder?: string; keepEmpty?: boolean; inputRef?: (el: HTMLInputElement | null) => void }) {
  const id = useId();
  return (
    <div className="sfield">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        ref={inputRef}
        className="input"
        value={typeof value === 'string' ? value : value === undefined || value === null ? '' : JSON.stringify(value)}
        placeholder={placeholder}
        spellCheck={false}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        data-testid={testId}
        onChange={(e) => onChange(e.target.value === '' && !keepEmpty ? undefined : e.target.value)}
      />
      <Described id={id} hint={hint} error={error} />
    </div>
  );
}

/** Parses a number box: '' is "unset"; text that is not a number is kept so the schema check names it. */
function parseNum(text: string): number | string | undefined {
  const t = text.trim();
  if (t === '') return undefined;
  const n = Number(t);
  return Number.isFinite(n) ? n : t;
}

/**
 * A number property. Keeps what the user typed ("1.", "-") while it is being typed and
 * sends the parsed number; follows outside changes (e.g. from the JSON view).
 */
export function NumberProp({ label, hint, error, value, onChange, placeholder, testId }: BaseProps & { value: unknown; onChange: (v: number | string | undefined) => void; placeholder?: string }) {
  const id = useId();
  const shown = value === undefined || value === null ? '' : String(value);
  const [text, setText] = useState(shown);
  useEffect(() => {
    if (parseNum(text) !== value && !(value === undefined && text.trim() === '')) setText(shown);
  }, [shown]);
  return (
    <div className="sfield sfield--num">
      <label className="field__label" htmlFor={id}>
        {label}
      </label>
      <input
        id={id}
        className="input"
        inputMode="decimal"
        value={text}
        placeholder={placeholder}
        aria-invalid={error ? true : undefined}
        aria-describedby={describedBy(id, hint, error)}
        data-testid={testId}
        onChange={(e) => {
          setText(e.target.value);
          onChange(parseNum(e.target.value));
        }}
      />
      <Described id={id} hint={hint} error={error} />
    </div>
  );
}

/** A boolean property as a checkbox; `defaultValue` is what the schema assumes when unset. */
export function CheckProp({ label, hint, error, value, defaultValue, onChange, testId }: BaseProps & { value: unknown; defaultValue: boolean; onChange: (v: boolean | undefined) => void }) {
  const id = useId();
  const checked = typeof value === 'boolean' ? value : defaultValue;
  return (
    <div className="sfield sfield--check">
      <label className="check" htmlFor={id}>
        <input
          id={id}
          type="checkbox"
          checked={checked}
          aria-invalid={error ? true : undefined}
          aria-describedby={describedBy(id, hint, error)}
          data-testid={testId}
          onChange={(e) => onChange(e.target.checked === defaultValue ? undefined : e.target.checked)}
        />
        <span>{label}</span>
      </label>
      <Described id={id} hint={hint} error={error} />
    </div>
  );
}

/** Drops the `field "x": ` lead core/schema puts on messages; the card already names the field. */
export function shortMessage(message: string): string {
  return message.replace(/^(field "[^"]*"|fields\[\d+\]):? /, '');
}

/** Hands out errors by in-field path and remembers which were shown inline. */
export function errorTaker(list: readonly (SchemaError & { sub: string })[] | undefined) {
  const used = new Set<SchemaError>();
  return {
    at(sub: string, prefix = false): string | undefined {
      const hits = (list ?? []).filter((e) => e.sub === sub || (prefix && (e.sub.startsWith(`${sub}[`) || e.sub.startsWith(`${sub}.`))));
      for (const h of hits) used.add(h);
      return hits.length ? hits.map((h) => shortMessage(h.message)).join('; ') : undefined;
    },
    /** Errors not shown next to a control. */
    rest(): (SchemaError & { sub: string })[] {
      return (list ?? []).filter((e) => !used.has(e));
    },
  };
}
