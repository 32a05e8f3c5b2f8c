/**
 * Pay math in integer minor units (cents for USD). Money is never a float:
 * products are taken in BigInt and every result is a safe integer.
 *
 * Rounding: what an annotator is *guaranteed* rounds up (a floor owed of
 * 16.67 cents is 17), so the effective hourly pay after a top-up is never below
 * the floor; what is *reported* as a rate rounds down (an effective hourly of
 * 1,499.9 is 1,499), so a report never shows more than was paid.
 */

export const MS_PER_HOUR = 3_600_000;
const HOUR = BigInt(MS_PER_HOUR);

function int(name: string, v: number): bigint {
  if (!Number.isSafeInteger(v)) throw new RangeError(`${name} must be a safe integer, got ${v}`);
  return BigInt(v);
}

function safe(name: string, v: bigint): number {
  const n = Number(v);
  if (!Number.isSafeInteger(n)) throw new RangeError(`${name} is out of the safe integer range: ${v}`);
  return n;
}

/** Ceiling of a / b for a >= 0, b > 0. */
function ceilDiv(a: bigint, b: bigint): bigint {
  return (a + b - 1n) / b;
}

/**
 * The active time one annotation counts for: the submitted `activeMs`,
 * rounded to a whole millisecond, never negative, at most `maxActiveMs`.
 */
export function capActiveMs(activeMs: number, maxActiveMs: number): number {
  if (!Number.isFinite(activeMs) || activeMs <= 0) return 0;
  return Math.min(Math.round(activeMs), maxActiveMs);
}

/** What the floor guarantees for `activeMs` of work: ceil(hourlyFloorMinor × activeMs / 3,600,000). */
export function floorOwedMinor(hourlyFloorMinor: number, activeMs: number): number {
  const rate = int('hourlyFloorMinor', hourlyFloorMinor);
  const ms = int('activeMs', activeMs);
  if (rate < 0n || ms < 0n) throw new RangeError('hourlyFloorMinor and activeMs must be >= 0');
  return safe('floor owed', ceilDiv(rate * ms, HOUR));
}

/** Effective pay per hour: floor(earnedMinor × 3,600,000 / activeMs); null without active time. */
export function effectiveHourlyMinor(earnedMinor: number, activeMs: number): number | null {
  const earned = int('earnedMinor', earnedMinor);
  const ms = int('activeMs', activeMs);
  if (ms <= 0n) return null;
  // BigInt division truncates toward zero; earnings are never negative here.
  return safe('effective hourly', (earned * HOUR) / ms);
}

/**
 * The top-up that brings an annotator's pay for a period up to the floor:
 * max(0, floorOwed(activeMs) − earnedMinor). With it, earned + top-up ≥
 * hourlyFloorMinor × activeMs / 3,600,000 exactly, and one minor unit less
 * would fall short.
 */
export function topupMinor(p: { hourlyFloorMinor: number; activeMs: number; earnedMinor: number }): number {
  const owed = floorOwedMinor(p.hourlyFloorMinor, p.activeMs);
  const earned = int('earnedMinor', p.earnedMinor);
  const gap = BigInt(owed) - earned;
  return gap > 0n ? safe('top-up', gap) : 0;
}

export interface PayTotals {
  activeMs: number;
  pieceMinor: number;
  topupMinor: number;
  bonusMinor: number;
}

/**
 * One annotator's line of a pay report: the total paid, the effective hourly
 * pay it makes, and what is still owed to reach the floor (0 once settled).
 */
export function payLine(t: PayTotals, hourlyFloorMinor: number) {
  const total = safe('total', int('pieceMinor', t.pieceMinor) + int('topupMinor', t.topupMinor) + int('bonusMinor', t.bonusMinor));
  return {
    totalMinor: total,
    effectiveHourlyMinor: effectiveHourlyMinor(total, t.activeMs),
    owedMinor: topupMinor({ hourlyFloorMinor, activeMs: t.activeMs, earnedMinor: total }),
  };
}
