/**
 * Helpers for core/schema tests (imported only by *.test.ts files).
 */
import { expect } from 'vitest';
import { parseLabelSchema, validateAnnotation, type AnnotationError, type LabelSchemaT } from '../index.ts';

/** A parsed schema from fields that must be valid. */
export function schemaOf(...fields: Record<string, unknown>[]): LabelSchemaT {
  const r = parseLabelSchema({ fields });
  if (!r.ok) throw new Error(`bad test schema: ${JSON.stringify(r.errors)}`);
  return r.schema;
}

/** The errors of an annotation that must be refused. */
export function errorsOf(schema: LabelSchemaT, value: unknown, taskData?: Record<string, unknown>): AnnotationError[] {
  const r = validateAnnotation(schema, value, taskData);
  if (r.ok) throw new Error(`expected errors, got ${JSON.stringify(r.value)}`);
  return r.errors;
}

/** The normalized value of an annotation that must be accepted. */
export function valueOf(schema: LabelSchemaT, value: unknown, taskData?: Record<string, unknown>): Record<string, unknown> {
  const r = validateAnnotation(schema, value, taskData);
  if (!r.ok) throw new Error(`expected ok, got ${JSON.stringify(r.errors)}`);
  return r.value;
}

/** Expect exactly one error, on `field`, with `code`; returns its message. */
export function onlyError(schema: LabelSchemaT, value: unknown, field: string, code: string, taskData?: Record<string, unknown>): string {
  const errors = errorsOf(schema, value, taskData);
  expect(errors).toMatchObject([{ field, code }]);
  expect(errors[0]!.message).toMatch(new RegExp(`^field "${field}"`));
  return errors[0]!.message;
}
