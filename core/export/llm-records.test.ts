import { describe, expect, it } from 'vitest';
import { parseLabelSchema, type LabelField } from '../schema/index.ts';
import { dpoRecords, sftRecords, type ExportTask } from './llm-records.ts';

function fieldsOf(input: unknown): LabelField[] {
  const parsed = parseLabelSchema(input);
  if (!parsed.ok) throw new Error('bad schema in the test');
  return parsed.schema.fields;
}

const task = (data: Record<string, unknown>, result: Record<string, unknown> | null, fields: ExportTask['fields'] = null): ExportTask => ({
  id: 1,
  uniqueId: 'u1',
  data,
  result,
  fields,
});

describe('dpo records', () => {
  const fields = fieldsOf({ fields: [{ name: 'ab', type: 'pairwise', source: 'pair' }, { name: 'rank', type: 'ranking', source: 'cands' }] });

  it('reads the pair from data[source] as {a, b} or [a, b], writes non-strings as JSON, and takes the field confidence', () => {
    const fromObject = dpoRecords(fields, task({ instruction: 'Summarize', pair: { response_a: { x: 1 }, response_b: 'short' } }, { ab: { choice: 'A' } }, { ab: { confidence: 0.9 } }));
    expect(fromObject).toEqual([{ prompt: 'Summarize', chosen: '{"x":1}', rejected: 'short', taskId: 1, uniqueId: 'u1', field: 'ab', confidence: 0.9 }]);
    const fromArray = dpoRecords(fields, task({ prompt: 'P', pair: ['one', 'two'] }, { ab: { choice: 'B', strength: 2 } }));
    expect(fromArray.map((r) => [r.chosen, r.rejected, r.confidence])).toEqual([['two', 'one', null]]);
  });

  it('gives nothing for a tie, a missing side, no result, placeholder candidates, or ranking indices beyond the candidates', () => {
    const placeholders = fieldsOf({ fields: [{ name: 'rank', type: 'ranking', candidates: 2 }] });
    expect(dpoRecords(placeholders, task({ prompt: 'P' }, { rank: [1, 0] }))).toEqual([]);
    expect(dpoRecords(fields, task({ pair: ['a', 'b'] }, { ab: { choice: 'tie' } }))).toEqual([]);
    expect(dpoRecords(fields, task({ pair: { a: 'only' } }, { ab: { choice: 'A' } }))).toEqual([]);
    expect(dpoRecords(fields, task({ pair: ['a', 'b'] }, null))).toEqual([]);
    const r = dpoRecords(fields, task({ cands: [{ content: 'c0' }, { text: 'c1' }] }, { rank: [1, 5, 0] }));
    expect(r.map((x) => [x.chosen, x.rejected, x.chosenRank, x.rejectedRank])).toEqual([['c1', 'c0', 1, 3]]);
  });
});

describe('sft records', () => {
  const fields = fieldsOf({ fields: [{ name: 'reply', type: 'text' }, { name: 'title', type: 'text', source: 'article' }] });

  it('pairs each non-blank text result with its prompt, and skips texts without one', () => {
    const out = sftRecords(fields, task({ article: { body: 'x' } }, { reply: 'no prompt here', title: 'A title' }));
    expect(out).toEqual([
      { messages: [{ role: 'user', content: '{"body":"x"}' }, { role: 'assistant', content: 'A title' }], taskId: 1, uniqueId: 'u1', field: 'title', confidence: null },
    ]);
    expect(sftRecords(fields, task({ prompt: 'Hi' }, { reply: '   ' }))).toEqual([]);
    expect(sftRecords(fields, task({ prompt: 'Hi' }, { reply: 'Hello!' })).map((r) => r.messages[1].content)).toEqual(['Hello!']);
    // A null prompt key falls through to the next one, as the workspace shows it.
    expect(sftRecords(fields, task({ prompt: null, question: 'Q?' }, { reply: 'A.' })).map((r) => r.messages[0].content)).toEqual(['Q?']);
  });
});
