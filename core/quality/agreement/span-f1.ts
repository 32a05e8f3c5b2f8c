import { QualityInputError } from '../errors.ts';

/** A labeled text span: character offsets, `end` exclusive. */
export interface Span {
  start: number;
  end: number;
  label: string;
}

/** Precision/recall/F1 of `a` measured against `b` (swap them to swap P and R; F1 is symmetric). */
export interface SpanScore {
  precision: number;
  recall: number;
  f1: number;
  /** Matched spans (exact) or matched characters / tokens (overlap). */
  matched: number;
}

function checkSpans(spans: readonly Span[]): void {
  for (const s of spans) {
    if (!Number.isInteger(s.start) || !Number.isInteger(s.end) || s.start < 0 || s.end < s.start) {
      throw new QualityInputError(`invalid span ${JSON.stringify(s)}: needs integers 0 <= start <= end`);
    }
  }
}

function score(matched: number, sizeA: number, sizeB: number): SpanScore {
  // Both empty: the two annotators agree there is nothing to mark.
  if (sizeA === 0 && sizeB === 0) return { precision: 1, recall: 1, f1: 1, matched: 0 };
  return {
    precision: sizeA ? matched / sizeA : 0,
    recall: sizeB ? matched / sizeB : 0,
    f1: (2 * matched) / (sizeA + sizeB),
    matched,
  };
}

/**
 * Exact-match span F1 (the CoNLL NER convention, Tjong Kim Sang & De Meulder
 * 2003): a span of `a` counts only if `b` has the same start, end and label;
 * repeated spans match at most as often as they appear in both.
 */
export function spanF1(a: readonly Span[], b: readonly Span[]): SpanScore {
  checkSpans(a);
  checkSpans(b);
  const key = (s: Span): string => `${s.start}:${s.end}:${s.label}`;
  const counts = new Map<string, number>();
  for (const s of b) counts.set(key(s), (counts.get(key(s)) ?? 0) + 1);
  let matched = 0;
  for (const s of a) {
    const c = counts.get(key(s));
    if (c) {
      matched++;
      counts.set(key(s), c - 1);
    }
  }
  return score(matched, a.length, b.length);
}

/** Sorted, merged [start, end) intervals of one label. */
function mergedByLabel(spans: readonly Span[]): Map<string, Array<[number, number]>> {
  const by = new Map<string, Array<[number, number]>>();
  for (const s of spans) {
    if (s.end === s.start) continue;
    const list = by.get(s.label) ?? [];
    list.push([s.start, s.end]);
    by.set(s.label, list);
  }
  for (const [label, list] of by) {
    list.sort((x, y) => x[0] - y[0]);
    const merged: Array<[number, number]> = [];
    for (const [s, e] of list) {
      const last = merged[merged.length - 1];
      if (last && s <= last[1]) last[1] = Math.max(last[1], e);
      else merged.push([s, e]);
    }
    by.set(label, merged);
  }
  return by;
}

const totalLength = (list: Array<[number, number]>): number => list.reduce((t, [s, e]) => t + e - s, 0);

/** Options of {@link spanOverlapF1}. */
export interface OverlapOptions {
  /**
   * Token offsets [start, end) to score by token instead of by character: a
   * token is marked with a label when any span of that label overlaps it.
   */
  tokens?: ReadonlyArray<readonly [number, number]>;
}

/**
 * Partial-credit span F1: counts the characters (or tokens) that both sides
 * marked with the same label, so a span that is off by one word still earns
 * most of its credit. Overlapping spans of one label count once.
 */
export function spanOverlapF1(a: readonly Span[], b: readonly Span[], options: OverlapOptions = {}): SpanScore {
  checkSpans(a);
  checkSpans(b);
  const ma = mergedByLabel(a);
  const mb = mergedByLabel(b);
  if (!options.tokens) {
    let matched = 0;
    let sizeA = 0;
    let sizeB = 0;
    for (const list of ma.values()) sizeA += totalLength(list);
    for (const list of mb.values()) sizeB += totalLength(list);
    for (const [label, la] of ma) {
      const lb = mb.get(label);
      if (lb) matched += intersectLength(la, lb);
    }
    return score(matched, sizeA, sizeB);
  }
  const tokens = options.tokens;
  const marked = (m: Map<string, Array<[number, number]>>): Set<string> => {
    const out = new Set<string>();
    for (const [label, list] of m) {
      tokens.forEach(([s, e], t) => {
        if (list.some(([ls, le]) => ls < e && s < le)) out.add(`${t}\u0000${label}`);
      });
    }
    return out;
  };
  const ta = marked(ma);
  const tb = marked(mb);
  let matched = 0;
  for (const k of ta) if (tb.has(k)) matched++;
  return score(matched, ta.size, tb.size);
}

function intersectLength(a: Array<[number, number]>, b: Array<[number, number]>): number {
  let i = 0;
  let j = 0;
  let len = 0;
  while (i < a.length && j < b.length) {
    const lo = Math.max(a[i][0], b[j][0]);
    const hi = Math.min(a[i][1], b[j][1]);
    if (hi > lo) len += hi - lo;
    if (a[i][1] < b[j][1]) i++;
    else j++;
  }
  return len;
}

/** Options of {@link voteSpans}. */
export interface VoteSpansOptions {
  /** Annotators that must cover a character with a label; default: a strict majority. */
  minVotes?: number;
}

/**
 * Consolidates several annotators' spans by character-level vote: a
 * character gets a label when at least `minVotes` annotators marked it with
 * that label; runs of such characters become spans (sorted by start, label).
 */
export function voteSpans(annotations: ReadonlyArray<readonly Span[]>, options: VoteSpansOptions = {}): Span[] {
  const minVotes = options.minVotes ?? Math.floor(annotations.length / 2) + 1;
  if (!(minVotes >= 1)) throw new QualityInputError('voteSpans: minVotes must be >= 1');
  // Sweep over boundaries: +1 at start, -1 at end, per label, after merging each annotator's own overlaps.
  const events = new Map<string, Array<[number, number]>>();
  for (const spans of annotations) {
    checkSpans(spans);
    for (const [label, list] of mergedByLabel(spans)) {
      const ev = events.get(label) ?? [];
      for (const [s, e] of list) ev.push([s, 1], [e, -1]);
      events.set(label, ev);
    }
  }
  const out: Span[] = [];
  for (const [label, ev] of events) {
    ev.sort((x, y) => x[0] - y[0]);
    let depth = 0;
    let openAt = -1;
    for (let e = 0; e < ev.length; ) {
      // Apply every boundary at this position before testing, so touching spans join.
      const pos = ev[e][0];
      const before = depth;
      while (e < ev.length && ev[e][0] === pos) depth += ev[e++][1];
      if (before < minVotes && depth >= minVotes) openAt = pos;
      else if (before >= minVotes && depth < minVotes) out.push({ start: openAt, end: pos, label });
    }
  }
  return out.sort((x, y) => x.start - y.start || (x.label < y.label ? -1 : x.label > y.label ? 1 : 0));
}
