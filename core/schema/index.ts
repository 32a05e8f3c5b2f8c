/**
 * Label schema and annotation validation: pure TypeScript shared by server, web and CLI.
 *
 * @example
 * import { parseLabelSchema, validateAnnotation } from '../core/schema/index.ts';
 * const parsed = parseLabelSchema({ fields: [{ name: 'sentiment', type: 'choice', options: ['pos', 'neg'] }] });
 * if (parsed.ok) validateAnnotation(parsed.schema, { sentiment: 'pos' }); // { ok: true, value: { sentiment: 'pos' } }
 */
export {
  FieldSchema,
  LabelSchema,
  parseLabelSchema,
  type FieldOf,
  type LabelField,
  type LabelSchemaInput,
  type LabelSchemaT,
  type ParseLabelSchemaResult,
} from './label-schema.ts';
export {
  checkFieldValue,
  MAX_ERRORS_PER_FIELD,
  validateAnnotation,
  type ValidateAnnotationResult,
} from './validate-annotation.ts';
export {
  aggregationKind,
  categoryOf,
  choiceValues,
  describeExpectedValue,
  emptyValue,
  isCategorical,
  type AggregationKind,
  type CategoryValue,
} from './field-kinds.ts';
export type {
  AnnotationError,
  AnnotationErrorCode,
  Checked,
  Problem,
  SchemaError,
  SchemaErrorCode,
} from './errors.ts';
export { FIELD_SCHEMAS, FIELD_TYPES, isFieldType, type FieldType } from './fields/index.ts';
export { FIELD_NAME_PATTERN } from './fields/base.ts';
export { DEFAULT_HOTKEYS, type NormalizedLabel, type NormalizedOption } from './fields/options.ts';
export type { BoxesField, Box } from './fields/boxes.ts';
export type { ChoiceField } from './fields/choice.ts';
export type { NumberField } from './fields/number.ts';
export type { PairwiseField, PairwiseValue } from './fields/pairwise.ts';
export type { PolygonsField, Polygon } from './fields/polygons.ts';
export { candidateCount, type RankingField } from './fields/ranking.ts';
export type { RatingField } from './fields/rating.ts';
export type { SpansField, Span } from './fields/spans.ts';
export { textLength, type TextField } from './fields/text.ts';
