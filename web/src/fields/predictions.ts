import { checkFieldValue, emptyValue, type LabelSchemaT } from '../../../core/schema/index.ts';
import type { Prediction } from '../api/types.ts';

/** The prediction with the highest score (a missing score counts as 0); null when there is none. */
export function bestPrediction(predictions: readonly Prediction[] | undefined): Prediction | null {
  if (!predictions?.length) return null;
  return predictions.reduce((best, p) => ((p.score ?? 0) > (best.score ?? 0) ? p : best));
}

/**
 * The editor's starting value for a task: each field empty, or taken from the best
 * prediction when the prediction's value for that field is valid. Returns which fields
 * were prefilled so the UI can badge them.
 */
export function initialValue(schema: LabelSchemaT, data: Record<string, unknown>, predictions?: readonly Prediction[]) {
  const value: Record<string, unknown> = {};
  const predicted = new Set<string>();
  const best = bestPrediction(predictions);
  for (const f of schema.fields) {
    const p = best?.value && typeof best.value === 'object' ? (best.value as Record<string, unknown>)[f.name] : undefined;
    if (p !== undefined && p !== null && checkFieldValue(f, p, data).ok) {
      value[f.name] = structuredClone(p);
      predicted.add(f.name);
    } else value[f.name] = emptyValue(f);
  }
  return { value, predicted, prediction: best };
}

/**
 * The value to send: empty answers of optional fields become null (so validation accepts
 * them) and a required field left empty stays empty (so validation names it).
 */
export function toSubmission(schema: LabelSchemaT, value: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of schema.fields) {
    let v = value[f.name];
    if (v === '' || v === undefined) v = null;
    if (f.type === 'text' && typeof v === 'string' && v.trim() === '' && !f.required) v = null;
    out[f.name] = v;
  }
  return out;
}
