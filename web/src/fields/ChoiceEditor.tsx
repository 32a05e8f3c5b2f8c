import { useState } from 'react';
import type { ChoiceField } from '../../../core/schema/index.ts';
import { Kbd } from '../ui/index.ts';
import { matchesHotkey, hotkeyLabel, plain } from './keys.ts';
import { useFieldKeys } from './key-router.ts';
import { SourceText } from './SourceText.tsx';
import type { FieldEditorProps } from './types.ts';

/**
 * Single or multiple choice. Keys: an option's hotkey picks it (toggles it for multi);
 * arrows move the highlight, Space or Enter picks the highlighted option.
 */
export function ChoiceEditor({ field, value, onChange, taskData, ids }: FieldEditorProps<ChoiceField>) {
  const [cursor, setCursor] = useState(0);
  const selected = new Set(field.multiple ? ((value as string[] | null) ?? []) : value == null ? [] : [value as string]);

  const pick = (v: string) => {
    if (!field.multiple) onChange(value === v && !field.required ? null : v);
    else {
      const list = (value as string[] | null) ?? [];
      // Keep the schema's option order so answers compare equal however they were clicked.
      const next = list.includes(v) ? list.filter((x) => x !== v) : field.options.map((o) => o.value).filter((x) => x === v || list.includes(x));
      onChange(next);
    }
  };

  useFieldKeys(field.name, (e) => {
    const byKey = field.options.findIndex((o) => matchesHotkey(e, o.hotkey));
    if (byKey >= 0) {
      setCursor(byKey);
      pick(field.options[byKey].value);
      return true;
    }
    if (!plain(e)) return false;
    const n = field.options.length;
    switch (e.key) {
      case 'ArrowDown':
      case 'ArrowRight':
        setCursor((c) => (c + 1) % n);
        return true;
      case 'ArrowUp':
      case 'ArrowLeft':
        setCursor((c) => (c - 1 + n) % n);
        return true;
      case ' ':
      case 'Enter':
        pick(field.options[Math.min(cursor, n - 1)].value);
        return true;
      default:
        return false;
    }
  });

  return (
    <>
      {field.source !== undefined && <SourceText data={taskData} source={field.source} />}
      <div
        className="choice"
        role={field.multiple ? 'group' : 'radiogroup'}
        aria-labelledby={ids.titleId}
        aria-describedby={ids.hintId}
        aria-activedescendant={`${field.name}-opt-${cursor}`}
        tabIndex={0}
        data-focus-target
      >
        {field.options.map((o, i) => {
          const on = selected.has(o.value);
          return (
            <button
              key={o.value}
              id={`${field.name}-opt-${i}`}
              type="button"
              tabIndex={-1}
              role={field.multiple ? 'checkbox' : 'radio'}
              aria-checked={on}
              className={['choice__option', on && 'is-on', i === cursor && 'is-cursor'].filter(Boolean).join(' ')}
              data-value={o.value}
              onClick={() => {
                setCursor(i);
                pick(o.value);
              }}
            >
              {o.hotkey && <Kbd>{hotkeyLabel(o.hotkey)}</Kbd>}
              <span>{o.label}</span>
              <span className="choice__mark" aria-hidden="true">
                {on ? '✓' : ''}
              </span>
            </button>
          );
        })}
      </div>
    </>
  );
}

export function choiceHints(field: ChoiceField) {
  return (
    <>
      Press an option’s key{field.multiple ? ' to toggle it' : ''}; <Kbd>↑</Kbd>
      <Kbd>↓</Kbd> and <Kbd>Space</Kbd> also work.
    </>
  );
}
