import { checkFieldValue, emptyValue, type LabelSchemaT } from '../../../../core/schema/index.ts';
import type { TaskAnnotation, TaskResult } from '../../api/manager.ts';

/**
 * Where a fix starts: per field, the current result's value when it is a valid answer,
 * else the first annotation's valid answer, else the empty value. The reviewer then
 * changes only what is wrong.
 */
export function fixStart(schema: LabelSchemaT, data: Record<string, unknown>, result: TaskResult | null, annotations: readonly TaskAnnotation[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of schema.fields) {
    const candidates = [result?.value?.[f.name], ...annotations.map((a) => a.value?.[f.name])];
    const hit = candidates.find((v) => v !== undefined && v !== null && checkFieldValue(f, v, data).ok);
    out[f.name] = hit !== undefined ? structuredClone(hit) : emptyValue(f);
  }
  return out;
}
