import type { LabelField } from '../../../core/schema/index.ts';

/** Handles one keydown for a field; returns true when it used the key (the workspace then stops it). */
export type KeyHandler = (e: KeyboardEvent) => boolean;

/** Element ids from the field's frame, for aria-labelledby / aria-describedby. */
export interface FrameIds {
  titleId: string;
  hintId: string;
  errorId: string;
}

/** What every field editor receives. */
export interface FieldEditorProps<F extends LabelField = LabelField> {
  field: F;
  /** The field's current value (the shape core/schema validates), or null/empty when unanswered. */
  value: unknown;
  onChange: (value: unknown) => void;
  /** The task's data, for fields bound to a `source` key. */
  taskData: Record<string, unknown>;
  ids: FrameIds;
  invalid?: boolean;
}
