import { describe, expect, it } from 'vitest';
import { parseLabelSchema } from '../schema/index.ts';
import { bioTokens, conllBlocks } from './conll.ts';

describe('CoNLL (BIO) export', () => {
  it('tags a span start B- and its other tokens I-, punctuation as its own token', () => {
    const text = 'Angela Merkel visited Paris, France.';
    const spans = [
      { start: 0, end: 13, label: 'PER' },
      { start: 22, end: 35, label: 'LOC' },
    ];
    expect(bioTokens(text, spans).map((t) => `${t.token} ${t.tag}`)).toEqual([
      'Angela B-PER',
      'Merkel I-PER',
      'visited O',
      'Paris B-LOC',
      ', I-LOC',
      'France I-LOC',
      '. O',
    ]);
  });

  it('gives an overlapped token to the earlier (then longer) span, and a span touching part of a word the whole word', () => {
    const text = 'New York City mayors';
    const spans = [
      { start: 4, end: 13, label: 'CITY' },
      { start: 0, end: 8, label: 'STATE' },
      { start: 14, end: 17, label: 'ROLE' },
    ];
    expect(bioTokens(text, spans).map((t) => t.tag)).toEqual(['B-STATE', 'I-STATE', 'B-CITY', 'B-ROLE']);
  });

  it('writes one block per spans field with comment lines, all O when the result holds no span', () => {
    const parsed = parseLabelSchema({ fields: [{ name: 'ents', type: 'spans', source: 'text', labels: ['ORG'] }] });
    if (!parsed.ok) throw new Error('schema');
    const t = { id: 7, uniqueId: null, data: { text: 'ACME hires.' }, fields: null, confidence: null };
    expect(conllBlocks(parsed.schema.fields, { ...t, result: { ents: [{ start: 0, end: 4, label: 'ORG' }] } })).toEqual([
      '# task_id = 7\n# field = ents\nACME B-ORG\nhires O\n. O\n\n',
    ]);
    expect(conllBlocks(parsed.schema.fields, { ...t, result: { ents: [] } })).toEqual(['# task_id = 7\n# field = ents\nACME O\nhires O\n. O\n\n']);
    expect(conllBlocks(parsed.schema.fields, { ...t, result: null })).toEqual([]);
  });
});
