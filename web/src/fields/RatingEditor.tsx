import type { RatingField } from '../../../core/schema/index.ts';
import { Kbd } from '../ui/index.ts';
import { plain } from './keys.ts';
import { useFieldKeys } from './key-router.ts';
import { SourceText } from './SourceText.tsx';
import type { FieldEditorProps } from './types.ts';

/** The digit key for a scale point: "1".."9", and "0" for 10 (or for 0 on a scale that starts at 0). */
export function ratingKey(field: RatingField, n: number): string | null {
  if (n >= 0 && n <= 9) return String(n);
  if (n === 10 && field.min > 0) return '0';
  return null;
}

/**
 * A rating on `min..max`. Keys: the point's digit (0 is 10), ←/→ step, Home/End jump to the ends.
 */
export function RatingEditor({ field, value, onChange, taskData, ids }: FieldEditorProps<RatingField>) {
  const points = Array.from({ length: field.max - field.min + 1 }, (_, i) => field.min + i);
  const current = typeof value === 'number' ? value : null;

  useFieldKeys(field.name, (e) => {
    if (!plain(e)) return false;
    const byKey = points.find((p) => ratingKey(field, p) === e.key);
    if (byKey !== undefined) {
      onChange(byKey);
      return true;
    }
    switch (e.key) {
      case 'ArrowRight':
      case 'ArrowUp':
        onChange(current === null ? field.min : Math.min(field.max, current + 1));
        return true;
      case 'ArrowLeft':
      case 'ArrowDown':
        onChange(current === null ? field.max : Math.max(field.min, current - 1));
        return true;
      case 'Home':
        onChange(field.min);
        return true;
      case 'End':
        onChange(field.max);
        return true;
      default:
        return false;
    }
  });

  return (
    <>
      {field.source !== undefined && <SourceText data={taskData} source={field.source} />}
      <div
        className="rating"
        role="radiogroup"
        aria-labelledby={ids.titleId}
        aria-describedby={ids.hintId}
        tabIndex={0}
        data-focus-target
      >
        {points.map((p) => {
          const key = ratingKey(field, p);
          return (
            <button
              key={p}
              type="button"
              role="radio"
              tabIndex={-1}
              aria-checked={current === p}
              aria-label={`${p}${key && key !== String(p) ? ` (key ${key})` : ''}`}
              className={['rating__point', current === p && 'is-on', current !== null && p <= current && 'is-filled'].filter(Boolean).join(' ')}
              onClick={() => onChange(p)}
            >
              {p}
            </button>
          );
        })}
        <span className="rating__value muted" aria-live="polite">
          {current === null ? 'not rated' : `${current} of ${field.max}`}
        </span>
      </div>
    </>
  );
}

export function ratingHints() {
  return (
    <>
      Press <Kbd>1</Kbd>…<Kbd>9</Kbd> (<Kbd>0</Kbd> is 10), or <Kbd>←</Kbd>
      <Kbd>→</Kbd> to step.
    </>
  );
}
