import { BoxesFieldSchema } from './boxes.ts';
import { ChoiceFieldSchema } from './choice.ts';
import { NumberFieldSchema } from './number.ts';
import { PairwiseFieldSchema } from './pairwise.ts';
import { PolygonsFieldSchema } from './polygons.ts';
import { RankingFieldSchema } from './ranking.ts';
import { RatingFieldSchema } from './rating.ts';
import { SpansFieldSchema } from './spans.ts';
import { TextFieldSchema } from './text.ts';

/** The zod schema of each field type, by `type`, in the order the docs list them. */
export const FIELD_SCHEMAS = {
  choice: ChoiceFieldSchema,
  spans: SpansFieldSchema,
  boxes: BoxesFieldSchema,
  polygons: PolygonsFieldSchema,
  rating: RatingFieldSchema,
  pairwise: PairwiseFieldSchema,
  ranking: RankingFieldSchema,
  text: TextFieldSchema,
  number: NumberFieldSchema,
} as const;

/** A field's `type`. */
export type FieldType = keyof typeof FIELD_SCHEMAS;

/** Every field type, in the order the docs list them. */
export const FIELD_TYPES = Object.keys(FIELD_SCHEMAS) as FieldType[];

/** True when `type` names a field type. */
export function isFieldType(type: unknown): type is FieldType {
  return typeof type === 'string' && Object.hasOwn(FIELD_SCHEMAS, type);
}

/** The properties a field of this type accepts, for "unknown property" messages. */
export function fieldProperties(type: FieldType): string[] {
  return Object.keys(FIELD_SCHEMAS[type].shape);
}
