import type { NormalizedLabel } from '../../../core/schema/index.ts';

/** Distinct hues that read on light and dark backgrounds (labels without a `color`). */
const PALETTE = ['#e6194b', '#3cb44b', '#4363d8', '#f58231', '#911eb4', '#0f9ea8', '#d4a000', '#f032e6', '#6b8e23', '#9a6324'];

/** A label's color: its own `color`, else a palette entry by position. */
export function labelColor(labels: readonly NormalizedLabel[], value: string): string {
  const i = labels.findIndex((l) => l.value === value);
  if (i < 0) return '#888888';
  return labels[i].color ?? PALETTE[i % PALETTE.length];
}
