import type { Span } from '../../../core/schema/index.ts';

/** A span with its stacking lane: overlapping spans get different lanes. */
export interface LaidSpan extends Span {
  index: number;
  lane: number;
}

/** Greedy interval colouring: each span takes the lowest lane free at its start. */
export function assignLanes(spans: readonly Span[]): { laid: LaidSpan[]; lanes: number } {
  const order = spans.map((s, index) => ({ ...s, index, lane: 0 })).sort((a, b) => a.start - b.start || b.end - a.end);
  const laneEnds: number[] = [];
  for (const s of order) {
    let lane = laneEnds.findIndex((end) => end <= s.start);
    if (lane < 0) lane = laneEnds.length;
    laneEnds[lane] = s.end;
    s.lane = lane;
  }
  const laid = [...order].sort((a, b) => a.index - b.index);
  return { laid, lanes: laneEnds.length };
}

/** One run of text whose covering spans and selection state are constant. */
export interface Segment {
  start: number;
  end: number;
  spans: LaidSpan[];
  selected: boolean;
}

/** Cuts the text at every span edge and selection edge. */
export function segments(length: number, spans: readonly LaidSpan[], sel: { start: number; end: number } | null): Segment[] {
  const cuts = new Set<number>([0, length]);
  for (const s of spans) {
    cuts.add(Math.min(s.start, length));
    cuts.add(Math.min(s.end, length));
  }
  if (sel) {
    cuts.add(sel.start);
    cuts.add(sel.end);
  }
  const points = [...cuts].sort((a, b) => a - b);
  const out: Segment[] = [];
  for (let i = 0; i + 1 < points.length; i++) {
    const start = points[i];
    const end = points[i + 1];
    if (end <= start) continue;
    out.push({
      start,
      end,
      spans: spans.filter((s) => s.start <= start && s.end >= end),
      selected: sel !== null && sel.start <= start && sel.end >= end,
    });
  }
  return out;
}

const WORD = /[\p{L}\p{N}_'’-]/u;

/** The next word boundary from `pos` in direction `dir` (Ctrl+arrow movement). */
export function wordBoundary(text: string, pos: number, dir: 1 | -1): number {
  let i = pos;
  if (dir > 0) {
    while (i < text.length && !WORD.test(text[i])) i++;
    while (i < text.length && WORD.test(text[i])) i++;
  } else {
    while (i > 0 && !WORD.test(text[i - 1])) i--;
    while (i > 0 && WORD.test(text[i - 1])) i--;
  }
  return i;
}

/** The word around `pos`, or null when `pos` is not in or next to a word. */
export function wordAt(text: string, pos: number): { start: number; end: number } | null {
  let start = pos;
  let end = pos;
  while (start > 0 && WORD.test(text[start - 1])) start--;
  while (end < text.length && WORD.test(text[end])) end++;
  return end > start ? { start, end } : null;
}

/** Shrinks a range so it neither starts nor ends with whitespace (mouse selections often do). */
export function trimRange(text: string, start: number, end: number): { start: number; end: number } {
  while (start < end && /\s/.test(text[start])) start++;
  while (end > start && /\s/.test(text[end - 1])) end--;
  return { start, end };
}
