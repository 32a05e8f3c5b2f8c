import type { LabelField } from '../../../core/schema/index.ts';
import type { FieldAgreement } from '../api/manager.ts';
import { formatInt, formatScore } from '../pages/manager/format.ts';

function score(a: FieldAgreement): number | null {
  return 'alpha' in a ? a.alpha : a.meanAgreement;
}

function color(v: number | null): string {
  if (v === null) return 'var(--chart-5)';
  return v >= 0.8 ? 'var(--chart-2)' : v >= 0.667 ? 'var(--chart-3)' : 'var(--color-danger)';
}

/**
 * Agreement per field as horizontal bars: Krippendorff's alpha where it applies
 * (choice, pairwise: nominal; rating, number: interval), else the mean per-task
 * agreement. 0.8 and 0.667 are Krippendorff's usual "reliable" and "tentative" bars.
 */
export function AgreementChart({ agreement, fields }: { agreement: Record<string, FieldAgreement> | undefined; fields: readonly LabelField[] }) {
  const names = fields.length ? fields.map((f) => f.name) : Object.keys(agreement ?? {});
  if (names.length === 0) return <p className="muted">No fields.</p>;
  return (
    <ul className="hbars" data-testid="agreement-chart">
      {names.map((name) => {
        const a = agreement?.[name];
        const v = a ? score(a) : null;
        const width = v === null ? 0 : Math.max(0, Math.min(1, v)) * 100;
        const what = a ? ('alpha' in a ? `α ${a.level}` : 'mean agreement') : '';
        return (
          <li key={name} className="hbar" data-field={name}>
            <span className="hbar__name" title={name}>
              {name}
            </span>
            <span className="hbar__track" role="img" aria-label={`${name}: ${v === null ? 'not enough data' : formatScore(v)}`}>
              {a ? <span className="hbar__fill" style={{ width: `${width}%`, background: color(v) }} /> : <span className="skeleton skeleton--block" style={{ minHeight: 14 }} />}
            </span>
            <span className="hbar__value" title={a ? `${what} over ${formatInt(a.units)} tasks` : undefined}>
              {a ? (v === null ? 'n/a' : formatScore(v)) : ''}
              {a && (
                <span className="muted" style={{ display: 'block', fontSize: 'var(--text-xs)' }}>
                  {a.units === 0 ? 'needs 2+ answers per task' : `${what}, ${formatInt(a.units)} tasks`}
                </span>
              )}
            </span>
          </li>
        );
      })}
    </ul>
  );
}
