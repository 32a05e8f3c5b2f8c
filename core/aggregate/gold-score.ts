import { rotatedBoxIou, spanOverlapF1, type Span } from '../quality/index.ts';
import type { LabelField } from '../schema/index.ts';

/** IoU / F1 at or above which a region or span answer matches the gold one (PASCAL VOC's 0.5). */
export const MATCH_THRESHOLD = 0.5;

type Box = { x: number; y: number; width: number; height: number; rotation?: number; label: string };

function sameSet(a: unknown[], b: unknown[]) {
  const sa = new Set(a.map(String));
  return sa.size === new Set(b.map(String)).size && b.every((x) => sa.has(String(x)));
}

/** Every gold box is matched by a distinct answer box of its label with IoU >= threshold, and no extra boxes. */
function boxesMatch(answer: Box[], gold: Box[]) {
  if (answer.length !== gold.length) return false;
  const used = new Set<number>();
  return gold.every((g) => {
    let best = -1;
    let bestIou = MATCH_THRESHOLD;
    answer.forEach((a, i) => {
      if (used.has(i) || a.label !== g.label) return;
      const iou = rotatedBoxIou(a, g);
      if (iou >= bestIou) (bestIou = iou), (best = i);
    });
    if (best < 0) return false;
    used.add(best);
    return true;
  });
}

/** Whether one field's answer matches its gold answer, by the field type's own notion of "same". */
export function fieldMatchesGold(field: LabelField, answer: unknown, gold: unknown): boolean {
  if (gold === null || gold === undefined) return true;
  if (answer === null || answer === undefined) return false;
  switch (field.type) {
    case 'choice':
      return field.multiple ? sameSet(answer as unknown[], gold as unknown[]) : answer === gold;
    case 'pairwise':
      return (answer as { choice: string }).choice === (gold as { choice: string }).choice;
    case 'rating':
      return answer === gold;
    case 'number':
      return Math.abs((answer as number) - (gold as number)) <= 1e-9 * Math.max(1, Math.abs(gold as number));
    case 'text':
      return String(answer).trim().toLowerCase() === String(gold).trim().toLowerCase();
    case 'ranking':
      return JSON.stringify(answer) === JSON.stringify(gold);
    case 'spans': {
      const a = answer as Span[];
      const g = gold as Span[];
      return a.length + g.length === 0 || spanOverlapF1(a, g).f1 >= MATCH_THRESHOLD;
    }
    case 'boxes':
      return boxesMatch(answer as Box[], gold as Box[]);
    default:
      return JSON.stringify(answer) === JSON.stringify(gold);
  }
}

/**
 * Scores an answer to a gold task: correct when every field the gold answer
 * sets is matched. Returns the per-field outcome so the annotator can be told
 * which field they got wrong.
 */
export function scoreGold(fields: readonly LabelField[], answer: Record<string, unknown>, gold: Record<string, unknown>) {
  const outcome: Record<string, boolean> = {};
  for (const f of fields) if (f.name in gold) outcome[f.name] = fieldMatchesGold(f, answer[f.name], gold[f.name]);
  return { correct: Object.values(outcome).every(Boolean), fields: outcome };
}
