import { listValues } from './describe.ts';
import type { LabelField } from './label-schema.ts';

/** A category an aggregator counts votes for: an option or label value, a rating, or a pairwise choice. */
export type CategoryValue = string | number;

/**
 * The values a field's answers are drawn from:
 * choice -> option values; spans, boxes, polygons -> label values; rating -> min..max;
 * pairwise -> "A", "B" (and "tie" when allowed); ranking, text, number -> [] (open-ended).
 */
export function choiceValues(field: LabelField): CategoryValue[] {
  switch (field.type) {
    case 'choice':
      return field.options.map((o) => o.value);
    case 'spans':
    case 'boxes':
    case 'polygons':
      return field.labels.map((l) => l.value);
    case 'rating':
      return Array.from({ length: field.max - field.min + 1 }, (_, i) => field.min + i);
    case 'pairwise':
      return field.allowTie ? ['A', 'B', 'tie'] : ['A', 'B'];
    case 'ranking':
    case 'text':
    case 'number':
      return [];
  }
}

/**
 * True when each answer is exactly one category (single choice, rating, pairwise), so
 * majority vote and truth inference (Dawid-Skene and friends) apply directly.
 * Multi-choice is not: it aggregates per option.
 */
export function isCategorical(field: LabelField): boolean {
  return (field.type === 'choice' && !field.multiple) || field.type === 'rating' || field.type === 'pairwise';
}

/**
 * The category of a valid answer to a categorical field (`"pos"`, `4`, `"A"`), or null for
 * other fields and for absent answers.
 */
export function categoryOf(field: LabelField, value: unknown): CategoryValue | null {
  if (!isCategorical(field) || value === null || value === undefined) return null;
  if (field.type === 'pairwise') {
    const choice = typeof value === 'object' ? (value as { choice?: unknown }).choice : undefined;
    return typeof choice === 'string' ? choice : null;
  }
  return typeof value === 'string' || typeof value === 'number' ? value : null;
}

/**
 * The editor's starting value for a field: `[]` for lists (multi-choice, spans, boxes,
 * polygons), `""` for text, null for the rest (nothing chosen yet).
 */
export function emptyValue(field: LabelField): unknown {
  switch (field.type) {
    case 'choice':
      return field.multiple ? [] : null;
    case 'spans':
    case 'boxes':
    case 'polygons':
      return [];
    case 'text':
      return '';
    case 'rating':
    case 'pairwise':
    case 'ranking':
    case 'number':
      return null;
  }
}

/** How results for a field are aggregated across annotators (see docs: "Label schema"). */
export type AggregationKind =
  | 'truth-inference'
  | 'per-option'
  | 'span-vote'
  | 'region-iou'
  | 'rating-median'
  | 'bradley-terry'
  | 'numeric-median'
  | 'reviewer-pick';

/** The aggregator family for a field: choice -> truth inference, boxes -> IoU matching, and so on. */
export function aggregationKind(field: LabelField): AggregationKind {
  switch (field.type) {
    case 'choice':
      return field.multiple ? 'per-option' : 'truth-inference';
    case 'spans':
      return 'span-vote';
    case 'boxes':
    case 'polygons':
      return 'region-iou';
    case 'rating':
      return 'rating-median';
    case 'pairwise':
    case 'ranking':
      return 'bradley-terry';
    case 'number':
      return 'numeric-median';
    case 'text':
      return 'reviewer-pick';
  }
}

/** A short phrase telling an annotator or API client what a field's value looks like. */
export function describeExpectedValue(field: LabelField): string {
  switch (field.type) {
    case 'choice':
      return field.multiple
        ? `give a list of options from ${listValues(choiceValues(field))} (an empty list means none apply)`
        : `choose one of ${listValues(choiceValues(field))}`;
    case 'spans':
      return 'give a list of spans {start, end, label} (an empty list means none)';
    case 'boxes':
      return 'give a list of boxes {x, y, width, height, label} (an empty list means none)';
    case 'polygons':
      return 'give a list of polygons {points: [[x, y], ...], label} (an empty list means none)';
    case 'rating':
      return `give an integer from ${field.min} to ${field.max}`;
    case 'pairwise':
      return `give {choice: ${field.allowTie ? '"A", "B" or "tie"' : '"A" or "B"'}${field.strength ? ', strength?: 1 | 2 | 3' : ''}}`;
    case 'ranking':
      return field.candidates !== undefined
        ? `give an order of the ${field.candidates} candidates, e.g. [${Array.from({ length: Math.min(field.candidates, 4) }, (_, i) => i).join(', ')}${field.candidates > 4 ? ', …' : ''}]`
        : 'give an order of the candidate indices, best first, e.g. [2, 0, 1]';
    case 'text':
      return 'enter some text';
    case 'number':
      return field.integer ? 'give an integer' : 'give a number';
  }
}
