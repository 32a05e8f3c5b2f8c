import {
  bradleyTerryFromRankings,
  consolidateBoxes,
  median,
  percentAgreement,
  polygonIou,
  spanOverlapF1,
  voteSpans,
  type LabeledBox,
  type Polygon,
  type Span,
} from '../quality/index.ts';
import type { LabelField } from '../schema/index.ts';
import { posteriorFromModel, type FieldModel } from './field-model.ts';

/** One annotator's answer to one field of one task. */
export interface FieldAnswer {
  worker: string;
  value: unknown;
}

export interface FieldResult {
  value: unknown;
  /** Posterior (or vote share, or consensus) of the chosen value; null where a field has no notion of it. */
  confidence: number | null;
  /** Agreement among the annotators on this field, in [0, 1]; null with fewer than two answers. */
  agreement: number | null;
  method: string;
  votes?: Record<string, number>;
}

/** Fields whose answers are one label out of a fixed set: truth inference applies. */
export function isInferable(field: LabelField): boolean {
  return (field.type === 'choice' && !field.multiple) || field.type === 'pairwise';
}

/** The label an answer gives to an inferable field ("pos", or "A"/"B"/"tie" for pairwise). */
export function labelOf(field: LabelField, value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (field.type === 'pairwise') {
    const c = (value as { choice?: unknown }).choice;
    return typeof c === 'string' ? c : null;
  }
  return typeof value === 'string' ? value : null;
}

function meanPairwise<T>(xs: readonly T[], score: (a: T, b: T) => number): number | null {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < xs.length; i++) for (let j = i + 1; j < xs.length; j++) (sum += score(xs[i], xs[j])), n++;
  return n ? sum / n : null;
}

function vote(labels: string[]) {
  const votes: Record<string, number> = {};
  let best = '';
  for (const l of labels) {
    votes[l] = (votes[l] ?? 0) + 1;
    // Ties go to the label seen first, so the result never depends on object key order.
    if (best === '' || votes[l] > votes[best]) best = l;
  }
  return { best, votes };
}

function inferable(field: LabelField, answers: FieldAnswer[], model?: FieldModel): FieldResult {
  const given = answers.flatMap((a) => {
    const l = labelOf(field, a.value);
    return l === null ? [] : [{ worker: a.worker, label: l }];
  });
  const { best, votes } = vote(given.map((g) => g.label));
  // Share of annotator pairs that gave the same label (null with fewer than two answers).
  const agreement = given.length >= 2 ? percentAgreement([given.map((g) => g.label)]) : null;
  const wrap = (l: string) => (field.type === 'pairwise' ? { choice: l } : l);
  if (model) {
    const p = posteriorFromModel(model, given);
    return { value: wrap(p.label), confidence: p.confidence, agreement, method: model.method, votes };
  }
  return { value: wrap(best), confidence: votes[best] / given.length, agreement, method: 'mv', votes };
}

/**
 * The aggregator of each field type (design.md): choice and pairwise -> truth
 * inference (or majority vote); multi-choice -> majority per option; spans ->
 * character-level vote, agreement by span overlap F1; boxes -> IoU clustering;
 * polygons -> the answer with the highest mean IoU to the others; rating and
 * number -> median; ranking -> Bradley-Terry; text -> the latest answer until a
 * reviewer picks.
 */
export function aggregateField(field: LabelField, answers: FieldAnswer[], model?: FieldModel): FieldResult | undefined {
  const present = answers.filter((a) => a.value !== null && a.value !== undefined);
  if (present.length === 0) return undefined;
  const values = present.map((a) => a.value);
  const n = values.length;
  switch (field.type) {
    case 'pairwise':
      return inferable(field, present, model);
    case 'choice': {
      if (!field.multiple) return inferable(field, present, model);
      const votes: Record<string, number> = {};
      for (const v of values as string[][]) for (const o of new Set(v)) votes[o] = (votes[o] ?? 0) + 1;
      const picked = Object.keys(votes).filter((o) => votes[o] * 2 > n);
      const margins = Object.values(votes).map((c) => Math.max(c, n - c) / n);
      const jaccard = meanPairwise(values as string[][], (a, b) => {
        const sa = new Set(a);
        const inter = b.filter((x) => sa.has(x)).length;
        const union = new Set([...a, ...b]).size;
        return union ? inter / union : 1;
      });
      return { value: picked, confidence: margins.length ? Math.min(...margins) : 1, agreement: jaccard, method: 'mv-per-option', votes };
    }
    case 'spans': {
      const sets = values as Span[][];
      const agreement = meanPairwise(sets, (a, b) => (a.length + b.length === 0 ? 1 : spanOverlapF1(a, b).f1));
      return { value: voteSpans(sets), confidence: agreement ?? null, agreement, method: 'span-vote' };
    }
    case 'boxes': {
      const sets = values as LabeledBox[][];
      const merged = consolidateBoxes(sets);
      const conf = merged.length ? merged.reduce((s, b) => s + b.confidence, 0) / merged.length : null;
      return {
        value: merged.map(({ x, y, width, height, label, rotation }) => ({ x, y, width, height, label, ...(rotation ? { rotation } : {}) })),
        confidence: conf,
        agreement: conf,
        method: 'iou-consolidation',
      };
    }
    case 'polygons': {
      // Pick the annotation that best agrees with the rest (medoid by mean IoU of matched shapes).
      const sets = values as Array<Array<Polygon & { label: string }>>;
      const score = (a: (typeof sets)[number], b: (typeof sets)[number]) => {
        if (a.length + b.length === 0) return 1;
        const best = a.map((p) => Math.max(0, ...b.filter((q) => q.label === p.label).map((q) => polygonIou(p, q))));
        return best.reduce((s, x) => s + x, 0) / Math.max(a.length, b.length);
      };
      let bestIdx = n - 1;
      let bestScore = -1;
      sets.forEach((s, i) => {
        const m = n > 1 ? sets.reduce((acc, o, j) => (j === i ? acc : acc + score(s, o)), 0) / (n - 1) : 1;
        if (m > bestScore) (bestScore = m), (bestIdx = i);
      });
      return { value: sets[bestIdx], confidence: n > 1 ? bestScore : null, agreement: n > 1 ? bestScore : null, method: 'medoid-iou' };
    }
    case 'rating':
    case 'number': {
      const xs = values as number[];
      const m = median(xs);
      const spread = field.type === 'rating' ? field.max - field.min || 1 : null;
      const agreement = spread ? meanPairwise(xs, (a, b) => 1 - Math.abs(a - b) / spread) : null;
      return { value: m, confidence: null, agreement, method: 'median' };
    }
    case 'ranking': {
      const rankings = (values as number[][]).map((r) => r.map(String));
      const bt = bradleyTerryFromRankings(rankings);
      return { value: bt.ranking.map(Number), confidence: null, agreement: null, method: 'bradley-terry' };
    }
    default:
      return { value: values[n - 1], confidence: null, agreement: null, method: 'latest' };
  }
}
