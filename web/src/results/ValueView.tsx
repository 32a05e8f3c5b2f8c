import type { Box, LabelField, NormalizedLabel, Polygon, Span } from '../../../core/schema/index.ts';
import { useImageSize } from '../fields/ImageStage.tsx';
import { labelColor } from '../fields/palette.ts';

const STRENGTH = { 1: 'slightly', 2: 'clearly', 3: 'much' } as const;

/** One field's answer (an annotation's or the result's), readable at a glance. */
export function ValueView({ field, value, data }: { field: LabelField; value: unknown; data: Record<string, unknown> }) {
  if (value === null || value === undefined || (Array.isArray(value) && value.length === 0 && field.type !== 'ranking')) {
    return <span className="value-empty">{Array.isArray(value) ? 'none' : 'no answer'}</span>;
  }
  switch (field.type) {
    case 'choice': {
      const label = (v: unknown) => field.options.find((o) => o.value === v)?.label ?? String(v);
      if (Array.isArray(value))
        return (
          <span>
            {value.map((v) => (
              <span key={String(v)} className="chip">
                {label(v)}
              </span>
            ))}
          </span>
        );
      return <strong>{label(value)}</strong>;
    }
    case 'spans':
      return <SpansView labels={field.labels} spans={value as Span[]} text={typeof data[field.source] === 'string' ? (data[field.source] as string) : ''} />;
    case 'boxes':
    case 'polygons':
      return <ShapesView labels={field.labels} image={typeof data[field.source] === 'string' ? (data[field.source] as string) : null} shapes={value as (Box | Polygon)[]} kind={field.type} />;
    case 'rating':
      return (
        <span>
          <strong>{String(value)}</strong>
          <span className="muted">
            {' '}
            / {field.max}
          </span>
        </span>
      );
    case 'pairwise': {
      const v = value as { choice?: string; strength?: 1 | 2 | 3 };
      return (
        <span>
          <strong>{v.choice === 'tie' ? 'Tie' : `${v.choice ?? '?'} better`}</strong>
          {v.strength && <span className="muted"> ({STRENGTH[v.strength] ?? v.strength})</span>}
        </span>
      );
    }
    case 'ranking': {
      const list = field.source && Array.isArray(data[field.source]) ? (data[field.source] as unknown[]) : null;
      return (
        <ol className="value-list">
          {(value as number[]).map((i) => (
            <li key={i}>{list && list[i] !== undefined ? short(list[i]) : `candidate ${i}`}</li>
          ))}
        </ol>
      );
    }
    case 'text':
      return <span style={{ whiteSpace: 'pre-wrap' }}>{String(value)}</span>;
    case 'number':
      return <strong>{String(value)}</strong>;
    default:
      return <code>{JSON.stringify(value)}</code>;
  }
}

function short(v: unknown): string {
  const s = typeof v === 'string' ? v : JSON.stringify(v);
  return s.length > 80 ? `${s.slice(0, 80)}…` : s;
}

function SpansView({ labels, spans, text }: { labels: readonly NormalizedLabel[]; spans: Span[]; text: string }) {
  return (
    <span>
      {spans.map((s, i) => (
        <span key={i} className="chip" title={`${s.start}–${s.end}`}>
          <i style={{ background: labelColor(labels, s.label) }} aria-hidden="true" />“{s.text ?? text.slice(s.start, s.end)}” {s.label}
        </span>
      ))}
    </span>
  );
}

/** Boxes or polygons drawn over a small copy of the image, plus a count per label. */
function ShapesView({ labels, image, shapes, kind }: { labels: readonly NormalizedLabel[]; image: string | null; shapes: (Box | Polygon)[]; kind: 'boxes' | 'polygons' }) {
  const { size } = useImageSize(image ?? '');
  const counts = new Map<string, number>();
  for (const s of shapes) counts.set(s.label, (counts.get(s.label) ?? 0) + 1);
  const w = size?.width ?? 1000;
  const h = size?.height ?? 750;
  const stroke = Math.max(2, w / 200);
  return (
    <div>
      {image && size && (
        <svg className="shape-preview" viewBox={`0 0 ${w} ${h}`} role="img" aria-label={`${shapes.length} ${kind === 'boxes' ? 'boxes' : 'polygons'}`}>
          <image href={image} width={w} height={h} />
          {shapes.map((s, i) =>
            'points' in s ? (
              <polygon key={i} points={s.points.map((p) => p.join(',')).join(' ')} fill="none" stroke={labelColor(labels, s.label)} strokeWidth={stroke} />
            ) : (
              <rect key={i} x={s.x} y={s.y} width={s.width} height={s.height} fill="none" stroke={labelColor(labels, s.label)} strokeWidth={stroke} />
            ),
          )}
        </svg>
      )}
      <span>
        {[...counts].map(([label, n]) => (
          <span key={label} className="chip">
            <i style={{ background: labelColor(labels, label) }} aria-hidden="true" />
            {n} × {label}
          </span>
        ))}
      </span>
    </div>
  );
}
