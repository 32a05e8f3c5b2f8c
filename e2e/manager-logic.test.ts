/**
 * Pure logic of the manager and review pages, tested in Node (no browser): the schema
 * editor's model (edits, retyping, the short form of a stored schema, error paths), the
 * settings checks, the dashboard's hourly series, where a review fix starts, value
 * summaries and the import format by file name. Beside web-logic.test.ts, with the web
 * app's suite.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { FIELD_TYPES, parseLabelSchema, type LabelSchemaT } from '../core/schema/index.ts';
import { formatOf } from '../web/src/api/upload.ts';
import { hourlySeries } from '../web/src/dashboard/series.ts';
import { checkSettings, DEFAULT_VALUES } from '../web/src/pages/manager/project-form.ts';
import { formatPct } from '../web/src/pages/manager/format.ts';
import { fixStart } from '../web/src/pages/review/fix-value.ts';
import { heartbeatEvery } from '../web/src/pages/review/use-review-queue.ts';
import { dataPreview, summarize } from '../web/src/results/summary.ts';
import { sameValue } from '../web/src/results/CompareTable.tsx';
import {
  changeType,
  compactSchema,
  effectiveHotkeys,
  fromItems,
  groupErrors,
  move,
  newField,
  patchField,
  placeOf,
  readJson,
  STARTER_SCHEMA,
  toItems,
  type RawField,
} from '../web/src/schema-editor/draft.ts';

const parsed = (input: unknown): LabelSchemaT => {
  const r = parseLabelSchema(input);
  if (!r.ok) throw new Error(JSON.stringify(r.errors));
  return r.schema;
};

describe('schema editor model', () => {
  it('starts valid, and every new field of every type is valid as it is', () => {
    expect(parseLabelSchema(STARTER_SCHEMA).ok).toBe(true);
    const fields: RawField[] = [];
    for (const t of FIELD_TYPES) fields.push(newField(t, fields));
    expect(new Set(fields.map((f) => f.name)).size).toBe(FIELD_TYPES.length);
    expect(parseLabelSchema({ fields }).ok).toBe(true);
    // A second field of a type gets a fresh name.
    expect(newField('choice', [{ name: 'label' }]).name).toBe('label_2');
  });

  it('retypes a field keeping what still applies: choice options become labels and back', () => {
    const choice = { name: 'x', type: 'choice', title: 'X', source: 'text', multiple: true, options: ['a', { value: 'b', hotkey: 'b' }] };
    const spans = changeType(choice, 'spans');
    expect(spans).toEqual({ name: 'x', type: 'spans', title: 'X', source: 'text', labels: ['a', { value: 'b', hotkey: 'b' }] });
    const back = changeType({ ...spans, labels: [{ value: 'a', color: 'red' }] }, 'choice');
    expect(back).toEqual({ name: 'x', type: 'choice', title: 'X', source: 'text', options: [{ value: 'a' }] });
    // Bounds of a number field are not a rating scale unless whole numbers.
    expect(changeType({ name: 'n', type: 'number', min: 0.5, max: 9 }, 'rating')).toEqual({ name: 'n', type: 'rating', min: 1, max: 9 });
    for (const from of FIELD_TYPES)
      for (const to of FIELD_TYPES) expect(parseLabelSchema({ fields: [changeType(newField(from, []), to)] }).ok, `${from} -> ${to}`).toBe(true);
  });

  it('patches, moves, and turns option lists into rows and back compactly', () => {
    expect(patchField({ name: 'a', type: 'text', min: 1 }, { min: undefined, max: 5 })).toEqual({ name: 'a', type: 'text', max: 5 });
    expect(move([1, 2, 3], 0, 1)).toEqual([2, 1, 3]);
    expect(move([1, 2, 3], 2, 1)).toEqual([1, 2, 3]);
    const items = toItems(['a', { value: 'b', label: 'Bee', hotkey: null }, { value: 'c', color: '#f00' }]);
    expect(items).toEqual([{ value: 'a' }, { value: 'b', label: 'Bee', hotkey: null }, { value: 'c', color: '#f00' }]);
    expect(fromItems(items)).toEqual(['a', { value: 'b', label: 'Bee' }, { value: 'c', color: '#f00' }]);
  });

  it('shows the hotkeys core/schema will assign', () => {
    expect(effectiveHotkeys([{ value: 'a' }, { value: 'b' }])).toEqual(['1', '2']);
    expect(effectiveHotkeys([{ value: 'a', hotkey: 'x' }, { value: 'b' }])).toEqual(['x', null]);
    const twelve = Array.from({ length: 12 }, (_, i) => ({ value: `o${i}` }));
    expect(effectiveHotkeys(twelve).slice(8)).toEqual(['9', '0', null, null]);
    // The same as the parser's normalization.
    const p = parsed({ fields: [{ name: 'c', type: 'choice', options: twelve.map((o) => o.value) }] });
    expect((p.fields[0] as { options: { hotkey: string | null }[] }).options.map((o) => o.hotkey)).toEqual(effectiveHotkeys(twelve));
  });

  it('writes a stored schema back the short way, and it parses to the same schema', () => {
    const stored = parsed({
      fields: [
        { name: 'a', type: 'choice', options: ['x', 'y'] },
        { name: 'b', type: 'spans', source: 't', labels: [{ value: 'P', hotkey: 'p', color: 'red' }, { value: 'L', label: 'Place' }] },
        { name: 'c', type: 'number', integer: true, required: false },
        { name: 'd', type: 'pairwise', allowTie: true },
      ],
    });
    const short = compactSchema(stored)!;
    expect(short.fields).toEqual([
      { name: 'a', type: 'choice', options: ['x', 'y'] },
      { name: 'b', type: 'spans', source: 't', labels: [{ value: 'P', hotkey: 'p', color: 'red' }, { value: 'L', label: 'Place' }] },
      { name: 'c', required: false, type: 'number', integer: true },
      { name: 'd', type: 'pairwise', allowTie: true },
    ]);
    expect(parsed(short)).toEqual(stored);
  });

  it('round-trips any valid generated schema through the short form', () => {
    const option = fc.oneof(fc.constantFrom('a', 'b', 'c', 'd', 'e'), fc.record({ value: fc.constantFrom('a', 'b', 'c', 'd', 'e'), label: fc.option(fc.constantFrom('A', 'Bee'), { nil: undefined }), hotkey: fc.option(fc.constantFrom('q', 'w', 'e', 'r'), { nil: undefined }) }));
    fc.assert(
      fc.property(fc.array(option, { minLength: 1, maxLength: 6 }), fc.boolean(), fc.boolean(), (options, multiple, required) => {
        const r = parseLabelSchema({ fields: [{ name: 'f', type: 'choice', options, multiple, required }] });
        if (!r.ok) return; // duplicates and clashing hotkeys are the parser's business
        expect(parsed(compactSchema(r.schema))).toEqual(r.schema);
      }),
      { numRuns: 300 },
    );
  });

  it('reads JSON typed in the JSON view, and places errors on their field', () => {
    expect(readJson('{"fields": []}')).toEqual({ ok: true, schema: { fields: [] } });
    expect(readJson('{"fields": [').ok).toBe(false);
    expect(readJson('[1]')).toMatchObject({ ok: false, message: expect.stringContaining('{"fields": [...]}') });
    expect(readJson('{"fields": [1]}').ok).toBe(false);
    expect(placeOf('fields[2].options[1].hotkey')).toEqual({ field: 2, sub: 'options[1].hotkey' });
    expect(placeOf('fields[0]')).toEqual({ field: 0, sub: '' });
    expect(placeOf('fields')).toEqual({ field: null, sub: 'fields' });
    const r = parseLabelSchema({ fields: [{ name: 'ok', type: 'choice', options: ['a'] }, { name: 'bad name', type: 'rating', min: 5, max: 1 }] });
    expect(r.ok).toBe(false);
    const g = groupErrors(r.ok ? [] : r.errors);
    expect([...g.keys()]).toEqual([1]);
    expect(g.get(1)!.map((e) => e.sub).sort()).toEqual(['min', 'name']);
  });
});

describe('project settings', () => {
  it('accepts the defaults and names each bad number', () => {
    const ok = checkSettings({ ...DEFAULT_VALUES, name: ' Reviews ' });
    expect(ok).toMatchObject({ ok: true, body: { name: 'Reviews', overlapMin: 1, overlapMax: 3, targetConfidence: 0.8, leaseSeconds: 600, aggregation: 'auto' } });
    const bad = checkSettings({ ...DEFAULT_VALUES, name: '', quality: { ...DEFAULT_VALUES.quality, overlapMin: '4', overlapMax: '2', goldRate: '2', leaseSeconds: '1.5', reviewRate: 'x' } });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys(bad.errors).sort()).toEqual(['goldRate', 'leaseSeconds', 'name', 'overlapMax', 'reviewRate']);
  });
});

describe('dashboard series', () => {
  it('spreads hourly counts over 48 evenly spaced hours and ends the running total at the project total', () => {
    const now = Date.parse('2026-01-10T12:30:00Z');
    const s = hourlySeries(
      [
        { hour: '2026-01-10T10:00:00.000Z', annotations: 3 },
        { hour: '2026-01-10T12:00:00.000Z', annotations: 2 },
      ],
      105,
      now,
    );
    expect(s.x).toHaveLength(48);
    expect(s.x[47]).toBe(Date.parse('2026-01-10T12:00:00Z') / 1000);
    expect(s.x[1] - s.x[0]).toBe(3600);
    expect(s.perHour.slice(-3)).toEqual([3, 0, 2]);
    expect(s.cumulative[0]).toBe(100);
    expect(s.cumulative.slice(-3)).toEqual([103, 103, 105]);
  });
  it('keeps small shares visible', () => {
    expect(formatPct(5 / 4001)).toBe('0.1%');
    expect(formatPct(0.5)).toBe('50%');
    expect(formatPct(0)).toBe('0%');
    expect(formatPct(null)).toBe('—');
  });
});

describe('review', () => {
  const schema = parsed({
    fields: [
      { name: 's', type: 'choice', options: ['pos', 'neg'] },
      { name: 'n', type: 'number', min: 0, max: 10, required: false },
      { name: 't', type: 'text' },
    ],
  });
  it('starts a fix from the result, else from a valid annotation, else empty', () => {
    const start = fixStart(schema, {}, { value: { s: 'neg', n: 99 }, confidence: 0.6, method: 'mv', agreement: null, fields: {} }, [
      { id: 1, taskId: 1, userId: 1, claimId: 1, value: { s: 'pos', n: 4, t: 'hello' }, activeMs: 1, createdAt: '' },
    ]);
    expect(start).toEqual({ s: 'neg', n: 4, t: 'hello' });
    expect(fixStart(schema, {}, null, [])).toEqual({ s: null, n: null, t: '' });
  });
  it('heartbeats a third of the lease, between 5 s and 60 s', () => {
    expect(heartbeatEvery(600)).toBe(60_000);
    expect(heartbeatEvery(30)).toBe(10_000);
    expect(heartbeatEvery(5)).toBe(5_000);
  });
  it('compares answers regardless of key order', () => {
    expect(sameValue({ choice: 'A', strength: 2 }, { strength: 2, choice: 'A' })).toBe(true);
    expect(sameValue([1, 2], [2, 1])).toBe(false);
    expect(sameValue(undefined, null)).toBe(true);
  });
});

describe('tables and import', () => {
  const schema = parsed({
    fields: [
      { name: 'c', type: 'choice', multiple: true, options: ['a', 'b'] },
      { name: 'r', type: 'rating', max: 7 },
      { name: 'p', type: 'pairwise', strength: true },
      { name: 'b', type: 'boxes', source: 'img', labels: ['x'] },
    ],
  });
  it('summarizes answers in one line', () => {
    expect(summarize(schema.fields[0], ['a', 'b'])).toBe('a, b');
    expect(summarize(schema.fields[1], 5)).toBe('5/7');
    expect(summarize(schema.fields[2], { choice: 'B', strength: 3 })).toBe('B (3)');
    expect(summarize(schema.fields[3], [{}, {}])).toBe('2 boxes');
    expect(summarize(schema.fields[0], null)).toBe('—');
    expect(dataPreview({ text: 'hello', img: 'data:image/png;base64,AAAA', n: 3, list: [1, 2] })).toBe('hello · img: [inline data] · n: 3 · list: [2]');
  });
  it('picks the import format from the file name', () => {
    expect(formatOf('tasks.JSONL')).toBe('ndjson');
    expect(formatOf('a.ndjson')).toBe('ndjson');
    expect(formatOf('a.csv')).toBe('csv');
    expect(formatOf('a.json')).toBe('json');
    expect(formatOf('a.txt')).toBeNull();
  });
});
