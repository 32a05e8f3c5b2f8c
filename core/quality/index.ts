/**
 * Tally quality engine: agreement metrics, truth inference, pairwise
 * scoring and box consolidation. Pure functions, no I/O; see docs/quality.md.
 */
export { QualityInputError } from './errors.ts';
export { seededRandom } from './rng.ts';

// Truth inference for categorical labels.
export { inferTruth, TRUTH_METHODS, type InferTruthOptions } from './truth/infer-truth.ts';
export {
  encodeAnswers,
  checkEncoded,
  isEncoded,
  compareCodeUnits,
  type Answer,
  type EncodedAnswers,
  type EncodeOptions,
} from './truth/encode.ts';
export type { TruthMethod, TruthOptions, TruthResult, ItemTruth, WorkerQuality, RawTruth } from './truth/types.ts';
export { buildResult } from './truth/result.ts';
export { majorityVote, weightedMajorityVote, voteShares, type WeightedVoteOptions } from './truth/majority-vote.ts';
export { dawidSkene, oneCoinDawidSkene, type DawidSkeneOptions } from './truth/dawid-skene.ts';
export { glad, type GladOptions } from './truth/glad.ts';
export { mace, type MaceOptions } from './truth/mace.ts';

// Agreement.
export { percentAgreement } from './agreement/percent-agreement.ts';
export { cohenKappa, type CohenKappaOptions } from './agreement/cohen-kappa.ts';
export { fleissKappa, fleissTable, type FleissKappaOptions } from './agreement/fleiss-kappa.ts';
export { krippendorffAlpha, type AlphaLevel, type AlphaOptions } from './agreement/krippendorff-alpha.ts';
export {
  spanF1,
  spanOverlapF1,
  voteSpans,
  type Span,
  type SpanScore,
  type OverlapOptions,
  type VoteSpansOptions,
} from './agreement/span-f1.ts';
export { unitsFromAnswers, unitsFromObserverRows, sortRatings, type Rating, type Missing } from './agreement/values.ts';

// Geometry.
export { boxIou, boxIntersection, boxCorners, rotatedBoxIou, type Box, type RotatedBox } from './geometry/box-iou.ts';
export { polygonIou, polygonOverlap, polygonArea, type Polygon, type PolygonOverlap } from './geometry/polygon-iou.ts';
export {
  consolidateBoxes,
  type LabeledBox,
  type ConsolidatedBox,
  type ConsolidateOptions,
} from './geometry/consolidate-boxes.ts';

// Pairwise and ranking.
export {
  bradleyTerry,
  bradleyTerryFromRankings,
  type Comparison,
  type BradleyTerryOptions,
  type BradleyTerryResult,
} from './ranking/bradley-terry.ts';

// Ratings.
export { median, aggregateRatings, type RatingAnswer, type RatingSummary, type RatingAggregate } from './rating/aggregate-ratings.ts';
