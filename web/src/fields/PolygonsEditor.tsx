import { useRef, useState, type CSSProperties, type PointerEvent as RPointerEvent } from 'react';
import type { Polygon, PolygonsField } from '../../../core/schema/index.ts';
import { Kbd } from '../ui/index.ts';
import { LabelBar } from './BoxesEditor.tsx';
import { ImageStage, useImageSize, useImageView, useSpacePan, viewKeys } from './ImageStage.tsx';
import { matchesHotkey } from './keys.ts';
import { useFieldKeys } from './key-router.ts';
import { labelColor } from './palette.ts';
import { clamp, regularPolygon, round, scalePoints, translatePoints, type Size } from './regions-geometry.ts';
import type { FieldEditorProps } from './types.ts';

type Drag = { kind: 'move'; index: number; x: number; y: number; orig: [number, number][] } | { kind: 'vertex'; index: number; vertex: number };

const pointsAttr = (pts: [number, number][]) => pts.map((p) => p.join(',')).join(' ');
const clampPoint = (x: number, y: number, size: Size): [number, number] => [round(clamp(x, 0, size.width)), round(clamp(y, 0, size.height))];

/**
 * Polygons over an image, in image pixels. Mouse: click to add points, click the first
 * point (or double-click, or Enter) to close, drag a polygon to move it, drag a vertex.
 * Keyboard: P adds a hexagon at the centre of the view; arrows move the selection
 * (Shift+arrows resize); V steps through vertices, then arrows move the vertex and
 * Insert adds one after it; label keys relabel; [ ] select; Delete removes.
 */
export function PolygonsEditor({ field, value, onChange, taskData, ids }: FieldEditorProps<PolygonsField>) {
  const url = typeof taskData[field.source] === 'string' ? (taskData[field.source] as string) : '';
  const { size, error } = useImageSize(url);
  const viewApi = useImageView(size);
  const polys = (Array.isArray(value) ? value : []) as Polygon[];
  const [selected, setSelected] = useState<number | null>(null);
  const [vertex, setVertex] = useState<number | null>(null);
  const [label, setLabel] = useState(field.labels[0].value);
  const [draft, setDraft] = useState<[number, number][]>([]);
  const [hover, setHover] = useState<[number, number] | null>(null);
  const [panning, onSpace] = useSpacePan();
  const drag = useRef<Drag | null>(null);
  const colors = (l: string) => labelColor(field.labels, l);
  const { view, scale, toImage } = viewApi;

  const setPoly = (i: number, p: Polygon) => onChange(polys.map((o, k) => (k === i ? p : o)));
  const select = (i: number | null) => {
    setSelected(i);
    setVertex(null);
  };
  const closeDraft = () => {
    if (draft.length < 3) return;
    onChange([...polys, { points: draft, label }]);
    setDraft([]);
    select(polys.length);
  };
  const remove = (i: number) => {
    onChange(polys.filter((_, k) => k !== i));
    select(null);
  };
  const relabel = (l: string) => {
    setLabel(l);
    if (selected !== null && polys[selected]) setPoly(selected, { ...polys[selected], label: l });
  };

  useFieldKeys(field.name, (e) => {
    if (onSpace(e)) return true;
    const byKey = field.labels.find((l) => matchesHotkey(e, l.hotkey));
    if (byKey) return relabel(byKey.value), true;
    if (e.ctrlKey || e.metaKey || !size) return false;
    const sel = selected !== null ? polys[selected] : undefined;
    if (sel && e.key.startsWith('Arrow')) {
      const step = Math.max(1, (e.altKey ? 0.005 : 0.02) * view.w);
      const dx = e.key === 'ArrowRight' ? step : e.key === 'ArrowLeft' ? -step : 0;
      const dy = e.key === 'ArrowDown' ? step : e.key === 'ArrowUp' ? -step : 0;
      if (vertex !== null) {
        const pts = sel.points.map((p, k): [number, number] => (k === vertex ? clampPoint(p[0] + dx, p[1] + dy, size) : p));
        setPoly(selected!, { ...sel, points: pts });
      } else if (e.shiftKey) setPoly(selected!, { ...sel, points: scalePoints(sel.points, dx, dy, size) });
      else setPoly(selected!, { ...sel, points: translatePoints(sel.points, dx, dy, size) });
      return true;
    }
    if (viewKeys(e, viewApi, !sel)) return true;
    if (e.altKey) return false;
    switch (e.key) {
      case 'p':
      case 'P': {
        const r = Math.max(3, Math.min(view.w, view.h) * 0.12);
        const cx = clamp(view.x + view.w / 2, r, size.width - r);
        const cy = clamp(view.y + view.h / 2, r, size.height - r);
        onChange([...polys, { points: regularPolygon(cx, cy, r), label }]);
        select(polys.length);
        return true;
      }
      case 'v':
      case 'V':
        if (sel) setVertex((v) => (v === null ? 0 : (v + (e.shiftKey ? -1 : 1) + sel.points.length) % sel.points.length));
        return true;
      case 'Insert':
        if (sel && vertex !== null) {
          const a = sel.points[vertex];
          const b = sel.points[(vertex + 1) % sel.points.length];
          const pts = [...sel.points];
          pts.splice(vertex + 1, 0, [round((a[0] + b[0]) / 2), round((a[1] + b[1]) / 2)]);
          setPoly(selected!, { ...sel, points: pts });
          setVertex(vertex + 1);
        }
        return true;
      case 'Enter':
        if (draft.length >= 3) closeDraft();
        return draft.length > 0;
      case 'Delete':
      case 'Backspace':
        if (draft.length) setDraft(draft.slice(0, -1));
        else if (sel && vertex !== null && sel.points.length > 3) {
          setPoly(selected!, { ...sel, points: sel.points.filter((_, k) => k !== vertex) });
          setVertex(null);
        } else if (selected !== null) remove(selected);
        return true;
      case 'Escape':
        if (draft.length) setDraft([]);
        else if (vertex !== null) setVertex(null);
        else if (selected !== null) select(null);
        else return false;
        return true;
      case ']':
      case '[':
        if (polys.length) {
          const n = polys.length;
          select(selected === null ? (e.key === ']' ? 0 : n - 1) : (selected + (e.key === ']' ? 1 : -1) + n) % n);
        }
        return true;
    }
    return false;
  });

  const onPointerDown = (e: RPointerEvent<SVGSVGElement>) => {
    if (e.button !== 0 || !size) return;
    const p = toImage(e.clientX, e.clientY);
    const t = e.target as SVGElement;
    const index = t.dataset.index !== undefined ? Number(t.dataset.index) : null;
    if (draft.length === 0 && index !== null) {
      e.currentTarget.setPointerCapture(e.pointerId);
      if (t.dataset.vertex !== undefined) {
        const v = Number(t.dataset.vertex);
        setSelected(index);
        setVertex(v);
        drag.current = { kind: 'vertex', index, vertex: v };
      } else {
        select(index);
        drag.current = { kind: 'move', index, x: p.x, y: p.y, orig: polys[index].points };
      }
      return;
    }
    if (draft.length >= 3) {
      const [fx, fy] = draft[0];
      if (Math.hypot(fx - p.x, fy - p.y) < 8 * scale) return closeDraft();
    }
    select(null);
    setDraft([...draft, clampPoint(p.x, p.y, size)]);
  };
  const onPointerMove = (e: RPointerEvent<SVGSVGElement>) => {
    if (!size) return;
    const p = toImage(e.clientX, e.clientY);
    const d = drag.current;
    if (!d) {
      if (draft.length) setHover([p.x, p.y]);
      return;
    }
    const poly = polys[d.index];
    if (d.kind === 'vertex') setPoly(d.index, { ...poly, points: poly.points.map((q, k) => (k === d.vertex ? clampPoint(p.x, p.y, size) : q)) });
    else setPoly(d.index, { ...poly, points: translatePoints(d.orig, p.x - d.x, p.y - d.y, size) });
  };
  const onPointerUp = () => {
    drag.current = null;
  };

  const hs = 8 * scale;
  return (
    <div className="regions">
      <LabelBar labels={field.labels} current={label} colors={colors} onPick={relabel} />
      <ImageStage
        url={url}
        size={size}
        error={error}
        viewApi={viewApi}
        panning={panning}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        onDoubleClick={closeDraft}
        labelledBy={ids.titleId}
        describedBy={ids.hintId}
        status={
          <span>
            {draft.length
              ? `Drawing: ${draft.length} points (Enter or click the first point to close)`
              : selected !== null && polys[selected]
                ? `Selected: ${polys[selected].label} polygon ${selected + 1}${vertex !== null ? `, vertex ${vertex + 1}` : ''}`
                : `${polys.length} polygons · new polygons: ${label}`}
          </span>
        }
      >
        {polys.map((poly, i) => (
          <g key={i} className={['shape', i === selected && 'is-selected'].filter(Boolean).join(' ')} style={{ '--shape': colors(poly.label) } as CSSProperties}>
            <polygon data-index={i} points={pointsAttr(poly.points)} vectorEffect="non-scaling-stroke" />
            <text x={poly.points[0][0] + 2 * scale} y={poly.points[0][1] - 4 * scale} fontSize={12 * scale}>
              {poly.label}
            </text>
            {i === selected &&
              poly.points.map((p, k) => (
                <circle key={k} className={['handle', k === vertex && 'is-vertex'].filter(Boolean).join(' ')} data-index={i} data-vertex={k} cx={p[0]} cy={p[1]} r={hs / 2} vectorEffect="non-scaling-stroke" />
              ))}
          </g>
        ))}
        {draft.length > 0 && (
          <g className="shape-draft" style={{ stroke: colors(label) }}>
            <polyline points={pointsAttr(hover ? [...draft, hover] : draft)} vectorEffect="non-scaling-stroke" />
            {draft.map((p, k) => (
              <circle key={k} cx={p[0]} cy={p[1]} r={hs / 2} vectorEffect="non-scaling-stroke" />
            ))}
          </g>
        )}
      </ImageStage>
      <ul className="regions__list" aria-label="Polygons" data-testid={`polygons-list-${field.name}`}>
        {polys.length === 0 && <li className="muted">No polygons yet.</li>}
        {polys.map((poly, i) => (
          <li key={i} className={i === selected ? 'is-focused' : undefined} data-polygon={i}>
            <button type="button" tabIndex={-1} className="btn btn--ghost btn--sm" onClick={() => select(i)}>
              <span className="swatch" style={{ background: colors(poly.label) }} aria-hidden="true" />
              <strong>{poly.label}</strong>
            </button>
            <span className="mono muted">{poly.points.length} points</span>
            <button type="button" tabIndex={-1} className="btn btn--ghost btn--sm" aria-label={`Delete ${poly.label} polygon ${i + 1}`} onClick={() => remove(i)}>
              ✕
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

export function polygonsHints() {
  return (
    <>
      Click points, <Kbd>Enter</Kbd> closes; <Kbd>P</Kbd> adds a polygon, arrows move it (<Kbd>Shift</Kbd> resizes), <Kbd>V</Kbd> steps through vertices
      (arrows move, <Kbd>Ins</Kbd> adds one), label keys relabel, <Kbd>[</Kbd>
      <Kbd>]</Kbd> select, <Kbd>Del</Kbd> deletes, <Kbd>+</Kbd>
      <Kbd>-</Kbd> zoom, <Kbd>Space</Kbd>-drag pans.
    </>
  );
}
