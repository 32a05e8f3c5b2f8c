import { useId, type ReactNode } from 'react';
import type { LabelField } from '../../../core/schema/index.ts';
import { Badge } from '../ui/index.ts';
import { useSetActiveField } from './key-router.ts';

export interface FieldFrameProps {
  field: LabelField;
  error?: string | null;
  /** The value came from a model prediction and the annotator has not changed it yet. */
  predicted?: boolean;
  /** Keyboard hints shown under the editor. */
  hints?: ReactNode;
  children: (ids: { titleId: string; hintId: string; errorId: string }) => ReactNode;
}

/**
 * The frame around one field editor: title, description, badges, error and keyboard
 * hints. `data-field` lets the workspace route keys to the editor holding focus.
 */
export function FieldFrame({ field, error, predicted, hints, children }: FieldFrameProps) {
  const id = useId();
  const setActive = useSetActiveField();
  const ids = { titleId: `${id}-title`, hintId: `${id}-hint`, errorId: `${id}-error` };
  return (
    <section
      className="field-editor"
      data-field={field.name}
      data-type={field.type}
      aria-labelledby={ids.titleId}
      onFocusCapture={() => setActive(field.name)}
      onPointerDownCapture={() => setActive(field.name)}
    >
      <header className="field-editor__head">
        <h3 className="field-editor__title" id={ids.titleId}>
          {field.title ?? field.name}
        </h3>
        {!field.required && <Badge>optional</Badge>}
        {predicted && (
          <Badge tone="info" data-testid={`predicted-${field.name}`}>
            prediction
          </Badge>
        )}
      </header>
      {field.description && <p className="field-editor__desc">{field.description}</p>}
      {children(ids)}
      <p className="field-editor__error" id={ids.errorId} data-testid={`error-${field.name}`} role={error ? 'alert' : undefined}>
        {error ?? ''}
      </p>
      {hints && (
        <p className="field-editor__hints" id={ids.hintId}>
          {hints}
        </p>
      )}
    </section>
  );
}
