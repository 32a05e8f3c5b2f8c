import { useRef, useState, type CSSProperties, type PointerEvent as RPointerEvent } from 'react';
import type { Box, BoxesField } from '../../../core/schema/index.ts';
import { Kbd } from '../ui/index.ts';
import { ImageStage, useImageSize, useImageView, useSpacePan, viewKeys } from './ImageStage.tsx';
import { hotkeyLabel, matchesHotkey } from './keys.ts';
import { useFieldKeys } from './key-router.ts';
import { labelColor } from './palette.ts';
import { HANDLES, handlePoint, normalizeBox, resizeBox, round, type Handle } from './regions-geometry.ts';
import type { FieldEditorProps } from './types.ts';

type Drag =
  | { kind: 'draw'; x: number; y: number }
  | { kind: 'move'; index: number; x: number; y: number; orig: Box }
  | { kind: 'resize'; index: number; handle: Handle; x: number; y: number; orig: Box };

/**
 * Rectangles over an image, in image pixels. Mouse: drag on the image to draw, drag a box
 * to move it, drag a handle to resize, wheel to zoom, Space-drag to pan. Keyboard: B adds a
 * box at the centre of the view, arrows move the selected box (Shift+arrows resize; with
 * nothing selected they pan), a label key sets the label, [ ] select, Delete removes, + - f zoom.
 */
export function BoxesEditor({ field, value, onChange, taskData, ids }: FieldEditorProps<BoxesField>) {
  const url = typeof taskData[field.source] === 'string' ? (taskData[field.source] as string) : '';
  const { size, error } = useImageSize(url);
  const viewApi = useImageView(size);
  const boxes = (Array.isArray(value) ? value : []) as Box[];
  const [selected, setSelected] = useState<number | null>(null);
  const [label, setLabel] = useState(field.labels[0].value);
  const [draft, setDraft] = useState<Box | null>(null);
  const [panning, onSpace] = useSpacePan();
  const drag = useRef<Drag | null>(null);
  const colors = (l: string) => labelColor(field.labels, l);
  const { view, scale, toImage } = viewApi;

  const update = (i: number, b: Box) => size && onChange(boxes.map((o, k) => (k === i ? normalizeBox(b, size) : o)));
  const add = (b: Box) => {
    if (!size) return;
    onChange([...boxes, normalizeBox(b, size)]);
    setSelected(boxes.length);
  };
  const remove = (i: number) => {
    onChange(boxes.filter((_, k) => k !== i));
    setSelected(null);
  };

  useFieldKeys(field.name, (e) => {
    if (onSpace(e)) return true;
    const byKey = field.labels.find((l) => matchesHotkey(e, l.hotkey));
    if (byKey) {
      setLabel(byKey.value);
      if (selected !== null && boxes[selected]) update(selected, { ...boxes[selected], label: byKey.value });
      return true;
    }
    if (e.ctrlKey || e.metaKey) return false;
    const sel = selected !== null ? boxes[selected] : undefined;
    if (sel && e.key.startsWith('Arrow')) {
      const step = Math.max(1, (e.altKey ? 0.005 : 0.02) * view.w);
      const dx = e.key === 'ArrowRight' ? step : e.key === 'ArrowLeft' ? -step : 0;
      const dy = e.key === 'ArrowDown' ? step : e.key === 'ArrowUp' ? -step : 0;
      if (e.shiftKey) update(selected!, { ...sel, width: Math.max(1, sel.width + dx), height: Math.max(1, sel.height + dy) });
      else update(selected!, { ...sel, x: sel.x + dx, y: sel.y + dy });
      return true;
    }
    if (viewKeys(e, viewApi, !sel)) return true;
    if (e.altKey) return false;
    switch (e.key) {
      case 'b':
      case 'B': {
        if (!size) return true;
        const w = Math.max(4, view.w * 0.2);
        const h = Math.max(4, view.h * 0.2);
        add({ x: view.x + view.w / 2 - w / 2, y: view.y + view.h / 2 - h / 2, width: w, height: h, label });
        return true;
      }
      case 'Delete':
      case 'Backspace':
        if (selected !== null) remove(selected);
        return true;
      case 'Escape':
        if (selected === null && !draft) return false;
        setSelected(null);
        setDraft(null);
        drag.current = null;
        return true;
      case ']':
      case '[':
        if (boxes.length) setSelected((s) => (s === null ? (e.key === ']' ? 0 : boxes.length - 1) : (s + (e.key === ']' ? 1 : -1) + boxes.length) % boxes.length));
        return true;
    }
    return false;
  });

  const onPointerDown = (e: RPointerEvent<SVGSVGElement>) => {
    if (e.button !== 0 || !size) return;
    const p = toImage(e.clientX, e.clientY);
    const t = e.target as SVGElement;
    const handle = t.dataset.handle as Handle | undefined;
    const index = t.dataset.index !== undefined ? Number(t.dataset.index) : null;
    e.currentTarget.setPointerCapture(e.pointerId);
    if (handle && index !== null) drag.current = { kind: 'resize', index, handle, x: p.x, y: p.y, orig: boxes[index] };
    else if (index !== null) {
      setSelected(index);
      drag.current = { kind: 'move', index, x: p.x, y: p.y, orig: boxes[index] };
    } else {
      setSelected(null);
      drag.current = { kind: 'draw', x: p.x, y: p.y };
    }
  };
  const onPointerMove = (e: RPointerEvent<SVGSVGElement>) => {
    const d = drag.current;
    if (!d || !size) return;
    const p = toImage(e.clientX, e.clientY);
    if (d.kind === 'draw') setDraft({ x: Math.min(d.x, p.x), y: Math.min(d.y, p.y), width: Math.abs(p.x - d.x), height: Math.abs(p.y - d.y), label });
    else if (d.kind === 'move') update(d.index, { ...d.orig, x: d.orig.x + p.x - d.x, y: d.orig.y + p.y - d.y });
    else update(d.index, resizeBox(d.orig, d.handle, p.x - d.x, p.y - d.y));
  };
  const onPointerUp = () => {
    const d = drag.current;
    drag.current = null;
    if (d?.kind === 'draw' && draft && draft.width > 4 * scale && draft.height > 4 * scale) add(draft);
    setDraft(null);
  };

  const hs = 8 * scale;
  return (
    <div className="regions">
      <LabelBar labels={field.labels} current={label} colors={colors} onPick={(l) => {
        setLabel(l);
        if (selected !== null && boxes[selected]) update(selected, { ...boxes[selected], label: l });
      }} />
      <ImageStage
        url={url}
        size={size}
        error={error}
        viewApi={viewApi}
        panning={panning}
        onPointerDown={onPointerDown}
        onPointerMove={onPointerMove}
        onPointerUp={onPointerUp}
        labelledBy={ids.titleId}
        describedBy={ids.hintId}
        status={<span>{selected !== null && boxes[selected] ? `Selected: ${boxes[selected].label} box ${selected + 1}` : `${boxes.length} boxes · new boxes: ${label}`}</span>}
      >
        {boxes.map((b, i) => (
          <g key={i} className={['shape', i === selected && 'is-selected'].filter(Boolean).join(' ')} style={{ '--shape': colors(b.label) } as CSSProperties}>
            <rect data-index={i} x={b.x} y={b.y} width={b.width} height={b.height} vectorEffect="non-scaling-stroke" />
            <text x={b.x + 2 * scale} y={b.y - 4 * scale} fontSize={12 * scale}>
              {b.label}
            </text>
            {i === selected &&
              HANDLES.map((h) => {
                const p = handlePoint(b, h);
                return <rect key={h} className={`handle handle--${h}`} data-index={i} data-handle={h} x={p.x - hs / 2} y={p.y - hs / 2} width={hs} height={hs} vectorEffect="non-scaling-stroke" />;
              })}
          </g>
        ))}
        {draft && <rect className="shape-draft" x={draft.x} y={draft.y} width={draft.width} height={draft.height} vectorEffect="non-scaling-stroke" style={{ stroke: colors(label) }} />}
      </ImageStage>
      <ul className="regions__list" aria-label="Boxes" data-testid={`boxes-list-${field.name}`}>
        {boxes.length === 0 && <li className="muted">No boxes yet.</li>}
        {boxes.map((b, i) => (
          <li key={i} className={i === selected ? 'is-focused' : undefined} data-box={i}>
            <button type="button" tabIndex={-1} className="btn btn--ghost btn--sm" onClick={() => setSelected(i)}>
              <span className="swatch" style={{ background: colors(b.label) }} aria-hidden="true" />
              <strong>{b.label}</strong>
            </button>
            <span className="mono muted">
              {round(b.x)},{round(b.y)} {round(b.width)}×{round(b.height)}
            </span>
            <button type="button" tabIndex={-1} className="btn btn--ghost btn--sm" aria-label={`Delete ${b.label} box ${i + 1}`} onClick={() => remove(i)}>
              ✕
            </button>
          </li>
        ))}
      </ul>
    </div>
  );
}

/** The label picker above an image: click, or press the label's key. */
export function LabelBar({ labels, current, colors, onPick }: { labels: BoxesField['labels']; current: string; colors: (l: string) => string; onPick: (l: string) => void }) {
  return (
    <div className="spans__labels" role="toolbar" aria-label="Labels">
      {labels.map((l) => (
        <button key={l.value} type="button" tabIndex={-1} className="label-chip" aria-pressed={current === l.value} style={{ '--chip': colors(l.value) } as CSSProperties} onClick={() => onPick(l.value)}>
          {l.hotkey && <Kbd>{hotkeyLabel(l.hotkey)}</Kbd>} {l.label}
        </button>
      ))}
    </div>
  );
}

export function boxesHints() {
  return (
    <>
      Drag to draw; <Kbd>B</Kbd> adds a box, <Kbd>←</Kbd>
      <Kbd>↑</Kbd>
      <Kbd>→</Kbd>
      <Kbd>↓</Kbd> move it (<Kbd>Shift</Kbd> resizes, <Kbd>Alt</Kbd> fine steps), label keys relabel, <Kbd>[</Kbd>
      <Kbd>]</Kbd> select, <Kbd>Del</Kbd> deletes, <Kbd>+</Kbd>
      <Kbd>-</Kbd> zoom, <Kbd>F</Kbd> fit, <Kbd>Space</Kbd>-drag or arrows (nothing selected) pan, <Kbd>Esc</Kbd> deselects.
    </>
  );
}
