import type { LabelField } from '../schema/index.ts';
import { aggregateField, type FieldResult } from './field-aggregators.ts';
import type { FieldModel } from './field-model.ts';

/**
 * Per-task aggregation: the annotations of one task -> its result. The same
 * function runs at submit time and when the quality engine refits a project,
 * so a result never depends on which path computed it.
 */
export interface TaskAnnotation {
  userId: number | string;
  value: Record<string, unknown>;
}

export interface TaskResult {
  value: Record<string, unknown>;
  /** The weakest field's confidence: a task is only as certain as its least certain field. */
  confidence: number | null;
  /** Mean agreement over the fields that have one. */
  agreement: number | null;
  /** The inference method of the categorical fields ('mv', 'ds', ...), or 'consensus'. */
  method: string;
  fields: Record<string, FieldResult>;
}

export type { FieldResult };

/**
 * Aggregates one task. `models` holds fitted truth-inference models per
 * field name; a categorical field without a model falls back to majority vote
 * with confidence = vote share.
 */
export function aggregateTask(
  fields: readonly LabelField[],
  annotations: readonly TaskAnnotation[],
  models: Readonly<Record<string, FieldModel>> = {},
): TaskResult {
  const out: Record<string, FieldResult> = {};
  for (const f of fields) {
    const r = aggregateField(
      f,
      annotations.map((a) => ({ worker: String(a.userId), value: a.value[f.name] })),
      models[f.name],
    );
    if (r) out[f.name] = r;
  }
  const results = Object.values(out);
  const confs = results.map((r) => r.confidence).filter((c): c is number => c !== null);
  const agreements = results.map((r) => r.agreement).filter((c): c is number => c !== null);
  const methods = [...new Set(results.filter((r) => r.votes).map((r) => r.method))];
  return {
    value: Object.fromEntries(Object.entries(out).map(([k, r]) => [k, r.value])),
    confidence: confs.length ? Math.min(...confs) : null,
    agreement: agreements.length ? agreements.reduce((a, b) => a + b, 0) / agreements.length : null,
    method: methods.length === 1 ? methods[0] : methods.length ? methods.join('+') : 'consensus',
    fields: out,
  };
}
