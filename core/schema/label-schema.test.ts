import { describe, expect, it } from 'vitest';
import { FIELD_TYPES, LabelSchema, parseLabelSchema, type LabelSchemaT, type SchemaError } from './index.ts';

/** Parse a schema that must be valid, or fail the test with its errors. */
function parsed(input: unknown): LabelSchemaT {
  const r = parseLabelSchema(input);
  if (!r.ok) throw new Error(`expected a valid schema, got ${JSON.stringify(r.errors)}`);
  return r.schema;
}

/** Parse a schema that must be invalid, returning its errors. */
function rejected(input: unknown): SchemaError[] {
  const r = parseLabelSchema(input);
  if (r.ok) throw new Error(`expected errors, got ${JSON.stringify(r.schema)}`);
  return r.errors;
}

const one = (field: Record<string, unknown>) => ({ fields: [field] });

const VALID_FIELDS = [
  { name: 'sentiment', type: 'choice', options: ['pos', 'neg'] },
  { name: 'ents', type: 'spans', source: 'text', labels: ['PER', 'ORG'] },
  { name: 'cars', type: 'boxes', source: 'image', labels: ['car'] },
  { name: 'roads', type: 'polygons', source: 'image', labels: ['road'] },
  { name: 'quality', type: 'rating' },
  { name: 'better', type: 'pairwise' },
  { name: 'order', type: 'ranking', source: 'responses' },
  { name: 'note', type: 'text' },
  { name: 'count', type: 'number' },
];

describe('parseLabelSchema: accepted schemas', () => {
  it('accepts one field of every type together', () => {
    const schema = parsed({ fields: VALID_FIELDS });
    expect(schema.fields.map((f) => f.type)).toEqual(FIELD_TYPES);
  });

  it('fills in defaults', () => {
    const schema = parsed({ fields: VALID_FIELDS });
    const byName = Object.fromEntries(schema.fields.map((f) => [f.name, f]));
    expect(schema.fields.every((f) => f.required)).toBe(true);
    expect(byName.sentiment).toMatchObject({ multiple: false });
    expect(byName.quality).toMatchObject({ min: 1, max: 5 });
    expect(byName.better).toMatchObject({ strength: false, allowTie: false });
    expect(byName.count).toMatchObject({ integer: false });
  });

  it('keeps the optional properties it was given', () => {
    const schema = parsed(
      one({ name: 'n', type: 'number', min: -1.5, max: 2, integer: true, required: false, title: 'N', description: 'd' }),
    );
    expect(schema.fields[0]).toEqual({
      name: 'n', type: 'number', min: -1.5, max: 2, integer: true, required: false, title: 'N', description: 'd',
    });
  });

  it('normalizes string options to {value, label, hotkey} with default hotkeys 1..9 then 0', () => {
    const options = Array.from({ length: 12 }, (_, i) => `o${i}`);
    const field = parsed(one({ name: 'c', type: 'choice', options })).fields[0]!;
    if (field.type !== 'choice') throw new Error('expected a choice field');
    expect(field.options.map((o) => o.hotkey)).toEqual(['1', '2', '3', '4', '5', '6', '7', '8', '9', '0', null, null]);
    expect(field.options[0]).toEqual({ value: 'o0', label: 'o0', hotkey: '1' });
  });

  it('keeps given hotkeys and labels, and assigns no defaults once any hotkey is given', () => {
    const field = parsed(
      one({ name: 'c', type: 'choice', options: [{ value: 'pos', label: 'Positive', hotkey: 'p' }, 'neg', { value: 'neu' }] }),
    ).fields[0]!;
    expect(field).toMatchObject({
      options: [
        { value: 'pos', label: 'Positive', hotkey: 'p' },
        { value: 'neg', label: 'neg', hotkey: null },
        { value: 'neu', label: 'neu', hotkey: null },
      ],
    });
  });

  it('normalizes labels with color', () => {
    const field = parsed(one({ name: 's', type: 'spans', source: 't', labels: ['PER', { value: 'ORG', color: '#f00' }] })).fields[0]!;
    expect(field).toMatchObject({
      labels: [
        { value: 'PER', label: 'PER', hotkey: '1', color: null },
        { value: 'ORG', label: 'ORG', hotkey: '2', color: '#f00' },
      ],
    });
  });

  it('parses its own output to the same output (the stored form is re-parseable)', () => {
    const first = parsed({ fields: VALID_FIELDS });
    expect(parsed(JSON.parse(JSON.stringify(first)))).toEqual(first);
  });

  it('accepts names with letters, digits, "_" and "-"', () => {
    for (const name of ['a', '_x', 'A-b_c9', 'x'.repeat(64)]) {
      expect(parsed(one({ name, type: 'text' })).fields[0]!.name).toBe(name);
    }
  });

  it('is usable directly as a zod schema', () => {
    expect(LabelSchema.safeParse({ fields: VALID_FIELDS }).success).toBe(true);
    expect(LabelSchema.safeParse({ fields: [VALID_FIELDS[0], VALID_FIELDS[0]] }).success).toBe(false);
  });
});

describe('parseLabelSchema: rejections', () => {
  it('rejects an unknown field type, naming it and the allowed types', () => {
    const [e, ...rest] = rejected(one({ name: 'x', type: 'slider' }));
    expect(rest).toEqual([]);
    expect(e).toMatchObject({ path: 'fields[0].type', code: 'unknown_field_type' });
    expect(e!.message).toContain('"slider"');
    for (const type of FIELD_TYPES) expect(e!.message).toContain(type);
  });

  it('rejects a field without a type as unknown_field_type', () => {
    const errors = rejected(one({ name: 'x' }));
    expect(errors).toMatchObject([{ path: 'fields[0].type', code: 'unknown_field_type' }]);
    expect(errors[0]!.message).toContain('field "x" has no "type"');
  });

  it('rejects duplicate field names', () => {
    const errors = rejected({ fields: [{ name: 'a', type: 'text' }, { name: 'b', type: 'text' }, { name: 'a', type: 'number' }] });
    expect(errors).toEqual([
      { path: 'fields[2].name', code: 'duplicate_field_name', message: expect.stringContaining('fields[0]') },
    ]);
  });

  it('still reports duplicate names when another field has an aborting error', () => {
    const errors = rejected({ fields: [{ name: 'a', type: 'text' }, { name: 'a', type: 'rating', max: 2.5 }] });
    expect(errors.map((e) => e.code).sort()).toEqual(['duplicate_field_name', 'invalid_type']);
  });

  it('rejects empty options and empty labels', () => {
    expect(rejected(one({ name: 'c', type: 'choice', options: [] }))).toMatchObject([
      { path: 'fields[0].options', code: 'empty_options' },
    ]);
    for (const type of ['spans', 'boxes', 'polygons']) {
      expect(rejected(one({ name: 'r', type, source: 's', labels: [] }))).toMatchObject([
        { path: 'fields[0].labels', code: 'empty_labels' },
      ]);
    }
  });

  it('rejects duplicate option values and duplicate label values', () => {
    const errors = rejected(one({ name: 'c', type: 'choice', options: ['pos', { value: 'pos', label: 'again' }] }));
    expect(errors).toMatchObject([{ path: 'fields[0].options[1]', code: 'duplicate_option' }]);
    expect(errors[0]!.message).toBe(
      'field "c": option "pos" is listed twice (options[0] and options[1]); option values must be distinct',
    );
    expect(rejected(one({ name: 's', type: 'spans', source: 't', labels: ['PER', 'PER'] }))).toMatchObject([
      { path: 'fields[0].labels[1]', code: 'duplicate_label' },
    ]);
  });

  it('rejects duplicate hotkeys within a field, but not across fields', () => {
    const errors = rejected(
      one({ name: 'c', type: 'choice', options: [{ value: 'a', hotkey: 'x' }, { value: 'b', hotkey: 'x' }] }),
    );
    expect(errors).toMatchObject([{ path: 'fields[0].options[1].hotkey', code: 'duplicate_hotkey' }]);
    expect(errors[0]!.message).toContain('"a" and "b"');
    expect(
      rejected(one({ name: 'b', type: 'boxes', source: 'i', labels: [{ value: 'a', hotkey: '1' }, { value: 'b', hotkey: '1' }] })),
    ).toMatchObject([{ code: 'duplicate_hotkey' }]);
    const twoFields = { fields: [
      { name: 'c1', type: 'choice', options: [{ value: 'a', hotkey: 'x' }] },
      { name: 'c2', type: 'choice', options: [{ value: 'a', hotkey: 'x' }] },
    ] };
    expect(parseLabelSchema(twoFields).ok).toBe(true);
  });

  it('rejects min > max on text, number and rating', () => {
    for (const field of [
      { name: 't', type: 'text', min: 10, max: 2 },
      { name: 'n', type: 'number', min: 1.5, max: 1 },
      { name: 'r', type: 'rating', min: 7, max: 3 },
      { name: 'r', type: 'rating', min: 6 },
    ]) {
      const errors = rejected(one(field));
      expect(errors).toMatchObject([{ path: 'fields[0].min', code: 'invalid_range' }]);
      expect(errors[0]!.message).toMatch(new RegExp(`^field "${field.name}": min \\(`));
    }
  });

  it('accepts min === max except on a rating scale', () => {
    expect(parseLabelSchema(one({ name: 'n', type: 'number', min: 3, max: 3 })).ok).toBe(true);
    expect(rejected(one({ name: 'r', type: 'rating', min: 3, max: 3 }))).toMatchObject([{ code: 'invalid_range' }]);
  });

  it('rejects a missing source on spans, boxes and polygons', () => {
    for (const type of ['spans', 'boxes', 'polygons']) {
      const errors = rejected(one({ name: 'r', type, labels: ['a'] }));
      expect(errors).toMatchObject([{ path: 'fields[0].source', code: 'missing_source' }]);
      expect(errors[0]!.message).toContain(`field "r": ${type} fields need "source"`);
    }
  });

  it('rejects invalid field names', () => {
    for (const name of ['1abc', 'has space', '', 'a.b', 'é', 'x'.repeat(65), '__proto__']) {
      expect(rejected(one({ name, type: 'text' }))).toMatchObject([{ path: 'fields[0].name', code: 'invalid_field_name' }]);
    }
  });

  it('rejects a schema with no fields, a non-object and a non-list of fields', () => {
    expect(rejected({ fields: [] })).toMatchObject([{ path: 'fields', code: 'no_fields' }]);
    expect(rejected(null)).toMatchObject([{ path: '', code: 'invalid_type' }]);
    expect(rejected([])).toMatchObject([{ path: '', code: 'invalid_type' }]);
    expect(rejected({})).toMatchObject([{ path: 'fields', code: 'missing_property' }]);
    expect(rejected({ fields: {} })).toMatchObject([{ path: 'fields', code: 'invalid_type' }]);
    expect(rejected({ fields: [null] })).toMatchObject([{ path: 'fields[0]', code: 'invalid_type' }]);
  });

  it('rejects unknown properties with a hint', () => {
    const errors = rejected(one({ name: 'c', type: 'choice', labels: ['a'], mulitple: true }));
    const byPath = Object.fromEntries(errors.map((e) => [e.path, e]));
    expect(byPath['fields[0].labels']).toMatchObject({ code: 'unknown_property' });
    expect(byPath['fields[0].labels']!.message).toContain('choice fields list their answers in "options"');
    expect(byPath['fields[0].mulitple']!.message).toContain('multiple');
    expect(byPath['fields[0].options']).toMatchObject({ code: 'missing_property' });
  });

  it('rejects wrongly typed properties, naming the field and the value', () => {
    expect(rejected(one({ name: 'r', type: 'rating', max: 2.5 }))).toEqual([
      { path: 'fields[0].max', code: 'invalid_type', message: 'field "r": max must be an integer, got 2.5' },
    ]);
    expect(rejected(one({ name: 'c', type: 'choice', options: ['a'], multiple: 'yes' }))).toEqual([
      { path: 'fields[0].multiple', code: 'invalid_type', message: 'field "c": multiple must be true or false, got "yes"' },
    ]);
    expect(rejected(one({ name: 'c', type: 'choice', options: [5] }))).toMatchObject([
      { path: 'fields[0].options[0]', code: 'invalid_type' },
    ]);
    expect(rejected(one({ name: 'c', type: 'choice', options: [{ value: '' }] }))).toMatchObject([
      { path: 'fields[0].options[0].value', code: 'invalid_value' },
    ]);
    expect(rejected(one({ name: 'k', type: 'ranking', candidates: 1 }))).toMatchObject([
      { path: 'fields[0].candidates', code: 'invalid_value' },
    ]);
  });

  it('reports every problem in one pass', () => {
    const errors = rejected({
      fields: [
        { name: 'a', type: 'foo' },
        { name: 'b', type: 'choice', options: [] },
        { name: 'c', type: 'spans', labels: ['PER'] },
        { name: 'd', type: 'number', min: 5, max: 1 },
        { name: '1bad', type: 'text' },
      ],
    });
    expect(errors.map((e) => e.code)).toEqual([
      'unknown_field_type', 'empty_options', 'missing_source', 'invalid_range', 'invalid_field_name',
    ]);
  });
});
