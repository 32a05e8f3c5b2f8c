/**
 * Per-task aggregation: turns the annotations of one task into its result.
 * This is the seam the quality engine plugs into: project-level truth
 * inference (Dawid-Skene and friends) may override the categorical fields
 * through `categorical`, while the shape of the result stays the same.
 */
export interface TaskAnnotation {
  userId: number | string;
  value: Record<string, unknown>;
}

export interface FieldResult {
  value: unknown;
  /** Posterior (or vote share) of the chosen value; null where a field has no notion of it. */
  confidence: number | null;
  method: string;
  votes?: Record<string, number>;
}

export interface TaskResult {
  value: Record<string, unknown>;
  /** The weakest field's confidence: a task is only as certain as its least certain field. */
  confidence: number | null;
  /** Mean share of annotator pairs that agree, over categorical fields. */
  agreement: number | null;
  method: string;
  fields: Record<string, FieldResult>;
}

interface FieldLike {
  name: string;
  type: string;
  multiple?: boolean;
}

/** Majority vote with ties broken by the value first seen, so results are deterministic. */
export function majorityVote(labels: readonly string[]): { label: string; share: number; votes: Record<string, number> } {
  const votes: Record<string, number> = {};
  let best = '';
  let bestN = 0;
  for (const l of labels) {
    const n = (votes[l] = (votes[l] ?? 0) + 1);
    if (n > bestN) {
      best = l;
      bestN = n;
    }
  }
  return { label: best, share: labels.length ? bestN / labels.length : 0, votes };
}

/** Share of unordered annotator pairs giving the same label (1 when fewer than two answers). */
export function pairAgreement(votes: Record<string, number>): number {
  let n = 0;
  let same = 0;
  for (const c of Object.values(votes)) {
    n += c;
    same += (c * (c - 1)) / 2;
  }
  const pairs = (n * (n - 1)) / 2;
  return pairs === 0 ? 1 : same / pairs;
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/**
 * Aggregates one task: choice (single) and pairwise by majority vote with
 * confidence = vote share; multi-choice per option (kept when a majority
 * picked it); rating and number by median; other types keep the latest
 * annotation until their own aggregators land (spans, boxes, ranking, text).
 */
export function aggregateTask(
  fields: readonly FieldLike[],
  annotations: readonly TaskAnnotation[],
  categorical: Record<string, { label: string; confidence: number }> = {},
): TaskResult {
  const out: Record<string, FieldResult> = {};
  const agreements: number[] = [];
  for (const f of fields) {
    const given = annotations.map((a) => a.value[f.name]).filter((v) => v !== undefined && v !== null);
    if (given.length === 0) continue;
    if ((f.type === 'choice' && !f.multiple) || f.type === 'pairwise') {
      const labels = given.map((v) => (f.type === 'pairwise' ? String((v as { choice?: unknown }).choice) : String(v)));
      const mv = majorityVote(labels);
      agreements.push(pairAgreement(mv.votes));
      const inferred = categorical[f.name];
      const label = inferred?.label ?? mv.label;
      out[f.name] = {
        value: f.type === 'pairwise' ? { choice: label } : label,
        confidence: inferred?.confidence ?? mv.share,
        method: inferred ? 'inferred' : 'mv',
        votes: mv.votes,
      };
    } else if (f.type === 'choice') {
      const votes: Record<string, number> = {};
      for (const v of given as string[][]) for (const o of new Set(v)) votes[o] = (votes[o] ?? 0) + 1;
      const picked = Object.keys(votes).filter((o) => votes[o] * 2 > given.length);
      const conf = Object.values(votes).map((c) => Math.max(c, given.length - c) / given.length);
      out[f.name] = { value: picked, confidence: conf.length ? Math.min(...conf) : 1, method: 'mv-per-option', votes };
    } else if (f.type === 'rating' || f.type === 'number') {
      out[f.name] = { value: median(given as number[]), confidence: null, method: 'median' };
    } else {
      out[f.name] = { value: given[given.length - 1], confidence: null, method: 'latest' };
    }
  }
  const confs = Object.values(out)
    .map((r) => r.confidence)
    .filter((c): c is number => c !== null);
  const value = Object.fromEntries(Object.entries(out).map(([k, r]) => [k, r.value]));
  return {
    value,
    confidence: confs.length ? Math.min(...confs) : null,
    agreement: agreements.length ? agreements.reduce((a, b) => a + b, 0) / agreements.length : null,
    method: Object.values(out).some((r) => r.method === 'inferred') ? 'inferred' : 'mv',
    fields: out,
  };
}
