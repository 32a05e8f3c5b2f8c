import type { LabelField, Span, SpansField } from '../schema/index.ts';
import type { ExportTask } from './llm-records.ts';

/** Word boundaries by the Unicode rules (CJK words, emoji with their modifiers, "don't", "3.14"). */
const WORDS = new Intl.Segmenter(undefined, { granularity: 'word' });

/**
 * The text's tokens: its words and punctuation marks (Intl.Segmenter, so
 * Chinese and Japanese split into words too), each cut again where a span
 * starts or ends inside it, so every span is a whole number of tokens.
 */
function tokenize(text: string, spans: Span[]): Array<{ token: string; start: number; end: number }> {
  const cuts = new Set(spans.flatMap((s) => [s.start, s.end]));
  const out: Array<{ token: string; start: number; end: number }> = [];
  for (const { segment, index } of WORDS.segment(text)) {
    if (segment.trim() === '') continue;
    let from = 0;
    for (let i = 1; i < segment.length; i++) {
      if (!cuts.has(index + i)) continue;
      out.push({ token: segment.slice(from, i), start: index + from, end: index + i });
      from = i;
    }
    out.push({ token: segment.slice(from), start: index + from, end: index + segment.length });
  }
  return out.filter((t) => t.token.trim() !== '');
}

/** A label as one column: whitespace inside it becomes `_`. */
const tagLabel = (label: string) => label.trim().replace(/\s+/g, '_');

/**
 * The text's tokens, each tagged in the BIO scheme from the spans: `B-LABEL`
 * on a span's first token, `I-LABEL` on the rest, `O` outside every span.
 * Overlapping spans cannot both be written in BIO: earlier spans win, and of
 * two starting together the longer; the other resumes after the shared
 * tokens with a new `B-`.
 */
export function bioTokens(text: string, spans: Span[]): Array<{ token: string; tag: string }> {
  const tokens = tokenize(text, spans).map((t) => ({ ...t, tag: 'O' }));
  const ordered = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  for (const s of ordered) {
    let first = true;
    for (const t of tokens) {
      if (t.end <= s.start || t.start >= s.end) continue;
      if (t.tag !== 'O') {
        first = true;
        continue;
      }
      t.tag = `${first ? 'B' : 'I'}-${tagLabel(s.label)}`;
      first = false;
    }
  }
  return tokens.map(({ token, tag }) => ({ token, tag }));
}

/**
 * The task's CoNLL blocks, one per spans field with a result and a non-blank
 * source text: a `token TAG` line per token, then a blank line (two columns,
 * as CoNLL-2003 NER readers take them). A result with no span gives all `O`.
 */
export function conllBlocks(fields: LabelField[], t: ExportTask): string[] {
  const out: string[] = [];
  if (!t.result) return out;
  for (const f of fields) {
    if (f.type !== 'spans') continue;
    const text = t.data[(f as SpansField).source];
    const spans = t.result[f.name];
    if (typeof text !== 'string' || !Array.isArray(spans)) continue;
    const lines = bioTokens(text, spans as Span[]).map(({ token, tag }) => `${token} ${tag}`);
    if (lines.length > 0) out.push(`${lines.join('\n')}\n\n`);
  }
  return out;
}
