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

  it('gives an overlapped token to the earlier (then longer) span, and cuts a word where a span starts or ends inside it', () => {
    const text = 'New York City mayors';
    const spans = [
      { start: 4, end: 13, label: 'CITY' },
      { start: 0, end: 8, label: 'STATE' },
      { start: 14, end: 17, label: 'ROLE' },
    ];
    expect(bioTokens(text, spans).map((t) => `${t.token} ${t.tag}`)).toEqual(['New B-STATE', 'York I-STATE', 'City B-CITY', 'may B-ROLE', 'ors O']);
  });

  it('splits Chinese into words, keeps emoji whole, and writes a label with spaces as one column', () => {
    expect(bioTokens('我住在北京。', [{ start: 3, end: 5, label: 'LOC' }]).map((t) => `${t.token} ${t.tag}`)).toEqual(['我 O', '住在 O', '北京 B-LOC', '。 O']);
    expect(bioTokens("I ❤️ NY 👍🏽 don't", [{ start: 5, end: 7, label: 'Big City' }]).map((t) => `${t.token} ${t.tag}`)).toEqual([
      'I O',
      '❤️ O',
      'NY B-Big_City',
      '👍🏽 O',
      "don't O",
    ]);
  });

  it('writes one two-column block per spans field, all O when the result holds no span, none for blank text', () => {
    const parsed = parseLabelSchema({ fields: [{ name: 'ents', type: 'spans', source: 'text', labels: ['ORG'] }] });
    if (!parsed.ok) throw new Error('schema');
    const t = { id: 7, uniqueId: null, data: { text: 'ACME hires.' }, fields: null };
    expect(conllBlocks(parsed.schema.fields, { ...t, result: { ents: [{ start: 0, end: 4, label: 'ORG' }] } })).toEqual([
      'ACME B-ORG\nhires O\n. O\n\n',
    ]);
    expect(conllBlocks(parsed.schema.fields, { ...t, result: { ents: [] } })).toEqual(['ACME O\nhires O\n. O\n\n']);
    expect(conllBlocks(parsed.schema.fields, { ...t, data: { text: '  ' }, result: { ents: [] } })).toEqual([]);
    expect(conllBlocks(parsed.schema.fields, { ...t, result: null })).toEqual([]);
  });
});
