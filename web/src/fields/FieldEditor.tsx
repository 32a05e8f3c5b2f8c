import type { ReactNode } from 'react';
import type { LabelField } from '../../../core/schema/index.ts';
import { BoxesEditor, boxesHints } from './BoxesEditor.tsx';
import { ChoiceEditor, choiceHints } from './ChoiceEditor.tsx';
import { FieldFrame } from './FieldFrame.tsx';
import { NumberEditor, numberHints } from './NumberEditor.tsx';
import { PairwiseEditor, pairwiseHints } from './PairwiseEditor.tsx';
import { PAIR_KEYS, PROMPT_KEYS } from '../../../core/export/task-data.ts';
import { PolygonsEditor, polygonsHints } from './PolygonsEditor.tsx';
import { RankingEditor, rankingHints } from './RankingEditor.tsx';
import { RatingEditor, ratingHints } from './RatingEditor.tsx';
import { SpansEditor, spansHints } from './SpansEditor.tsx';
import { TextEditor, textHints } from './TextEditor.tsx';
import type { FrameIds } from './types.ts';

export interface FieldEditorHostProps {
  field: LabelField;
  value: unknown;
  onChange: (name: string, value: unknown) => void;
  taskData: Record<string, unknown>;
  error?: string | null;
  predicted?: boolean;
}

function hintsFor(field: LabelField): ReactNode {
  switch (field.type) {
    case 'choice':
      return choiceHints(field);
    case 'spans':
      return spansHints();
    case 'boxes':
      return boxesHints();
    case 'polygons':
      return polygonsHints();
    case 'rating':
      return ratingHints();
    case 'pairwise':
      return pairwiseHints(field);
    case 'ranking':
      return rankingHints();
    case 'text':
      return textHints();
    case 'number':
      return numberHints();
  }
}

function editorFor(field: LabelField, props: { value: unknown; onChange: (v: unknown) => void; taskData: Record<string, unknown>; ids: FrameIds; invalid: boolean }) {
  switch (field.type) {
    case 'choice':
      return <ChoiceEditor field={field} {...props} />;
    case 'spans':
      return <SpansEditor field={field} {...props} />;
    case 'boxes':
      return <BoxesEditor field={field} {...props} />;
    case 'polygons':
      return <PolygonsEditor field={field} {...props} />;
    case 'rating':
      return <RatingEditor field={field} {...props} />;
    case 'pairwise':
      return <PairwiseEditor field={field} {...props} />;
    case 'ranking':
      return <RankingEditor field={field} {...props} />;
    case 'text':
      return <TextEditor field={field} {...props} />;
    case 'number':
      return <NumberEditor field={field} {...props} />;
  }
}

/** One field of the label schema with the editor for its type, inside its frame. */
export function FieldEditor({ field, value, onChange, taskData, error, predicted }: FieldEditorHostProps) {
  return (
    <FieldFrame field={field} error={error} predicted={predicted} hints={hintsFor(field)}>
      {(ids) => editorFor(field, { value, onChange: (v) => onChange(field.name, v), taskData, ids, invalid: Boolean(error) })}
    </FieldFrame>
  );
}

/** Task-data keys an editor already shows (so the generic data view can skip them). */
export function shownSources(fields: readonly LabelField[]): Set<string> {
  const keys = new Set<string>();
  for (const f of fields) {
    if ('source' in f && f.source) keys.add(f.source);
    // A pairwise field without `source` reads its pair (and prompt) from the task data itself.
    if (f.type === 'pairwise') for (const k of [...PAIR_KEYS, ...PROMPT_KEYS]) keys.add(k);
  }
  return keys;
}
