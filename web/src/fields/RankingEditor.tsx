import { useState, type DragEvent } from 'react';
import { candidateCount, type RankingField } from '../../../core/schema/index.ts';
import { candidateText } from '../../../core/export/task-data.ts';
import { Badge, Kbd } from '../ui/index.ts';
import { plain } from './keys.ts';
import { useFieldKeys } from './key-router.ts';
import { DataValue } from './SourceText.tsx';
import type { FieldEditorProps } from './types.ts';

/** The candidates to order: the list at `data[source]`, else `candidates` placeholders. */
export function rankingCandidates(field: RankingField, data: Record<string, unknown>): unknown[] {
  const list = field.source !== undefined ? data[field.source] : undefined;
  if (Array.isArray(list)) return list;
  const n = candidateCount(field, data) ?? 0;
  return Array.from({ length: n }, (_, i) => `Candidate ${i + 1}`);
}

function move<T>(list: T[], from: number, to: number): T[] {
  const next = [...list];
  const [item] = next.splice(from, 1);
  next.splice(to, 0, item);
  return next;
}

/**
 * Order the candidates, best first. Keys: ↑/↓ select, Alt+↑/↓ move the selected one,
 * Enter (or Space) accepts the order as shown. Drag with the mouse.
 * The value stays empty until the annotator moves or accepts, so an untouched order is never sent.
 */
export function RankingEditor({ field, value, onChange, taskData, ids }: FieldEditorProps<RankingField>) {
  const candidates = rankingCandidates(field, taskData);
  const order = Array.isArray(value) && value.length === candidates.length ? (value as number[]) : candidates.map((_, i) => i);
  const touched = Array.isArray(value);
  const [cursor, setCursor] = useState(0);
  const [dragFrom, setDragFrom] = useState<number | null>(null);

  const moveItem = (from: number, to: number) => {
    if (to < 0 || to >= order.length) return;
    onChange(move(order, from, to));
    setCursor(to);
  };

  useFieldKeys(field.name, (e) => {
    if (e.ctrlKey || e.metaKey) return false;
    if (e.key === 'ArrowUp' || e.key === 'ArrowDown') {
      const to = cursor + (e.key === 'ArrowUp' ? -1 : 1);
      if (e.altKey) moveItem(cursor, to);
      else setCursor(Math.max(0, Math.min(order.length - 1, to)));
      return true;
    }
    if (!plain(e)) return false;
    if (e.key === 'Home') return setCursor(0), true;
    if (e.key === 'End') return setCursor(order.length - 1), true;
    if (e.key === 'Enter' || e.key === ' ') {
      onChange([...order]);
      return true;
    }
    return false;
  });

  const onDrop = (e: DragEvent, to: number) => {
    e.preventDefault();
    if (dragFrom !== null && dragFrom !== to) moveItem(dragFrom, to);
    else if (dragFrom !== null) onChange([...order]);
    setDragFrom(null);
  };

  return (
    <div className="ranking-wrap">
      <ol
        className="ranking"
        role="listbox"
        aria-labelledby={ids.titleId}
        aria-describedby={ids.hintId}
        aria-activedescendant={`${field.name}-rank-${cursor}`}
        tabIndex={0}
        data-focus-target
      >
        {order.map((candidate, pos) => (
          <li
            key={candidate}
            id={`${field.name}-rank-${pos}`}
            role="option"
            aria-selected={pos === cursor}
            className={['ranking__item', pos === cursor && 'is-cursor', dragFrom === pos && 'is-dragging'].filter(Boolean).join(' ')}
            draggable
            data-candidate={candidate}
            onDragStart={(e) => {
              setDragFrom(pos);
              e.dataTransfer.effectAllowed = 'move';
              e.dataTransfer.setData('text/plain', String(pos));
            }}
            onDragOver={(e) => e.preventDefault()}
            onDrop={(e) => onDrop(e, pos)}
            onDragEnd={() => setDragFrom(null)}
            onClick={() => setCursor(pos)}
          >
            <span className="ranking__pos" aria-hidden="true">
              {pos + 1}
            </span>
            <span className="ranking__handle" aria-hidden="true">
              ⠿
            </span>
            <div className="ranking__text">
              <DataValue value={candidateText(candidates[candidate])} label={`candidate ${candidate + 1}`} />
            </div>
          </li>
        ))}
      </ol>
      <p className="muted ranking__status" aria-live="polite" data-testid={`ranking-status-${field.name}`}>
        {touched ? (
          <Badge tone="success">order set</Badge>
        ) : (
          <>
            Not ranked yet: move an item or press <Kbd>Enter</Kbd> to accept this order.
          </>
        )}
      </p>
    </div>
  );
}

export function rankingHints() {
  return (
    <>
      <Kbd>↑</Kbd>
      <Kbd>↓</Kbd> select, <Kbd>Alt</Kbd>+<Kbd>↑</Kbd>
      <Kbd>↓</Kbd> move, <Kbd>Enter</Kbd> accept the order; or drag.
    </>
  );
}
