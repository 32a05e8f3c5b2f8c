/**
 * The schema editor's model: the label schema as its author writes it (the JSON
 * the API takes, before core/schema normalizes it), and pure edits on it. The
 * visual editor and the JSON view both read and write this one value, so they
 * never disagree; core/schema's parseLabelSchema judges it.
 */
import { DEFAULT_HOTKEYS, FIELD_SCHEMAS, FIELD_TYPES, type FieldType, type SchemaError } from '../../../core/schema/index.ts';

/** One field as written: any JSON object (it may be invalid while being edited). */
export type RawField = Record<string, unknown>;

/** A schema as written: `{fields: [...]}` plus whatever else the author typed. */
export interface RawSchema {
  fields: RawField[];
  [key: string]: unknown;
}

/** One option of a choice field or one label of a region field, spelled out. */
export interface ListItem {
  value: string;
  label?: string;
  hotkey?: string | null;
  color?: string | null;
}

export { FIELD_TYPES, type FieldType };

/** Field types whose answers come from a list: choice has `options`, region types have `labels`. */
export function listKey(type: unknown): 'options' | 'labels' | null {
  if (type === 'choice') return 'options';
  if (type === 'spans' || type === 'boxes' || type === 'polygons') return 'labels';
  return null;
}

/** Properties a field of this type accepts (from core/schema's own zod shapes). */
export function propertiesOf(type: FieldType): string[] {
  return Object.keys(FIELD_SCHEMAS[type].shape);
}

/** Types whose `source` must be set (the text or image they label). */
export const SOURCE_REQUIRED: ReadonlySet<string> = new Set(['spans', 'boxes', 'polygons']);

/** A one-line description of each type, for the type picker. */
export const TYPE_HELP: Record<FieldType, string> = {
  choice: 'Pick one option (or several with “multiple”)',
  spans: 'Highlight labelled spans in a text',
  boxes: 'Draw labelled boxes on an image',
  polygons: 'Outline labelled regions on an image',
  rating: 'A score on a min..max scale',
  pairwise: 'Compare response A with response B',
  ranking: 'Order candidate responses, best first',
  text: 'Free text with length bounds',
  number: 'A number, optionally whole and bounded',
};

/** Reads any JSON as a schema the visual editor can show, or null when it cannot. */
export function asRawSchema(value: unknown): RawSchema | null {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return null;
  const fields = (value as { fields?: unknown }).fields;
  if (!Array.isArray(fields)) return null;
  if (!fields.every((f) => typeof f === 'object' && f !== null && !Array.isArray(f))) return null;
  return value as RawSchema;
}

/** A name not used yet: `base`, `base_2`, `base_3`... */
export function freshName(base: string, taken: readonly unknown[]): string {
  const names = new Set(taken.map((f) => (typeof f === 'object' && f !== null ? (f as RawField).name : undefined)));
  if (!names.has(base)) return base;
  for (let i = 2; ; i++) if (!names.has(`${base}_${i}`)) return `${base}_${i}`;
}

/** The starting properties of a new field of each type: enough to be valid as it is. */
function starter(type: FieldType): RawField {
  switch (type) {
    case 'choice':
      return { source: 'text', options: ['yes', 'no'] };
    case 'spans':
      return { source: 'text', labels: ['PER', 'LOC', 'ORG'] };
    case 'boxes':
    case 'polygons':
      return { source: 'image', labels: ['object'] };
    case 'rating':
      return { min: 1, max: 5 };
    case 'ranking':
      return { source: 'responses' };
    default:
      return {};
  }
}

const DEFAULT_NAMES: Record<FieldType, string> = {
  choice: 'label',
  spans: 'entities',
  boxes: 'objects',
  polygons: 'regions',
  rating: 'rating',
  pairwise: 'preference',
  ranking: 'ranking',
  text: 'answer',
  number: 'count',
};

/** A new, valid field of `type` with a name not yet in `fields`. */
export function newField(type: FieldType, fields: readonly RawField[]): RawField {
  return { name: freshName(DEFAULT_NAMES[type], fields), type, ...starter(type) };
}

/**
 * The field retyped: common properties (name, title, description, required, source)
 * stay, options become labels and back, and properties the new type does not take go.
 */
export function changeType(field: RawField, type: FieldType): RawField {
  const allowed = new Set(propertiesOf(type));
  const base = starter(type);
  const out: RawField = { name: field.name, type };
  for (const [k, v] of Object.entries(field)) {
    if (k === 'name' || k === 'type') continue;
    if (allowed.has(k)) out[k] = v;
  }
  const from = listKey(field.type);
  const to = listKey(type);
  if (to && from && from !== to && Array.isArray(field[from])) {
    // Colors exist only on labels.
    out[to] = (field[from] as unknown[]).map((item) => (to === 'options' && typeof item === 'object' && item !== null ? omit(item as RawField, ['color']) : item));
  }
  for (const [k, v] of Object.entries(base)) if (out[k] === undefined) out[k] = v;
  // Bounds mean different things per type (scale, length, value): keep only when still valid there.
  if ((type === 'rating' || type === 'text') && !Number.isInteger(out.min)) delete out.min;
  if ((type === 'rating' || type === 'text') && !Number.isInteger(out.max)) delete out.max;
  if (type === 'rating') {
    out.min ??= 1;
    out.max ??= 5;
  }
  return out;
}

function omit(o: RawField, keysToDrop: string[]): RawField {
  const out: RawField = {};
  for (const [k, v] of Object.entries(o)) if (!keysToDrop.includes(k)) out[k] = v;
  return out;
}

/** Sets properties of a field; `undefined` removes a property. Key order is kept. */
export function patchField(field: RawField, patch: RawField): RawField {
  const out: RawField = { ...field };
  for (const [k, v] of Object.entries(patch)) {
    if (v === undefined) delete out[k];
    else out[k] = v;
  }
  return out;
}

/** Moves item `i` by `by` places (clamped); returns a new list. */
export function move<T>(list: readonly T[], i: number, by: number): T[] {
  const j = Math.max(0, Math.min(list.length - 1, i + by));
  if (i === j) return [...list];
  const out = [...list];
  const [item] = out.splice(i, 1);
  out.splice(j, 0, item);
  return out;
}

/** An options/labels list as editable items (strings become `{value}`). */
export function toItems(list: unknown): ListItem[] {
  if (!Array.isArray(list)) return [];
  return list.map((item) => {
    if (typeof item === 'string') return { value: item };
    if (typeof item === 'object' && item !== null) {
      const o = item as Record<string, unknown>;
      const out: ListItem = { value: typeof o.value === 'string' ? o.value : String(o.value ?? '') };
      if (typeof o.label === 'string') out.label = o.label;
      if (typeof o.hotkey === 'string' || o.hotkey === null) out.hotkey = o.hotkey as string | null;
      if (typeof o.color === 'string' || o.color === null) out.color = o.color as string | null;
      return out;
    }
    return { value: String(item ?? '') };
  });
}

/** Items back to JSON: a bare string when only the value is set, else an object without empty parts. */
export function fromItems(items: readonly ListItem[]): (string | Record<string, unknown>)[] {
  return items.map((it) => {
    const o: Record<string, unknown> = { value: it.value };
    if (it.label) o.label = it.label;
    if (it.hotkey) o.hotkey = it.hotkey;
    if (it.color) o.color = it.color;
    return Object.keys(o).length === 1 ? it.value : o;
  });
}

/**
 * The hotkey each item will have once parsed: its own, else 1..9, 0 by position when
 * no item in the list sets one (core/schema's rule).
 */
export function effectiveHotkeys(items: readonly ListItem[]): (string | null)[] {
  const any = items.some((it) => it.hotkey);
  return items.map((it, i) => (any ? (it.hotkey ?? null) : (DEFAULT_HOTKEYS[i] ?? null)));
}

/** Pretty JSON of a schema, as the JSON view shows it. */
export function toJson(schema: unknown): string {
  return JSON.stringify(schema, null, 2);
}

export type JsonRead = { ok: true; schema: RawSchema } | { ok: false; message: string };

/** Reads the JSON view's text; says what is wrong when it is not JSON or not `{fields: [...]}`. */
export function readJson(text: string): JsonRead {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { ok: false, message: `Not valid JSON: ${(e as Error).message}` };
  }
  const schema = asRawSchema(value);
  if (!schema) return { ok: false, message: 'The schema must be an object {"fields": [...]} whose fields are objects.' };
  return { ok: true, schema };
}

/** Where a schema error points: a field index and the path inside it, or the schema as a whole. */
export interface ErrorPlace {
  field: number | null;
  /** Path inside the field, e.g. `options[2].hotkey`, `name`, or `""` for the field itself. */
  sub: string;
}

/** Splits `fields[1].options[2].hotkey` into field 1 and `options[2].hotkey`. */
export function placeOf(path: string): ErrorPlace {
  const m = /^fields\[(\d+)\](?:\.)?(.*)$/.exec(path);
  if (!m) return { field: null, sub: path };
  return { field: Number(m[1]), sub: m[2] };
}

/** Errors grouped by field index (`null` for schema-level ones). */
export function groupErrors(errors: readonly SchemaError[]): Map<number | null, (SchemaError & { sub: string })[]> {
  const out = new Map<number | null, (SchemaError & { sub: string })[]>();
  for (const e of errors) {
    const p = placeOf(e.path);
    const list = out.get(p.field) ?? [];
    list.push({ ...e, sub: p.sub });
    out.set(p.field, list);
  }
  return out;
}

/** The first error whose in-field path is exactly `sub` (or starts with `sub[`/`sub.` when `prefix`). */
export function errorAt(list: readonly (SchemaError & { sub: string })[] | undefined, sub: string, prefix = false): string | undefined {
  const hit = list?.find((e) => e.sub === sub || (prefix && (e.sub.startsWith(`${sub}[`) || e.sub.startsWith(`${sub}.`))));
  return hit?.message;
}

/** A starter schema for new projects: one sentiment choice over `text`. */
export const STARTER_SCHEMA: RawSchema = {
  fields: [{ name: 'sentiment', type: 'choice', source: 'text', options: ['positive', 'negative', 'neutral'] }],
};

/** Boolean properties and the default core/schema fills in when they are left out. */
const BOOLEAN_DEFAULTS: Record<string, boolean> = { required: true, multiple: false, strength: false, allowTie: false, integer: false };

/**
 * A stored (normalized) schema written back the short way an author would: defaults
 * left out, labels equal to values dropped, default hotkeys (1..9, 0) dropped, and an
 * option with nothing but its value written as a string. Parsing the result gives the
 * same schema back.
 */
export function compactSchema(schema: unknown): RawSchema | null {
  const raw = asRawSchema(schema);
  if (!raw) return null;
  return {
    ...raw,
    fields: raw.fields.map((f) => {
      const out: RawField = {};
      for (const [k, v] of Object.entries(f)) {
        if (k in BOOLEAN_DEFAULTS && v === BOOLEAN_DEFAULTS[k]) continue;
        if ((k === 'options' || k === 'labels') && Array.isArray(v)) out[k] = compactList(v);
        else out[k] = v;
      }
      return out;
    }),
  };
}

function compactList(list: unknown[]): unknown[] {
  const items = toItems(list);
  const defaultKeys = items.every((it, i) => (it.hotkey ?? null) === (DEFAULT_HOTKEYS[i] ?? null));
  return fromItems(
    items.map((it) => ({
      value: it.value,
      label: it.label === it.value ? undefined : it.label,
      hotkey: defaultKeys ? undefined : it.hotkey,
      color: it.color ?? undefined,
    })),
  );
}
