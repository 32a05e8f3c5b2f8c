import { z } from 'zod';
import { validateAnnotation, type LabelSchemaT } from '../../core/schema/index.ts';
import { errors } from '../errors.ts';

/** One task in an import, as clients send it. */
export const TaskInput = z
  .object({
    data: z.record(z.string(), z.unknown()),
    uniqueId: z.union([z.string().min(1).max(500), z.number().transform(String)]).optional(),
    metadata: z.record(z.string(), z.unknown()).optional(),
    priority: z.number().int().min(-1_000_000).max(1_000_000).optional(),
    gold: z.record(z.string(), z.unknown()).optional(),
    callbackUrl: z.url().optional(),
    /** Pre-annotations shown to annotators as a starting point (and for active learning). */
    predictions: z
      .array(z.object({ model: z.string().min(1).max(200), value: z.record(z.string(), z.unknown()), score: z.number().optional() }).strict())
      .max(20)
      .optional(),
  })
  .strict();
export type TaskInputT = z.infer<typeof TaskInput>;

/** A row ready for the bulk insert (snake_case keys for jsonb_to_recordset); checkTaskRow returns it as JSON text. */
export interface TaskRecord {
  unique_id: string | null;
  data: Record<string, unknown>;
  metadata: Record<string, unknown>;
  priority: number;
  gold: Record<string, unknown> | null;
  callback_url: string | null;
  predictions: Array<{ model: string; value: Record<string, unknown>; score: number | null }> | null;
}

/**
 * Checks one import row against the task shape and the project's schema, or
 * throws a 422 that names the row (`line`), the path and what to fix.
 */
export function checkTaskRow(schema: LabelSchemaT, raw: unknown, line: number): { json: string; predictions: boolean } {
  const parsed = TaskInput.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const path = issue.path.join('.') || '(row)';
    throw rowError(line, `${path}: ${issue.message}`);
  }
  const t = parsed.data;
  for (const field of schema.fields) {
    const source = (field as { source?: string }).source;
    if (!source) continue;
    const v = t.data[source];
    if (v === undefined || v === null) throw rowError(line, `data.${source} is missing; field "${field.name}" reads it.`);
    if (field.type === 'spans' && typeof v !== 'string') throw rowError(line, `data.${source} must be text for field "${field.name}".`);
  }
  if (t.gold) {
    const checked = validateAnnotation(schema, t.gold, t.data);
    if (!checked.ok) throw rowError(line, `gold: ${checked.errors[0].message}`);
  }
  const predictions = t.predictions?.map((pr, i) => {
    const checked = validateAnnotation(schema, pr.value, t.data);
    if (!checked.ok) throw rowError(line, `predictions.${i}.value: ${checked.errors[0].message}`);
    return { model: pr.model, value: checked.value, score: pr.score ?? null };
  });
  const json = JSON.stringify({
    unique_id: t.uniqueId ?? null,
    data: t.data,
    metadata: t.metadata ?? {},
    priority: t.priority ?? 0,
    gold: t.gold ?? null,
    callback_url: t.callbackUrl ?? null,
    predictions: predictions ?? null,
  } satisfies TaskRecord);
  // PostgreSQL's jsonb cannot hold U+0000; say so here, where the line is known.
  if (json.includes('\\u0000')) throw rowError(line, 'a string contains the NUL character (\\u0000), which cannot be stored.');
  return { json, predictions: predictions !== undefined && predictions.length > 0 };
}

export function rowError(line: number, message: string) {
  return errors.unprocessable('invalid_task', `line ${line}: ${message} Nothing was imported.`, { line });
}
