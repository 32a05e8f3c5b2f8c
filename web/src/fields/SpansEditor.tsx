import { useMemo, useRef, useState, type CSSProperties } from 'react';
import type { Span, SpansField } from '../../../core/schema/index.ts';
import { Kbd } from '../ui/index.ts';
import { hotkeyLabel, matchesHotkey } from './keys.ts';
import { useFieldKeys } from './key-router.ts';
import { labelColor } from './palette.ts';
import { assignLanes, segments, trimRange, wordAt, wordBoundary, type Segment } from './spans-layout.ts';
import type { FieldEditorProps } from './types.ts';

const LANE_PX = 5;

/** Maps a DOM point inside the text to a character offset (segments carry data-start). */
function offsetOf(node: Node | null, offset: number, root: HTMLElement): number | null {
  if (!node || !root.contains(node)) return null;
  if (node.nodeType === Node.TEXT_NODE) {
    const seg = node.parentElement?.closest<HTMLElement>('[data-start]');
    return seg ? Number(seg.dataset.start) + offset : null;
  }
  const el = node as HTMLElement;
  const child = el.childNodes[offset] as HTMLElement | undefined;
  if (child?.dataset?.start) return Number(child.dataset.start);
  const seg = el.closest<HTMLElement>('[data-start]');
  if (seg) return Number(seg.dataset.end);
  return offset === 0 ? 0 : null;
}

function segmentStyle(seg: Segment, colors: (label: string) => string, focusSpan: number | null): CSSProperties {
  const layers: string[] = [];
  for (const s of seg.spans) {
    const c = colors(s.label);
    layers.push(`linear-gradient(${c}, ${c}) left 0 bottom ${s.lane * LANE_PX}px / 100% 3px no-repeat`);
  }
  const focused = seg.spans.find((s) => s.index === focusSpan);
  if (focused) layers.push(`linear-gradient(color-mix(in srgb, ${colors(focused.label)} 28%, transparent), color-mix(in srgb, ${colors(focused.label)} 28%, transparent))`);
  else if (seg.spans.length > 0) {
    const c = colors(seg.spans[0].label);
    layers.push(`linear-gradient(color-mix(in srgb, ${c} 12%, transparent), color-mix(in srgb, ${c} 12%, transparent))`);
  }
  return layers.length ? { background: layers.join(', ') } : {};
}

/**
 * Label ranges of a text. Mouse: select text, then press a label key or click a label.
 * Keyboard: ←/→ move the caret (Ctrl for words), Shift extends the selection, a label key
 * labels the selection (or the word at the caret), [ and ] step through spans,
 * Delete removes the focused span, a label key on a focused span relabels it.
 */
export function SpansEditor({ field, value, onChange, taskData, ids }: FieldEditorProps<SpansField>) {
  const text = typeof taskData[field.source] === 'string' ? (taskData[field.source] as string) : '';
  const spans = (Array.isArray(value) ? value : []) as Span[];
  const [caret, setCaret] = useState(0);
  const [anchor, setAnchor] = useState<number | null>(null);
  const [focusSpan, setFocusSpan] = useState<number | null>(null);
  const [label, setLabel] = useState(field.labels[0].value);
  const textRef = useRef<HTMLDivElement>(null);

  const sel = anchor !== null && anchor !== caret ? { start: Math.min(anchor, caret), end: Math.max(anchor, caret) } : null;
  const { laid, lanes } = useMemo(() => assignLanes(spans), [spans]);
  const segs = useMemo(() => segments(text.length, laid, sel), [text.length, laid, sel?.start, sel?.end]);
  const colors = (l: string) => labelColor(field.labels, l);
  const sorted = useMemo(() => laid.map((s) => s.index).sort((a, b) => spans[a].start - spans[b].start || spans[a].end - spans[b].end), [laid, spans]);

  const addSpan = (start: number, end: number, l: string) => {
    const r = trimRange(text, start, end);
    if (r.end <= r.start) return;
    if (spans.some((s) => s.start === r.start && s.end === r.end && s.label === l)) return;
    const next = [...spans, { start: r.start, end: r.end, label: l, text: text.slice(r.start, r.end) }];
    onChange(next);
    setFocusSpan(next.length - 1);
    setAnchor(null);
    setCaret(r.end);
  };
  const removeSpan = (i: number) => {
    onChange(spans.filter((_, k) => k !== i));
    setFocusSpan(null);
  };
  const applyLabel = (l: string) => {
    setLabel(l);
    if (sel) return addSpan(sel.start, sel.end, l);
    if (focusSpan !== null && spans[focusSpan]) {
      const s = spans[focusSpan];
      if (s.label === l || spans.some((o, k) => k !== focusSpan && o.start === s.start && o.end === s.end && o.label === l)) return;
      onChange(spans.map((o, k) => (k === focusSpan ? { ...o, label: l } : o)));
      return;
    }
    const w = wordAt(text, caret);
    if (w) addSpan(w.start, w.end, l);
  };
  const moveCaret = (to: number, extend: boolean) => {
    const clamped = Math.max(0, Math.min(text.length, to));
    if (extend) setAnchor((a) => (a === null ? caret : a));
    else setAnchor(null);
    setCaret(clamped);
    setFocusSpan(null);
  };

  useFieldKeys(field.name, (e) => {
    const byKey = field.labels.find((l) => matchesHotkey(e, l.hotkey));
    if (byKey) return applyLabel(byKey.value), true;
    if (e.metaKey) return false;
    const word = e.ctrlKey || e.altKey;
    switch (e.key) {
      case 'ArrowRight':
        moveCaret(word ? wordBoundary(text, caret, 1) : sel && !e.shiftKey ? sel.end : caret + 1, e.shiftKey);
        return true;
      case 'ArrowLeft':
        moveCaret(word ? wordBoundary(text, caret, -1) : sel && !e.shiftKey ? sel.start : caret - 1, e.shiftKey);
        return true;
      case 'Home':
        moveCaret(0, e.shiftKey);
        return true;
      case 'End':
        moveCaret(text.length, e.shiftKey);
        return true;
      case 'Escape':
        if (anchor === null && focusSpan === null) return false;
        setAnchor(null);
        setFocusSpan(null);
        return true;
      case ']':
      case '[': {
        if (sorted.length === 0) return true;
        const at = focusSpan === null ? -1 : sorted.indexOf(focusSpan);
        const nextPos = e.key === ']' ? (at + 1) % sorted.length : (at - 1 + sorted.length) % sorted.length;
        const idx = sorted[at < 0 && e.key === '[' ? sorted.length - 1 : nextPos];
        setFocusSpan(idx);
        setAnchor(null);
        setCaret(spans[idx].start);
        return true;
      }
      case 'Delete':
      case 'Backspace':
        if (focusSpan !== null) removeSpan(focusSpan);
        return true;
      default:
        return false;
    }
  });

  const onMouseUp = () => {
    const root = textRef.current;
    const s = window.getSelection();
    if (!root || !s || s.rangeCount === 0) return;
    const a = offsetOf(s.anchorNode, s.anchorOffset, root);
    const f = offsetOf(s.focusNode, s.focusOffset, root);
    if (a === null || f === null) return;
    s.removeAllRanges();
    root.focus({ preventScroll: true });
    if (a === f) {
      setAnchor(null);
      setCaret(a);
      const covering = laid.filter((sp) => sp.start <= a && sp.end > a).sort((x, y) => x.end - x.start - (y.end - y.start));
      setFocusSpan(covering[0]?.index ?? null);
      return;
    }
    const r = trimRange(text, Math.min(a, f), Math.max(a, f));
    setAnchor(r.start);
    setCaret(r.end);
    setFocusSpan(null);
  };

  const caretAt = sel ? null : caret;
  return (
    <div className="spans">
      <div className="spans__labels" role="toolbar" aria-label="Labels">
        {field.labels.map((l) => (
          <button
            key={l.value}
            type="button"
            tabIndex={-1}
            className="label-chip"
            aria-pressed={label === l.value}
            style={{ '--chip': colors(l.value) } as CSSProperties}
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => applyLabel(l.value)}
          >
            {l.hotkey && <Kbd>{hotkeyLabel(l.hotkey)}</Kbd>} {l.label}
          </button>
        ))}
      </div>
      <div
        ref={textRef}
        className="spans__text"
        role="textbox"
        aria-readonly="true"
        aria-multiline="true"
        aria-labelledby={ids.titleId}
        aria-describedby={ids.hintId}
        tabIndex={0}
        data-focus-target
        data-caret={caret}
        data-selection={sel ? `${sel.start}-${sel.end}` : ''}
        style={{ lineHeight: `calc(1.7em + ${lanes * LANE_PX}px)` }}
        onMouseUp={onMouseUp}
      >
        {segs.map((seg) => {
          const ends = laid.filter((s) => s.end === seg.end && s.end > seg.start);
          return (
            <span key={seg.start}>
              {caretAt === seg.start && <span className="spans__caret" aria-hidden="true" />}
              <span
                data-start={seg.start}
                data-end={seg.end}
                className={['spans__seg', seg.selected && 'is-selected'].filter(Boolean).join(' ')}
                style={{ ...segmentStyle(seg, colors, focusSpan), paddingBottom: seg.spans.length ? lanes * LANE_PX : undefined }}
                data-tags={ends.length ? ends.map((s) => s.label).join(' · ') : undefined}
              >
                {text.slice(seg.start, seg.end)}
              </span>
            </span>
          );
        })}
        {caretAt === text.length && <span className="spans__caret" aria-hidden="true" />}
      </div>
      <p className="visually-hidden" aria-live="polite">
        {sel ? `Selected “${text.slice(sel.start, sel.end)}”` : focusSpan !== null && spans[focusSpan] ? `Span ${spans[focusSpan].label}: ${spans[focusSpan].text ?? ''}` : ''}
      </p>
      <ul className="spans__list" aria-label="Spans" data-testid={`spans-list-${field.name}`}>
        {spans.length === 0 && <li className="muted">No spans yet.</li>}
        {sorted.map((i) => {
          const s = spans[i];
          return (
            <li key={`${s.start}:${s.end}:${s.label}`} className={['spans__item', i === focusSpan && 'is-focused'].filter(Boolean).join(' ')} data-span={`${s.start}-${s.end}-${s.label}`}>
              <span className="swatch" style={{ background: colors(s.label) }} aria-hidden="true" />
              <strong>{s.label}</strong> <span className="spans__quote">“{text.slice(s.start, s.end)}”</span>
              <span className="muted mono">
                {s.start}–{s.end}
              </span>
              <button type="button" tabIndex={-1} className="btn btn--ghost btn--sm" aria-label={`Delete ${s.label} span “${text.slice(s.start, s.end)}”`} onClick={() => removeSpan(i)}>
                ✕
              </button>
            </li>
          );
        })}
      </ul>
    </div>
  );
}

export function spansHints() {
  return (
    <>
      Select text (mouse, or <Kbd>Shift</Kbd>+<Kbd>←</Kbd>
      <Kbd>→</Kbd>, <Kbd>Ctrl</Kbd> for words) then press a label key; a label key with no selection labels the word at the caret.{' '}
      <Kbd>[</Kbd>
      <Kbd>]</Kbd> step through spans, <Kbd>Del</Kbd> removes one.
    </>
  );
}
