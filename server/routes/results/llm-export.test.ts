import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addMember, bootstrap, DB_KIND, SENTIMENT_SCHEMA, secondOrg, testApp, type Client, type TestApp } from '../../../test/harness.ts';

/** Claims the next task and submits `answer(task data)`; returns the task's data. */
async function labelNext(api: Client, projectId: number, answer: (data: Record<string, any>) => Record<string, unknown>) {
  const c = await api.post(`/api/v1/projects/${projectId}/claims`);
  expect(c.status).toBe(200);
  const s = await api.post(`/api/v1/claims/${c.body.claim.id}/submit`, { value: answer(c.body.task.data), activeMs: 1000 });
  expect(s.status, s.text).toBeLessThan(300);
  return c.body.task.data as Record<string, any>;
}

const jsonLines = (text: string) => (text === '' ? [] : text.trimEnd().split('\n').map((l) => JSON.parse(l)));

describe(`training-data exports: dpo, sft and conll (${DB_KIND})`, () => {
  let t: TestApp;
  let owner: Client;
  let annotator: Client;
  const project = async (schema: unknown, tasks: unknown[]) => {
    // One annotation finishes a task: the export reads done tasks.
    const p = await owner.post('/api/v1/projects', { name: `p${Math.random()}`, schema, overlapMin: 1, overlapMax: 1, targetConfidence: 0 });
    expect(p.status, p.text).toBe(201);
    expect((await owner.post(`/api/v1/projects/${p.body.id}/tasks`, tasks)).body.created).toBe(tasks.length);
    return p.body.id as number;
  };
  beforeAll(async () => {
    t = await testApp();
    ({ owner } = await bootstrap(t.app));
    annotator = (await addMember(t.app, owner, 'llm@acme.test')).api;
  });
  afterAll(() => t.close());

  it('dpo: a pair per decided pairwise result, every ordered pair of a ranking, nothing for ties or unfinished tasks', async () => {
    const id = await project(
      { fields: [{ name: 'better', type: 'pairwise', allowTie: true }, { name: 'order', type: 'ranking', source: 'responses' }] },
      [
        { uniqueId: 'hi', data: { prompt: 'Say hi', a: 'Hi!', b: 'Go away', responses: ['x', 'y', 'z'] } },
        { uniqueId: 'sum', data: { question: '2+2?', a: '5', b: '4', responses: [{ text: 'four' }, { text: '4' }] } },
        { uniqueId: 'tie', data: { prompt: 'Pick', a: 'same', b: 'same', responses: ['p', 'q'] } },
        { uniqueId: 'open', data: { prompt: 'Not yet', a: 'a', b: 'b', responses: ['m', 'n'] } },
      ],
    );
    const answers: Record<string, Record<string, unknown>> = {
      'Say hi': { better: { choice: 'A' }, order: [2, 0, 1] },
      '2+2?': { better: { choice: 'B' }, order: [1, 0] },
      Pick: { better: { choice: 'tie' }, order: [0, 1] },
    };
    for (let i = 0; i < 3; i++) await labelNext(annotator, id, (d) => answers[d.prompt ?? d.question]);

    const res = await owner.get(`/api/v1/projects/${id}/results?format=dpo`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/application\/x-ndjson/);
    expect(res.headers['content-disposition']).toContain(`project-${id}-dpo.jsonl`);
    const pairs = jsonLines(res.text).map(({ prompt, chosen, rejected, uniqueId, field, chosenRank, rejectedRank }) => ({
      prompt, chosen, rejected, uniqueId, field, ...(chosenRank ? { ranks: [chosenRank, rejectedRank] } : {}),
    }));
    expect(pairs).toEqual([
      { prompt: 'Say hi', chosen: 'Hi!', rejected: 'Go away', uniqueId: 'hi', field: 'better' },
      { prompt: 'Say hi', chosen: 'z', rejected: 'x', uniqueId: 'hi', field: 'order', ranks: [1, 2] },
      { prompt: 'Say hi', chosen: 'z', rejected: 'y', uniqueId: 'hi', field: 'order', ranks: [1, 3] },
      { prompt: 'Say hi', chosen: 'x', rejected: 'y', uniqueId: 'hi', field: 'order', ranks: [2, 3] },
      { prompt: '2+2?', chosen: '4', rejected: '5', uniqueId: 'sum', field: 'better' },
      { prompt: '2+2?', chosen: '4', rejected: 'four', uniqueId: 'sum', field: 'order', ranks: [1, 2] },
      { prompt: 'Pick', chosen: 'p', rejected: 'q', uniqueId: 'tie', field: 'order', ranks: [1, 2] },
    ]);
    for (const line of jsonLines(res.text)) expect(typeof line.taskId).toBe('number');
  });

  it('sft: a chat per non-blank text result, the prompt from the field source or the task prompt', async () => {
    const id = await project({ fields: [{ name: 'answer', type: 'text', source: 'question' }, { name: 'note', type: 'text', required: false }] }, [
      { uniqueId: 'q1', data: { question: 'What is 2+2?', prompt: 'ignored for answer' } },
      { uniqueId: 'q2', data: { question: 'Capital of France?' } },
    ]);
    await labelNext(annotator, id, (d) => (d.question === 'What is 2+2?' ? { answer: '4', note: 'easy' } : { answer: 'Paris' }));
    await labelNext(annotator, id, (d) => (d.question === 'What is 2+2?' ? { answer: '4', note: 'easy' } : { answer: 'Paris' }));
    const res = await owner.get(`/api/v1/projects/${id}/results?format=sft`);
    expect(res.status).toBe(200);
    const rows = jsonLines(res.text).map(({ messages, uniqueId, field }) => ({ messages, uniqueId, field }));
    expect(rows).toEqual([
      { messages: [{ role: 'user', content: 'What is 2+2?' }, { role: 'assistant', content: '4' }], uniqueId: 'q1', field: 'answer' },
      { messages: [{ role: 'user', content: 'ignored for answer' }, { role: 'assistant', content: 'easy' }], uniqueId: 'q1', field: 'note' },
      { messages: [{ role: 'user', content: 'Capital of France?' }, { role: 'assistant', content: 'Paris' }], uniqueId: 'q2', field: 'answer' },
    ]);
    // fields= keeps the answers and leaves the notes out; a field the format cannot use is a 400 that lists the usable ones.
    const answers = await owner.get(`/api/v1/projects/${id}/results?format=sft&fields=answer`);
    expect(jsonLines(answers.text).map((r) => r.field)).toEqual(['answer', 'answer']);
    const wrong = await owner.get(`/api/v1/projects/${id}/results?format=sft&fields=answer,nope`);
    expect(wrong.status).toBe(400);
    expect(wrong.body.error).toMatchObject({ code: 'invalid_fields' });
    expect(wrong.body.error.message).toContain('"nope" is not');
    expect(wrong.body.error.message).toContain('(answer, note)');
    // Another org sees no such project, in these formats as in the others.
    const other = await secondOrg(t.app, owner);
    const foreign = await other.owner.get(`/api/v1/projects/${id}/results?format=sft`);
    expect(foreign.status).toBe(404);
    expect(foreign.text).not.toContain('Paris');
  });

  it('conll: BIO-tagged tokens of the spans result of each done task, a block per task', async () => {
    const id = await project({ fields: [{ name: 'ents', type: 'spans', source: 'text', labels: ['PER', 'LOC'] }] }, [
      { uniqueId: 's1', data: { text: 'Ada Lovelace lived in London.' } },
      { uniqueId: 's2', data: { text: 'Nothing here' } },
    ]);
    const spans: Record<string, unknown[]> = {
      'Ada Lovelace lived in London.': [{ start: 0, end: 12, label: 'PER' }, { start: 22, end: 28, label: 'LOC' }],
      'Nothing here': [],
    };
    for (let i = 0; i < 2; i++) await labelNext(annotator, id, (d) => ({ ents: spans[d.text] }));
    const res = await owner.get(`/api/v1/projects/${id}/results?format=conll`);
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toMatch(/text\/plain/);
    const blocks = res.text.trimEnd().split('\n\n').map((b) => b.split('\n'));
    expect(blocks).toEqual([
      ['Ada B-PER', 'Lovelace I-PER', 'lived O', 'in O', 'London B-LOC', '. O'],
      ['Nothing O', 'here O'],
    ]);
  });

  it('answers 400 format_not_applicable for a schema without the fields the format is built from', async () => {
    const id = await project(SENTIMENT_SCHEMA, [{ data: { text: 'fine' } }]);
    for (const format of ['dpo', 'sft', 'conll']) {
      const res = await owner.get(`/api/v1/projects/${id}/results?format=${format}`);
      expect(res.status).toBe(400);
      expect(res.body.error.code).toBe('format_not_applicable');
      expect(res.body.error.message).toContain('Use jsonl, csv.');
    }
    const unknown = await owner.get(`/api/v1/projects/${id}/results?format=parquet`);
    expect(unknown.status).toBe(400);
    expect(unknown.body.error.code).toBe('unsupported_format');
    expect(unknown.body.error.message).toContain('coco, yolo');
  });
});
