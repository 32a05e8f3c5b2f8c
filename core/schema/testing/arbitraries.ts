/**
 * fast-check generators of label schemas and of valid annotations for them.
 * Used by this folder's property tests; other packages' tests may use them too
 * (for example to fuzz the submit endpoint with values that must be accepted).
 */
import fc from 'fast-check';
import type { LabelField, LabelSchemaT } from '../label-schema.ts';

const labelValue = fc.string({ minLength: 1, maxLength: 8 });
const valueList = fc.uniqueArray(labelValue, { minLength: 1, maxLength: 12 });

/** One field definition as an author writes it, of any type, with a name chosen by the caller. */
function fieldInput(name: string): fc.Arbitrary<Record<string, unknown>> {
  const base = { name: fc.constant(name), required: fc.boolean() };
  const source = `${name}_src`;
  const labels = valueList.map((vs) => vs.map((value, i) => (i % 2 ? value : { value, color: i % 3 ? null : '#abc' })));
  return fc.oneof(
    fc.record({ ...base, type: fc.constant('choice'), multiple: fc.boolean(), options: valueList }),
    fc.record({ ...base, type: fc.constant('spans'), source: fc.constant(source), labels }),
    fc.record({ ...base, type: fc.constant('boxes'), source: fc.constant(source), labels }),
    fc.record({ ...base, type: fc.constant('polygons'), source: fc.constant(source), labels }),
    fc.integer({ min: -5, max: 5 }).chain((min) =>
      fc.record({ ...base, type: fc.constant('rating'), min: fc.constant(min), max: fc.integer({ min: min + 1, max: min + 10 }) }),
    ),
    fc.record({ ...base, type: fc.constant('pairwise'), strength: fc.boolean(), allowTie: fc.boolean() }),
    fc.oneof(
      fc.record({ ...base, type: fc.constant('ranking'), candidates: fc.integer({ min: 2, max: 6 }) }),
      fc.record({ ...base, type: fc.constant('ranking'), source: fc.constant(source) }),
    ),
    fc.integer({ min: 0, max: 5 }).chain((min) =>
      fc.record({ ...base, type: fc.constant('text'), min: fc.constant(min), max: fc.integer({ min: Math.max(min, 1), max: min + 20 }) }),
    ),
    fc.oneof(
      fc.record({ ...base, type: fc.constant('number'), integer: fc.constant(false) }),
      fc.double({ min: -1e6, max: 1e6, noNaN: true }).chain((min) =>
        fc.record({ ...base, type: fc.constant('number'), min: fc.constant(min), max: fc.double({ min, max: 2e6, noNaN: true }) }),
      ),
      fc.integer({ min: -1000, max: 1000 }).chain((min) =>
        fc.record({ ...base, type: fc.constant('number'), integer: fc.constant(true), min: fc.constant(min), max: fc.integer({ min, max: 2000 }) }),
      ),
    ),
  );
}

const fieldName = fc.stringMatching(/^[A-Za-z_][A-Za-z0-9_-]{0,11}$/).filter((n) => n !== '__proto__');

/** A valid label schema as an author writes it: 1 to 6 fields with distinct names. */
export const schemaInputArb: fc.Arbitrary<{ fields: Record<string, unknown>[] }> = fc
  .uniqueArray(fieldName, { minLength: 1, maxLength: 6 })
  .chain((names) => fc.tuple(...names.map(fieldInput)))
  .map((fields) => ({ fields }));

/** A code point that is never half of a surrogate pair, so lengths in code points are stable. */
const codePoint = fc
  .integer({ min: 0x20, max: 0x10ffff })
  .filter((c) => c < 0xd800 || c > 0xdfff)
  .map((c) => String.fromCodePoint(c));

const coord = fc.double({ min: 0, max: 1e5, noNaN: true });
const size = fc.double({ min: 1e-6, max: 1e5, noNaN: true });

/** A valid answer for one field, with the task data it needs (for spans and ranking). */
export function answerArb(field: LabelField): fc.Arbitrary<{ value: unknown; data: Record<string, unknown> }> {
  const withData = <T>(arb: fc.Arbitrary<T>) => arb.map((value) => ({ value, data: {} }));
  switch (field.type) {
    case 'choice': {
      const values = field.options.map((o) => o.value);
      return withData<unknown>(field.multiple ? fc.shuffledSubarray(values) : fc.constantFrom(...values));
    }
    case 'spans': {
      const labels = field.labels.map((l) => l.value);
      return fc.string({ unit: 'binary', maxLength: 40 }).chain((text) => {
        const span = fc
          .record({ a: fc.nat(text.length), b: fc.nat(text.length), label: fc.constantFrom(...labels), quote: fc.boolean() })
          .filter(({ a, b }) => a !== b)
          .map(({ a, b, label, quote }) => {
            const [start, end] = a < b ? [a, b] : [b, a];
            return quote ? { start, end, label, text: text.slice(start, end) } : { start, end, label };
          });
        const spans = text.length === 0 ? fc.constant([]) : fc.uniqueArray(span, { maxLength: 6, selector: (s) => `${s.start}:${s.end}:${s.label}` });
        return spans.map((value) => ({ value, data: { [field.source]: text } }));
      });
    }
    case 'boxes': {
      const labels = field.labels.map((l) => l.value);
      const box = fc.record(
        { x: coord, y: coord, width: size, height: size, label: fc.constantFrom(...labels), rotation: fc.double({ min: -360, max: 360, noNaN: true }) },
        { requiredKeys: ['x', 'y', 'width', 'height', 'label'] },
      );
      return withData(fc.array(box, { maxLength: 5 }));
    }
    case 'polygons': {
      const labels = field.labels.map((l) => l.value);
      const polygon = fc.record({ points: fc.array(fc.tuple(coord, coord), { minLength: 3, maxLength: 8 }), label: fc.constantFrom(...labels) });
      return withData(fc.array(polygon, { maxLength: 4 }));
    }
    case 'rating':
      return withData(fc.integer({ min: field.min, max: field.max }));
    case 'pairwise': {
      const choices = field.allowTie ? (['A', 'B', 'tie'] as const) : (['A', 'B'] as const);
      return withData(
        fc.record({ choice: fc.constantFrom(...choices), strength: fc.constantFrom(1, 2, 3), withStrength: fc.boolean() }).map(
          ({ choice, strength, withStrength }) => (field.strength && withStrength && choice !== 'tie' ? { choice, strength } : { choice }),
        ),
      );
    }
    case 'ranking': {
      const count = field.candidates !== undefined ? fc.constant(field.candidates) : fc.integer({ min: 0, max: 6 });
      return count.chain((n) => {
        const all = Array.from({ length: n }, (_, i) => i);
        const data = field.source !== undefined ? { [field.source]: all.map((i) => `response ${i}`) } : {};
        return fc.shuffledSubarray(all, { minLength: n, maxLength: n }).map((value) => ({ value, data }));
      });
    }
    case 'text': {
      const text = fc.string({ unit: codePoint, minLength: field.min ?? 0, maxLength: field.max ?? 50 });
      return withData(field.required ? text.filter((t) => t.trim() !== '') : text);
    }
    case 'number': {
      const lo = field.min ?? -1e9;
      const hi = field.max ?? 1e9;
      return withData(field.integer ? fc.integer({ min: Math.ceil(lo), max: Math.floor(hi) }) : fc.double({ min: lo, max: hi, noNaN: true }));
    }
  }
}

/**
 * A valid annotation for a parsed schema and the task data it needs. Optional fields are
 * sometimes left out or null.
 */
export function annotationArb(schema: LabelSchemaT): fc.Arbitrary<{ value: Record<string, unknown>; data: Record<string, unknown> }> {
  const parts = schema.fields.map((field) =>
    fc.tuple(answerArb(field), fc.constantFrom('answer', 'null', 'absent')).map(([answer, mode]) => {
      const skip = !field.required && mode !== 'answer';
      return { name: field.name, answer, skip, asNull: mode === 'null' };
    }),
  );
  return fc.tuple(...parts).map((items) => {
    const value: Record<string, unknown> = {};
    const data: Record<string, unknown> = {};
    for (const { name, answer, skip, asNull } of items) {
      Object.assign(data, answer.data);
      if (!skip) value[name] = answer.value;
      else if (asNull) value[name] = null;
    }
    return { value, data };
  });
}
