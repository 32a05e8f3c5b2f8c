import type { PairwiseField, PairwiseValue } from '../../../core/schema/index.ts';
import { pairOf } from '../../../core/export/task-data.ts';
import { Kbd } from '../ui/index.ts';
import { plain } from './keys.ts';
import { useFieldKeys } from './key-router.ts';
import { DataValue } from './SourceText.tsx';
import type { FieldEditorProps } from './types.ts';

const STRENGTH = { 1: 'slightly', 2: 'clearly', 3: 'much' } as const;

/**
 * A vs B, side by side. Keys: A or B chooses, 1-3 sets how strongly (when the field
 * asks), T is a tie (when allowed).
 */
export function PairwiseEditor({ field, value, onChange, taskData, ids }: FieldEditorProps<PairwiseField>) {
  const v = (value as PairwiseValue | null) ?? null;
  const { a, b, prompt } = pairOf(field, taskData);

  const choose = (choice: PairwiseValue['choice']) => {
    if (choice === 'tie') return onChange({ choice });
    const next: PairwiseValue = { choice };
    if (field.strength) next.strength = v && v.choice !== 'tie' && v.strength ? v.strength : 2;
    onChange(next);
  };
  const setStrength = (s: 1 | 2 | 3) => {
    if (!field.strength || !v || v.choice === 'tie') return false;
    onChange({ choice: v.choice, strength: s });
    return true;
  };

  useFieldKeys(field.name, (e) => {
    if (!plain(e)) return false;
    const k = e.key.toLowerCase();
    if (k === 'a' || k === 'arrowleft') return choose('A'), true;
    if (k === 'b' || k === 'arrowright') return choose('B'), true;
    if (k === 't' && field.allowTie) return choose('tie'), true;
    if (field.strength && (k === '1' || k === '2' || k === '3')) return setStrength(Number(k) as 1 | 2 | 3);
    return false;
  });

  const side = (which: 'A' | 'B', content: unknown) => (
    <button
      type="button"
      tabIndex={-1}
      role="radio"
      aria-checked={v?.choice === which}
      className={['pairwise__side', v?.choice === which && 'is-on'].filter(Boolean).join(' ')}
      onClick={() => choose(which)}
      data-side={which}
    >
      <span className="pairwise__label">
        <Kbd>{which}</Kbd> Response {which}
      </span>
      <DataValue value={content} label={`response ${which}`} />
    </button>
  );

  return (
    <div className="pairwise" role="radiogroup" aria-labelledby={ids.titleId} aria-describedby={ids.hintId} tabIndex={0} data-focus-target>
      {prompt !== undefined && (
        <div className="pairwise__prompt">
          <DataValue value={prompt} label="prompt" />
        </div>
      )}
      <div className="pairwise__sides">
        {side('A', a)}
        {side('B', b)}
      </div>
      <div className="row pairwise__controls">
        {field.allowTie && (
          <button type="button" tabIndex={-1} className={['btn btn--sm', v?.choice === 'tie' && 'is-on'].filter(Boolean).join(' ')} aria-pressed={v?.choice === 'tie'} onClick={() => choose('tie')}>
            <Kbd>T</Kbd> Tie
          </button>
        )}
        {field.strength && (
          <span className="row" role="group" aria-label="Strength">
            <span className="muted">How much better:</span>
            {([1, 2, 3] as const).map((s) => (
              <button
                key={s}
                type="button"
                tabIndex={-1}
                className="btn btn--sm"
                aria-pressed={v !== null && v.choice !== 'tie' && v.strength === s}
                disabled={!v || v.choice === 'tie'}
                onClick={() => setStrength(s)}
              >
                <Kbd>{s}</Kbd> {STRENGTH[s]}
              </button>
            ))}
          </span>
        )}
        <span className="muted" aria-live="polite" data-testid={`pairwise-summary-${field.name}`}>
          {v === null ? 'No choice yet' : v.choice === 'tie' ? 'Tie' : `${v.choice} is better${v.strength ? ` (${STRENGTH[v.strength]})` : ''}`}
        </span>
      </div>
    </div>
  );
}

export function pairwiseHints(field: PairwiseField) {
  return (
    <>
      <Kbd>A</Kbd> or <Kbd>B</Kbd> picks the better response
      {field.strength && (
        <>
          , <Kbd>1</Kbd>–<Kbd>3</Kbd> how much better
        </>
      )}
      {field.allowTie && (
        <>
          , <Kbd>T</Kbd> for a tie
        </>
      )}
      .
    </>
  );
}
