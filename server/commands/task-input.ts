import { z } from 'zod';
import { validateAnnotation, type LabelSchemaT } from '../../core/schema/index.ts';
import { errors } from '../errors.ts';

/** One pre-annotation as clients send it: inside an imported task, or pushed later (server/commands/predictions.ts). */
export const PredictionInput = z.object({ model: z.string().min(1).max(200), value: z.record(z.string(), z.unknown()), score: z.number().optional() }).strict();
export type PredictionInputT = z.infer<typeof PredictionInput>;

/** One checked pre-annotation, its value as JSON text. */
export interface CheckedPrediction {
  model: string;
  value: string;
  score: number | null;
}

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
    predictions: z.array(PredictionInput).max(20).optional(),
  })
  .strict();
export type TaskInputT = z.infer<typeof TaskInput>;

/** One checked import row, its JSON columns already serialized for COPY. */
export interface CheckedTask {
  uniqueId: string | null;
  /** JSON text of `data`, `metadata` and `gold` (null when absent). */
  data: string;
  metadata: string;
  gold: string | null;
  priority: number;
  callbackUrl: string | null;
  /** Pre-annotations, each value as JSON text. */
  predictions: CheckedPrediction[] | null;
}

/**
 * A JSON escape PostgreSQL cannot store: `\u0000` (jsonb refuses NUL) or a
 * lone surrogate (JSON.stringify writes those as `\udXXX` escapes, and jsonb
 * refuses them too). An odd run of backslashes is what makes an escape; an
 * even run is escaped backslashes followed by plain text.
 */
const UNSTORABLE_ESCAPE = /(?<!\\)(?:\\\\)*\\u(?:0000|d[89a-f][0-9a-f]{2})/i;

/** The same test for a plain string (unique id, callback URL). */
export const unstorableText = (s: string) => s.includes('\u0000') || !(s as string & { isWellFormed(): boolean }).isWellFormed();

type RowError = (line: number, message: string) => Error;

/** `value` as JSON text, or the row's 422 (built by `makeError`) when PostgreSQL could not store it. */
function storableJson(line: number, path: string, value: unknown, makeError: RowError = rowError): string {
  const json = JSON.stringify(value);
  if (UNSTORABLE_ESCAPE.test(json)) throw unstorable(line, path, makeError);
  return json;
}

export function unstorableMessage(path: string) {
  return `${path} holds a NUL character (\\u0000) or a lone UTF-16 surrogate, which PostgreSQL cannot store.`;
}

function unstorable(line: number, path: string, makeError: RowError = rowError) {
  return makeError(line, unstorableMessage(path));
}

/**
 * Checks one import row against the task shape and the project's schema, or
 * throws a 422 that names the row (`line`), the path and what to fix.
 */
export function checkTaskRow(schema: LabelSchemaT, raw: unknown, line: number): CheckedTask {
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
  const predictions = t.predictions?.length ? t.predictions.map((pr, i) => checkPrediction(schema, pr, t.data, line, `predictions.${i}.`)) : null;
  const uniqueId = t.uniqueId ?? null;
  if (uniqueId !== null && unstorableText(uniqueId)) throw unstorable(line, 'uniqueId');
  const callbackUrl = t.callbackUrl ?? null;
  if (callbackUrl !== null && unstorableText(callbackUrl)) throw unstorable(line, 'callbackUrl');
  return {
    uniqueId,
    data: storableJson(line, 'data', t.data),
    metadata: storableJson(line, 'metadata', t.metadata ?? {}),
    gold: t.gold ? storableJson(line, 'gold', t.gold) : null,
    priority: t.priority ?? 0,
    callbackUrl,
    predictions,
  };
}

/**
 * Checks one pre-annotation against the project's schema and its task's
 * data, or throws the row's 422. `path` prefixes the names in messages
 * (`predictions.0.` inside an imported task, empty for a pushed prediction).
 * `makeError` builds that 422 (by default the task import's).
 */
export function checkPrediction(
  schema: LabelSchemaT,
  pr: PredictionInputT,
  data: Record<string, unknown>,
  line: number,
  path: string,
  makeError: RowError = rowError,
): CheckedPrediction {
  const checked = validateAnnotation(schema, pr.value, data);
  if (!checked.ok) throw makeError(line, `${path}value: ${checked.errors[0].message}`);
  if (unstorableText(pr.model)) throw unstorable(line, `${path}model`, makeError);
  return { model: pr.model, value: storableJson(line, `${path}value`, checked.value, makeError), score: pr.score ?? null };
}

export function rowError(line: number, message: string) {
  return errors.unprocessable('invalid_task', `line ${line}: ${message} Nothing was imported.`, { line });
}
