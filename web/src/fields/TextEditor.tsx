import { textLength, type TextField } from '../../../core/schema/index.ts';
import { Kbd } from '../ui/index.ts';
import { useFieldKeys } from './key-router.ts';
import { SourceText } from './SourceText.tsx';
import type { FieldEditorProps } from './types.ts';

/** Free text with a live length counter (code points, as core/schema counts them). */
export function TextEditor({ field, value, onChange, taskData, ids, invalid }: FieldEditorProps<TextField>) {
  const text = typeof value === 'string' ? value : '';
  const n = textLength(text);
  const over = field.max !== undefined && n > field.max;
  const under = field.min !== undefined && n < field.min;
  // Typing goes to the textarea itself; no field shortcuts while it has focus.
  useFieldKeys(field.name, () => false);
  return (
    <>
      {field.source !== undefined && <SourceText data={taskData} source={field.source} />}
      <label className="visually-hidden" htmlFor={`${field.name}-input`}>
        {field.title ?? field.name}
      </label>
      <textarea
        id={`${field.name}-input`}
        className="textarea"
        value={text}
        onChange={(e) => onChange(e.target.value)}
        aria-describedby={`${ids.hintId} ${field.name}-count ${ids.errorId}`}
        aria-invalid={invalid || undefined}
        rows={4}
        data-focus-target
      />
      <div className="text-counter" id={`${field.name}-count`} aria-live="polite" data-testid={`count-${field.name}`}>
        <span className={over || (under && n > 0) ? 'text-counter--bad' : undefined}>
          {n}
          {field.max !== undefined ? ` / ${field.max}` : ''} characters
        </span>
        {field.min !== undefined && <span className="muted"> · at least {field.min}</span>}
      </div>
    </>
  );
}

export function textHints() {
  return (
    <>
      Type your answer; <Kbd>Tab</Kbd> leaves the box, <Kbd>Ctrl</Kbd>+<Kbd>Enter</Kbd> submits.
    </>
  );
}
