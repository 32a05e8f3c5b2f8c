import { Fragment, useRef } from 'react';
import { Button } from '../ui/index.ts';
import { effectiveHotkeys, fromItems, move, toItems, type ListItem } from './draft.ts';

export interface ItemsEditorProps {
  /** `options` (choice) or `labels` (spans, boxes, polygons; these also take a color). */
  kind: 'options' | 'labels';
  fieldName: string;
  value: unknown;
  onChange: (list: (string | Record<string, unknown>)[]) => void;
  /** Error text for an in-list path such as `[2].hotkey`, or undefined. */
  errorAt: (sub: string) => string | undefined;
}

/**
 * The options of a choice field or the labels of a region field: value, display
 * label, hotkey (and color for labels). A hotkey left empty shows the default it will
 * get (1..9, 0) when no item in the list sets one.
 */
export function ItemsEditor({ kind, fieldName, value, onChange, errorAt }: ItemsEditorProps) {
  const items = toItems(value);
  const hotkeys = effectiveHotkeys(items);
  const noun = kind === 'options' ? 'option' : 'label';
  const tableRef = useRef<HTMLTableElement>(null);
  const set = (next: ListItem[]) => onChange(fromItems(next));
  const edit = (i: number, patch: Partial<ListItem>) => set(items.map((it, j) => (j === i ? { ...it, ...patch } : it)));
  const focusRow = (i: number, col = 0) =>
    requestAnimationFrame(() => tableRef.current?.querySelectorAll<HTMLElement>('tbody tr[data-item]')[i]?.querySelectorAll<HTMLElement>('input, button')[col]?.focus());
  const add = () => {
    const taken = new Set(items.map((it) => it.value));
    let n = items.length + 1;
    while (taken.has(`${noun}_${n}`)) n++;
    set([...items, { value: `${noun}_${n}` }]);
    focusRow(items.length);
  };
  const listError = errorAt('');

  return (
    <div className="items" data-testid={`items-${fieldName}`}>
      <table className="items__table" ref={tableRef}>
        <caption className="items__caption">
          {kind === 'options' ? 'Options' : 'Labels'}
          {listError && <span className="field__error"> — {listError}</span>}
        </caption>
        <thead>
          <tr>
            <th scope="col">Value (stored)</th>
            <th scope="col">Shown as</th>
            <th scope="col">Hotkey</th>
            {kind === 'labels' && <th scope="col">Color</th>}
            <th scope="col">
              <span className="visually-hidden">Actions</span>
            </th>
          </tr>
        </thead>
        <tbody>
          {items.map((it, i) => {
            const errValue = errorAt(`[${i}]`) ?? errorAt(`[${i}].value`);
            const errLabel = errorAt(`[${i}].label`);
            const errHotkey = errorAt(`[${i}].hotkey`);
            const errColor = errorAt(`[${i}].color`);
            const rowErrors = [errValue, errLabel, errHotkey, errColor].filter(Boolean);
            const which = `${noun} ${i + 1} of ${fieldName}`;
            return (
              <Fragment key={i}>
              <tr data-item={i} className={rowErrors.length ? 'is-invalid' : undefined}>
                <td>
                  <input className="input" aria-label={`Value of ${which}`} value={it.value} spellCheck={false} aria-invalid={errValue ? true : undefined} onChange={(e) => edit(i, { value: e.target.value })} />
                </td>
                <td>
                  <input className="input" aria-label={`Display label of ${which}`} value={it.label ?? ''} placeholder={it.value} aria-invalid={errLabel ? true : undefined} onChange={(e) => edit(i, { label: e.target.value || undefined })} />
                </td>
                <td>
                  <input
                    className="input items__hotkey"
                    aria-label={`Hotkey of ${which}`}
                    value={it.hotkey ?? ''}
                    placeholder={it.hotkey ? undefined : (hotkeys[i] ?? 'none')}
                    maxLength={20}
                    spellCheck={false}
                    aria-invalid={errHotkey ? true : undefined}
                    onChange={(e) => edit(i, { hotkey: e.target.value || undefined })}
                  />
                </td>
                {kind === 'labels' && (
                  <td>
                    <span className="items__color">
                      <span className="items__swatch" style={{ background: it.color || 'transparent' }} aria-hidden="true" />
                      <input className="input" aria-label={`Color of ${which}`} value={it.color ?? ''} placeholder="auto" spellCheck={false} aria-invalid={errColor ? true : undefined} onChange={(e) => edit(i, { color: e.target.value || undefined })} />
                    </span>
                  </td>
                )}
                <td className="items__actions">
                  <Button size="sm" variant="ghost" aria-label={`Move ${which} up`} disabled={i === 0} onClick={() => { set(move(items, i, -1)); focusRow(i - 1, kind === 'labels' ? 4 : 3); }}>
                    ↑
                  </Button>
                  <Button size="sm" variant="ghost" aria-label={`Move ${which} down`} disabled={i === items.length - 1} onClick={() => { set(move(items, i, 1)); focusRow(i + 1, kind === 'labels' ? 5 : 4); }}>
                    ↓
                  </Button>
                  <Button size="sm" variant="ghost" aria-label={`Remove ${which}`} onClick={() => { set(items.filter((_, j) => j !== i)); focusRow(Math.max(0, i - 1)); }}>
                    ✕
                  </Button>
                </td>
              </tr>
              {rowErrors.length > 0 && (
                <tr className="items__error-row">
                  <td colSpan={kind === 'labels' ? 5 : 4} className="field__error">
                    {rowErrors.join('; ')}
                  </td>
                </tr>
              )}
              </Fragment>
            );
          })}
        </tbody>
      </table>
      <Button size="sm" onClick={add} data-testid={`add-item-${fieldName}`}>
        + Add {noun}
      </Button>
    </div>
  );
}
