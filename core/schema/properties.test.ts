import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { FIELD_TYPES, parseLabelSchema, validateAnnotation, type LabelSchemaT } from './index.ts';
import { annotationArb, schemaInputArb } from './testing/arbitraries.ts';

const RUNS = { numRuns: 300 };

function mustParse(input: unknown): LabelSchemaT {
  const r = parseLabelSchema(input);
  if (!r.ok) throw new Error(`generated schema refused: ${JSON.stringify(r.errors)}`);
  return r.schema;
}

/** A parsed schema together with a valid annotation for it. */
const schemaAndAnswer = schemaInputArb
  .map(mustParse)
  .chain((schema) => annotationArb(schema).map((answer) => ({ schema, ...answer })));

/** Anything JSON-ish or worse: null prototypes, sparse arrays, -0, NaN, bigint, symbols as values. */
const junk = fc.anything({
  withNullPrototype: true,
  withSparseArray: true,
  withBigInt: true,
  withBoxedValues: true,
  withMap: true,
  withSet: true,
  withDate: true,
  withTypedArray: true,
  maxDepth: 3,
});

/** Values shaped almost like answers: objects and lists with the right keys and wrong contents. */
const nearMiss = fc.oneof(
  junk,
  fc.array(
    fc.dictionary(
      fc.constantFrom('start', 'end', 'label', 'text', 'x', 'y', 'width', 'height', 'rotation', 'points', 'choice', 'strength'),
      junk,
    ),
    { maxLength: 4 },
  ),
  fc.dictionary(fc.constantFrom('choice', 'strength', 'extra'), junk),
  fc.array(fc.oneof(fc.integer({ min: -2, max: 8 }), junk), { maxLength: 8 }),
);

function expectWellFormedErrors(errors: { field: string; code: string; message: string }[]) {
  expect(errors.length).toBeGreaterThan(0);
  for (const e of errors) {
    expect(typeof e.field).toBe('string');
    expect(e.code).toMatch(/^[a-z_]+$/);
    expect(e.message.length).toBeGreaterThan(0);
  }
}

describe('properties', () => {
  it('every generated schema parses, and re-parsing the result changes nothing', () => {
    fc.assert(
      fc.property(schemaInputArb, (input) => {
        const schema = mustParse(input);
        expect(mustParse(JSON.parse(JSON.stringify(schema)))).toEqual(schema);
      }),
      RUNS,
    );
  });

  it('the generators cover every field type', () => {
    const seen = new Set<string>();
    fc.assert(
      fc.property(schemaInputArb, (input) => {
        for (const f of input.fields) seen.add(f.type as string);
      }),
      RUNS,
    );
    expect([...seen].sort()).toEqual([...FIELD_TYPES].sort());
  });

  it('random valid annotations always validate, to a value holding every field', () => {
    fc.assert(
      fc.property(schemaAndAnswer, ({ schema, value, data }) => {
        const r = validateAnnotation(schema, value, data);
        if (!r.ok) throw new Error(`refused ${JSON.stringify(value)}: ${JSON.stringify(r.errors)}`);
        expect(Object.keys(r.value).sort()).toEqual(schema.fields.map((f) => f.name).sort());
        for (const f of schema.fields) expect(r.value[f.name]).toEqual(value[f.name] ?? null);
        // Validating the normalized output again accepts it unchanged.
        expect(validateAnnotation(schema, r.value, data)).toEqual({ ok: true, value: r.value });
      }),
      RUNS,
    );
  });

  it('random junk never throws: validation returns ok or well-formed errors', () => {
    const junkAnnotation = schemaInputArb.map(mustParse).chain((schema) =>
      fc.record({
        schema: fc.constant(schema),
        value: fc.oneof(
          junk,
          fc.dictionary(fc.constantFrom(...schema.fields.map((f) => f.name), 'extra', 'constructor', '__proto__'), nearMiss),
        ),
        data: fc.oneof(fc.constant(undefined), junk, fc.dictionary(fc.string({ maxLength: 12 }), junk)),
      }),
    );
    fc.assert(
      fc.property(junkAnnotation, ({ schema, value, data }) => {
        const r = validateAnnotation(schema, value, data as Record<string, unknown> | undefined);
        if (r.ok) expect(Object.keys(r.value).sort()).toEqual(schema.fields.map((f) => f.name).sort());
        else expectWellFormedErrors(r.errors);
      }),
      { numRuns: 1000 },
    );
  });

  it('random junk schemas never throw: parsing returns ok or well-formed errors', () => {
    const keys = ['name', 'type', 'source', 'options', 'labels', 'min', 'max', 'multiple', 'required', 'strength', 'allowTie', 'candidates', 'integer', 'extra'];
    const junkField = fc.dictionary(
      fc.constantFrom(...keys),
      fc.oneof(junk, fc.constantFrom(...FIELD_TYPES), fc.array(fc.oneof(fc.string(), junk), { maxLength: 4 })),
    );
    const junkSchema = fc.oneof(junk, fc.record({ fields: fc.oneof(junk, fc.array(junkField, { maxLength: 5 })) }));
    fc.assert(
      fc.property(junkSchema, (input) => {
        const r = parseLabelSchema(input);
        if (r.ok) {
          expect(r.schema.fields.length).toBeGreaterThan(0);
          return;
        }
        expect(r.errors.length).toBeGreaterThan(0);
        for (const e of r.errors) {
          expect(typeof e.path).toBe('string');
          expect(e.code).toMatch(/^[a-z_]+$/);
          expect(e.message.length).toBeGreaterThan(0);
        }
      }),
      { numRuns: 1000 },
    );
  });
});

describe('storage round trip', () => {
  it('stores -0 bounds as 0, so a parsed schema survives JSON unchanged (found by the property above)', () => {
    const r = parseLabelSchema({ fields: [{ name: 'n', type: 'number', min: -1, max: -0 }] });
    if (!r.ok) throw new Error(JSON.stringify(r.errors));
    const field = r.schema.fields[0] as { max?: number };
    expect(Object.is(field.max, 0)).toBe(true);
    expect(parseLabelSchema(JSON.parse(JSON.stringify(r.schema)))).toEqual(r);
  });
});
