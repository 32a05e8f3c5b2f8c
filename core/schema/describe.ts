/**
 * Small helpers for human-readable messages and for reading untrusted JSON safely.
 * Values come from the network (or from fuzzers), so nothing here may throw:
 * no JSON.stringify on arbitrary input, no String() on objects without a prototype.
 */

/** Describe any value briefly for an error message, e.g. `"maybe"`, `7`, `a list of 3`, `an object`. */
export function describeValue(value: unknown): string {
  if (value === undefined) return 'nothing';
  if (value === null) return 'null';
  switch (typeof value) {
    case 'string':
      return JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value);
    case 'number':
    case 'boolean':
      return String(value);
    case 'bigint':
      return `${value.toString()}n`;
    case 'object':
      return Array.isArray(value) ? `a list of ${value.length}` : 'an object';
    default:
      return `a ${typeof value}`;
  }
}

/** Join allowed values for a message: `pos, neg, neutral`; long lists are cut with a count. */
export function listValues(values: readonly (string | number)[], max = 12): string {
  const shown = values.slice(0, max).map(String).join(', ');
  return values.length > max ? `${shown}, … (${values.length} in all)` : shown;
}

/** True for a JSON-style object: not null, not an array. */
export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Read an own property only, so a key like `constructor` never reaches Object.prototype. */
export function own(obj: Record<string, unknown>, key: string): unknown {
  return Object.hasOwn(obj, key) ? obj[key] : undefined;
}

/** Keys of `obj` that are not in `allowed`. */
export function extraKeys(obj: Record<string, unknown>, allowed: readonly string[]): string[] {
  return Object.keys(obj).filter((k) => !allowed.includes(k));
}

/** True for a finite number (rejects NaN, ±Infinity and non-numbers). */
export function isFiniteNumber(value: unknown): value is number {
  return typeof value === 'number' && Number.isFinite(value);
}

/** Quote a key list for messages: `"a", "b"`. */
export function quoteAll(keys: readonly string[]): string {
  return keys.map((k) => JSON.stringify(k)).join(', ');
}
