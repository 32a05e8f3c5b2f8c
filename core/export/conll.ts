import type { LabelField, Span, SpansField } from '../schema/index.ts';
import type { ExportTask } from './llm-records.ts';

/** A word (letters, digits and combining marks) or any other single non-space character. */
const TOKEN = /[\p{L}\p{N}\p{M}]+|\S/gu;

/**
 * The text's tokens, each tagged in the BIO scheme from the spans: `B-LABEL`
 * on a span's first token, `I-LABEL` on the rest, `O` outside every span. A
 * token belongs to a span it overlaps. Overlapping spans cannot both be
 * written in BIO: earlier spans win, and of two starting together the longer.
 */
export function bioTokens(text: string, spans: Span[]): Array<{ token: string; tag: string }> {
  const tokens = [...text.matchAll(TOKEN)].map((m) => ({ token: m[0], start: m.index, end: m.index + m[0].length, tag: 'O' }));
  const ordered = [...spans].sort((a, b) => a.start - b.start || b.end - a.end);
  for (const s of ordered) {
    let first = true;
    for (const t of tokens) {
      if (t.end <= s.start || t.start >= s.end) continue;
      if (t.tag !== 'O') {
        first = true; // a token an earlier span holds: this span resumes after it with a new B-
        continue;
      }
      t.tag = `${first ? 'B' : 'I'}-${s.label}`;
      first = false;
    }
  }
  return tokens.map(({ token, tag }) => ({ token, tag }));
}

/**
 * The task's CoNLL blocks, one per spans field whose source text is a string:
 * `# task_id = N` and `# field = name` comment lines (CoNLL-U style), then a
 * `token TAG` line per token, then a blank line. A task with no spans result
 * for a field still gives its tokens, all `O` (a labelled "nothing here").
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
    out.push(`# task_id = ${t.id}\n# field = ${f.name}\n${lines.join('\n')}\n\n`);
  }
  return out;
}
