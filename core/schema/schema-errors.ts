import type { z } from 'zod';
import { describeValue, isPlainObject, listValues } from './describe.ts';
import type { SchemaError, SchemaErrorCode } from './errors.ts';
import { FIELD_NAME_PATTERN } from './fields/base.ts';
import { FIELD_TYPES, type FieldType, fieldProperties, isFieldType } from './fields/index.ts';

type Issue = z.core.$ZodIssue;
type Key = PropertyKey;

const EXPECTED: Record<string, string> = {
  string: 'a string',
  number: 'a number',
  int: 'an integer',
  boolean: 'true or false',
  array: 'a list',
  object: 'an object',
  null: 'null',
};

/** What each region field's `source` must name, for "missing source" messages. */
const SOURCE_OF: Partial<Record<FieldType, string>> = {
  spans: 'the text to label',
  boxes: 'the image URL',
  polygons: 'the image URL',
};

/** What to write when a property is missing, by its name. */
const MISSING_HINT: Record<string, string> = {
  fields: 'give a list of fields, e.g. [{"name": "sentiment", "type": "choice", "options": ["pos", "neg"]}]',
  name: 'give the field a name such as "sentiment"',
  options: 'list the answers, as strings or {value, label?, hotkey?}',
  labels: 'list the labels, as strings or {value, label?, hotkey?, color?}',
  value: 'give the value stored in annotations',
};

/** Format a zod path the way authors read JSON: `fields[1].options[0].hotkey`. */
export function formatPath(path: readonly Key[]): string {
  return path
    .map((key, i) => (typeof key === 'number' ? `[${key}]` : i === 0 ? String(key) : `.${String(key)}`))
    .join('');
}

/** Read the submitted value at a path, or undefined. */
function valueAt(input: unknown, path: readonly Key[]): unknown {
  let node = input;
  for (const key of path) {
    if (Array.isArray(node) && typeof key === 'number') node = node[key];
    else if (isPlainObject(node) && typeof key === 'string' && Object.hasOwn(node, key)) node = node[key];
    else return undefined;
  }
  return node;
}

/** Where an issue sits: which field (if any) and the property path inside it. */
interface Place {
  /** `field "sentiment"` or `fields[2]`, or null for schema-level issues. */
  prefix: string | null;
  /** The field's `type` when it is a known one. */
  type: FieldType | null;
  /** Path inside the field (or from the root when not in a field), e.g. `options[2].hotkey`. */
  subject: string;
}

function locate(path: readonly Key[], input: unknown): Place {
  if (path[0] !== 'fields' || typeof path[1] !== 'number') return { prefix: null, type: null, subject: formatPath(path) };
  const field = valueAt(input, path.slice(0, 2));
  const name = isPlainObject(field) ? field.name : undefined;
  const type = isPlainObject(field) && isFieldType(field.type) ? field.type : null;
  const prefix =
    typeof name === 'string' && FIELD_NAME_PATTERN.test(name) ? `field ${JSON.stringify(name)}` : `fields[${path[1]}]`;
  return { prefix, type, subject: formatPath(path.slice(2)) };
}

/** `field "x": options must …`, `fields[0] must be an object …`, or `fields must …`. */
function sentence(place: Place, text: string): string {
  const head = place.prefix === null ? place.subject : place.subject ? `${place.prefix}: ${place.subject}` : place.prefix;
  return head ? `${head} ${text}` : text.replace(/^must/, 'the schema must');
}

function hintFor(type: FieldType | null, key: string): string {
  if (type === 'choice' && key === 'labels') return '; choice fields list their answers in "options"';
  if (type && SOURCE_OF[type] && key === 'options') return `; ${type} fields list their answers in "labels"`;
  if (type) return `; ${type} fields take ${fieldProperties(type).join(', ')}`;
  return '';
}

function sizeText(issue: Issue & { code: 'too_small' | 'too_big' }): string {
  const small = issue.code === 'too_small';
  const bound = String(small ? issue.minimum : issue.maximum);
  if (issue.origin === 'string') {
    return small && bound === '1' ? 'must not be empty' : `must have ${small ? 'at least' : 'at most'} ${bound} characters`;
  }
  if (issue.origin === 'array') return `must have ${small ? 'at least' : 'at most'} ${bound} items`;
  const op = small ? (issue.inclusive ? '>=' : '>') : issue.inclusive ? '<=' : '<';
  return `must be ${op} ${bound}`;
}

function one(issue: Issue, input: unknown, out: SchemaError[]): void {
  const path = issue.path;
  const place = locate(path, input);
  const push = (code: SchemaErrorCode, message: string, at: readonly Key[] = path) =>
    out.push({ path: formatPath(at), code, message });
  const got = valueAt(input, path);

  switch (issue.code) {
    case 'custom': {
      const code = (issue.params?.code as SchemaErrorCode | undefined) ?? 'invalid_value';
      push(code, place.prefix ? `${place.prefix}: ${issue.message}` : issue.message);
      return;
    }
    case 'invalid_union': {
      if (issue.discriminator === 'type') {
        const allowed = listValues(FIELD_TYPES);
        const text =
          got === undefined
            ? `has no "type"; set it to one of ${allowed}`
            : `has unknown field type ${describeValue(got)}; use one of ${allowed}`;
        push('unknown_field_type', `${place.prefix ?? 'field'} ${text}`);
        return;
      }
      // "a string or an object": explain through the object branch when an object was sent.
      if (isPlainObject(got)) {
        const branch = issue.errors.find((errs) => !errs.some((e) => e.code === 'invalid_type' && e.path.length === 0));
        if (branch) {
          for (const inner of branch) one({ ...inner, path: [...path, ...inner.path] } as Issue, input, out);
          return;
        }
      }
      push('invalid_type', sentence(place, `must be a string or an object {value, label?, hotkey?}, got ${describeValue(got)}`));
      return;
    }
    case 'invalid_type': {
      const last = path[path.length - 1];
      if (got === undefined && last === 'source' && place.type && SOURCE_OF[place.type]) {
        push('missing_source', `${place.prefix}: ${place.type} fields need "source", the task-data key holding ${SOURCE_OF[place.type]}`);
      } else if (got === undefined && path.length > 0) {
        const hint = typeof last === 'string' ? MISSING_HINT[last] : undefined;
        push('missing_property', sentence(place, hint ? `is required: ${hint}` : 'is required'));
      } else {
        const expected = EXPECTED[issue.expected] ?? issue.expected;
        const text = path.length === 0 ? `a label schema must be an object {fields: [...]}, got ${describeValue(got)}` : sentence(place, `must be ${expected}, got ${describeValue(got)}`);
        push('invalid_type', text);
      }
      return;
    }
    case 'unrecognized_keys':
      for (const key of issue.keys) {
        const at = [...path, key];
        const inField = path.length === 2 && path[0] === 'fields';
        const text = `unknown property ${JSON.stringify(key)}${inField ? hintFor(place.type, key) : ''}`;
        push('unknown_property', place.prefix ? `${place.prefix}: ${text}` : text, at);
      }
      return;
    case 'too_small':
    case 'too_big':
      push('invalid_value', sentence(place, `${sizeText(issue)}, got ${describeValue(got)}`));
      return;
    default:
      push('invalid_value', sentence(place, issue.message));
  }
}

/**
 * Turn zod issues from {@link LabelSchema} into {@link SchemaError}s whose messages name the
 * field (`field "sentiment": ...`) and say what to change. `input` is the value that was parsed.
 */
export function toSchemaErrors(issues: readonly Issue[], input: unknown): SchemaError[] {
  const out: SchemaError[] = [];
  for (const issue of issues) one(issue, input, out);
  const seen = new Set<string>();
  return out.filter((e) => {
    const key = `${e.path}\u0000${e.code}\u0000${e.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
