import { z } from 'zod';
import { describeValue, extraKeys, isPlainObject, own, quoteAll } from '../describe.ts';
import { type Checked, type Problem, fail, settle } from '../errors.ts';
import { baseShape, SourceKeySchema } from './base.ts';
import { LabelListSchema, labelProblem } from './options.ts';

/** `spans`: label character ranges of the text at `taskData[source]` (named entities and the like). */
export const SpansFieldSchema = z.strictObject({
  ...baseShape,
  type: z.literal('spans'),
  source: SourceKeySchema,
  labels: LabelListSchema,
});

/** A parsed `spans` field. */
export type SpansField = z.output<typeof SpansFieldSchema>;

/**
 * One labelled span. `start`/`end` are offsets into the JavaScript string (UTF-16 code units,
 * what `String.prototype.slice` uses), end exclusive. `text`, when sent, must equal that slice.
 */
export interface Span {
  start: number;
  end: number;
  label: string;
  text?: string;
}

const KEYS = ['start', 'end', 'label', 'text'] as const;

/**
 * Check spans: a list (possibly empty) of `{start, end, label, text?}` with integer offsets,
 * `0 <= start < end`, and `end` within the source text when `taskData` holds it as a string.
 * Overlapping spans are allowed; the exact same span twice is not.
 */
export function checkSpans(field: SpansField, value: unknown, taskData?: Record<string, unknown>): Checked {
  if (!Array.isArray(value)) {
    return fail('invalid_type', `expected a list of spans {start, end, label}, got ${describeValue(value)}`);
  }
  const source = isPlainObject(taskData) ? own(taskData, field.source) : undefined;
  const text = typeof source === 'string' ? source : null;
  const problems: Problem[] = [];
  const seen = new Set<string>();
  const out: Span[] = [];
  value.forEach((item: unknown, i) => {
    const where = `span ${i}`;
    if (!isPlainObject(item)) {
      problems.push({ code: 'invalid_type', message: `${where} must be an object {start, end, label}, got ${describeValue(item)}` });
      return;
    }
    const before = problems.length;
    const extra = extraKeys(item, KEYS);
    if (extra.length > 0) {
      problems.push({ code: 'unknown_property', message: `${where} has unexpected ${quoteAll(extra)}; spans take start, end, label and text` });
    }
    const start = own(item, 'start');
    const end = own(item, 'end');
    const label = own(item, 'label');
    const quoted = own(item, 'text');
    if (typeof start !== 'number' || !Number.isSafeInteger(start) || start < 0) {
      problems.push({ code: 'invalid_span', message: `${where}: start must be an integer offset >= 0, got ${describeValue(start)}` });
    } else if (typeof end !== 'number' || !Number.isSafeInteger(end) || end <= start) {
      problems.push({ code: 'invalid_span', message: `${where}: end must be an integer offset greater than start (${start}), got ${describeValue(end)}` });
    } else if (text !== null && end > text.length) {
      problems.push({ code: 'span_out_of_bounds', message: `${where}: end ${end} is past the end of the text (length ${text.length})` });
    } else if (quoted !== undefined && typeof quoted !== 'string') {
      problems.push({ code: 'invalid_type', message: `${where}: text must be a string, got ${describeValue(quoted)}` });
    } else if (typeof quoted === 'string' && text !== null && text.slice(start, end) !== quoted) {
      problems.push({
        code: 'span_text_mismatch',
        message: `${where}: text ${describeValue(quoted)} does not match the source at ${start}..${end} (${describeValue(text.slice(start, end))}); offsets count UTF-16 code units`,
      });
    }
    const bad = labelProblem(field.labels, label, where);
    if (bad) problems.push(bad);
    if (problems.length > before) return;
    const span: Span = { start: start as number, end: end as number, label: label as string };
    if (typeof quoted === 'string') span.text = quoted;
    const key = `${span.start}:${span.end}:${span.label}`;
    if (seen.has(key)) {
      problems.push({ code: 'duplicate_span', message: `${where} repeats ${span.start}..${span.end} "${span.label}"; list each span once` });
      return;
    }
    seen.add(key);
    out.push(span);
  });
  return settle(problems, out);
}
