import { z } from 'zod';

/** Field names must work as JSON keys, CSV columns and HTML ids. */
export const FIELD_NAME_PATTERN = /^[A-Za-z_][A-Za-z0-9_\-]*$/;

/** Longest accepted field name. */
export const FIELD_NAME_MAX = 64;

/** A field's `name`: identifier-like, at most 64 characters, never `__proto__`. */
export const FieldNameSchema = z.string().superRefine((name, ctx) => {
  let why: string | null = null;
  if (!FIELD_NAME_PATTERN.test(name)) {
    why = 'start with a letter or "_", then use only letters, digits, "_" or "-"';
  } else if (name.length > FIELD_NAME_MAX) {
    why = `use at most ${FIELD_NAME_MAX} characters`;
  } else if (name === '__proto__') {
    why = 'this name is reserved';
  }
  if (why) {
    ctx.addIssue({
      code: 'custom',
      message: `${JSON.stringify(name)} is not a valid field name: ${why}`,
      params: { code: 'invalid_field_name' },
    });
  }
});

/** A key in the task's `data` object, e.g. `"text"` or `"image_url"`. */
export const SourceKeySchema = z.string().min(1).max(200);

/**
 * Properties every field has. `required` defaults to true: a required field must be present
 * and non-null in every annotation; an optional one may be absent or null.
 */
export const baseShape = {
  name: FieldNameSchema,
  title: z.string().max(200).optional(),
  description: z.string().max(10_000).optional(),
  required: z.boolean().default(true),
};

/**
 * A `superRefine` option that runs the check even when other properties of the field failed,
 * so one parse reports every problem at once. Checks using it must read their input defensively.
 */
export const ALWAYS = { when: () => true } as const;

/** Report `min > max` (or `min >= max` when `strict`) on a field with numeric bounds. */
export function checkRange(strict: boolean) {
  return (field: unknown, ctx: z.RefinementCtx): void => {
    if (typeof field !== 'object' || field === null) return;
    const { min, max } = field as { min?: unknown; max?: unknown };
    if (typeof min !== 'number' || typeof max !== 'number') return;
    if (min > max || (strict && min === max)) {
      ctx.addIssue({
        code: 'custom',
        path: ['min'],
        message: strict
          ? `min (${min}) must be less than max (${max})`
          : `min (${min}) must not be greater than max (${max})`,
        params: { code: 'invalid_range' },
      });
    }
  };
}

/** -0 and 0 are one bound; keeping -0 would make a schema change across a JSON round trip (storage). */
export const noNegativeZero = (v: number): number => (v === 0 ? 0 : v);
