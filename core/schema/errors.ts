/**
 * Error shapes shared by schema parsing and annotation validation.
 * Codes are stable: clients and the API may branch on them; messages are for people.
 */

/** Why a project's label schema was refused. */
export type SchemaErrorCode =
  | 'invalid_type'
  | 'missing_property'
  | 'unknown_property'
  | 'unknown_field_type'
  | 'invalid_field_name'
  | 'duplicate_field_name'
  | 'no_fields'
  | 'empty_options'
  | 'empty_labels'
  | 'duplicate_option'
  | 'duplicate_label'
  | 'duplicate_hotkey'
  | 'invalid_range'
  | 'missing_source'
  | 'invalid_value';

/**
 * One problem in a label schema.
 * `path` points into the submitted JSON, e.g. `fields[1].options[2].hotkey` (`""` for the root).
 */
export interface SchemaError {
  path: string;
  code: SchemaErrorCode;
  message: string;
}

/** Why an annotation value was refused. */
export type AnnotationErrorCode =
  | 'not_an_object'
  | 'unknown_field'
  | 'required'
  | 'invalid_type'
  | 'unknown_property'
  | 'invalid_option'
  | 'duplicate_option'
  | 'invalid_label'
  | 'invalid_span'
  | 'span_out_of_bounds'
  | 'span_text_mismatch'
  | 'duplicate_span'
  | 'invalid_box'
  | 'invalid_polygon'
  | 'out_of_range'
  | 'not_integer'
  | 'invalid_choice'
  | 'tie_not_allowed'
  | 'strength_not_allowed'
  | 'invalid_strength'
  | 'invalid_ranking'
  | 'too_short'
  | 'too_long';

/**
 * One problem in an annotation value. `field` is the field name it concerns
 * (`""` when the value as a whole is not an object); `message` names the field and says what to fix.
 */
export interface AnnotationError {
  field: string;
  code: AnnotationErrorCode;
  message: string;
}

/** A problem with one field's value, before validateAnnotation prefixes the field name. */
export interface Problem {
  code: AnnotationErrorCode;
  message: string;
}

/** What a per-type value check returns: the normalized value, or the problems found. */
export type Checked = { ok: true; value: unknown } | { ok: false; problems: Problem[] };

/** @internal Build a successful check. */
export const pass = (value: unknown): Checked => ({ ok: true, value });

/** @internal Build a failed check with one problem. */
export const fail = (code: AnnotationErrorCode, message: string): Checked => ({
  ok: false,
  problems: [{ code, message }],
});

/** @internal Return problems if any were collected, else the value. */
export const settle = (problems: Problem[], value: unknown): Checked =>
  problems.length > 0 ? { ok: false, problems } : { ok: true, value };
