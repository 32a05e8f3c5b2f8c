import { z } from 'zod';
import { MAX_RATE_MINOR } from '../../../core/pay/index.ts';

/** An instant: ISO 8601 with an offset (`2026-12-01T09:00:00Z`), or a date (`2026-12-01`, UTC midnight). */
const Instant = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

export const PeriodQuery = z.object({
  from: Instant.optional().describe('Start, inclusive; default: the beginning of time'),
  to: Instant.optional().describe('End, exclusive; default: now'),
});
export const MyPayQuery = PeriodQuery.extend({ projectId: z.coerce.number().int().positive().max(Number.MAX_SAFE_INTEGER).optional() });
export const SettleBody = z.object({ from: Instant, to: Instant });
export const BonusBody = z.object({
  userId: z.number().int().positive(),
  amountMinor: z.number().int().min(1).max(MAX_RATE_MINOR),
  idempotencyKey: z
    .string()
    .min(1)
    .max(200)
    // PostgreSQL cannot store NUL, and stores a lone surrogate as U+FFFD: two different keys would meet.
    .refine((k) => !k.includes('\u0000') && (k as string & { isWellFormed(): boolean }).isWellFormed(), {
      message: 'must not hold a NUL character (\\u0000) or a lone UTF-16 surrogate',
    })
    .optional()
    .describe('Your key for this bonus: sending it again (say after a lost answer) pays once and answers the first bonus with replayed: true'),
});

/** `from`/`to` as Dates, with the documented defaults. */
export function periodOf(q: { from?: string; to?: string }) {
  return { from: new Date(q.from ?? 0), to: q.to ? new Date(q.to) : new Date() };
}

const Timestamp = z.date();
const Id = z.number().int();
const Minor = z.number().int();
const Sums = {
  activeMs: z.number().int().describe('Active time paid for, each annotation capped at maxActiveMsPerTask'),
  annotations: z.number().int().describe('Paid annotations (pieces)'),
  pieceMinor: Minor,
  topupMinor: Minor.describe('Floor top-ups of settled periods lying wholly inside the window'),
  bonusMinor: Minor,
  totalMinor: Minor,
};
const Rates = {
  effectiveHourlyMinor: Minor.nullable().describe('floor(total × 3,600,000 / activeMs); null without active time'),
  owedMinor: Minor.describe('What the floor still owes for the window: max(0, ceil(floor × activeMs / 3,600,000) − total)'),
};
export const PayLineOut = z.object({ userId: Id, name: z.string(), email: z.string(), ...Sums, ...Rates });
const TotalsOut = z.object({ ...Sums, owedMinor: Minor });
const PaySettingsOut = z.object({ currency: z.string(), pieceRateMinor: Minor, hourlyFloorMinor: Minor, maxActiveMsPerTask: z.number().int() });
export const SettlementOut = z.object({ id: Id, from: Timestamp, to: Timestamp, currency: z.string(), hourlyFloorMinor: Minor, createdAt: Timestamp });

export const PayReportOut = z.object({
  projectId: Id,
  from: Timestamp,
  to: Timestamp,
  pay: PaySettingsOut.nullable().describe('null: the project is unpaid'),
  currency: z.string().nullable(),
  minorDigits: z.number().int().nullable().describe('Digits of the minor unit, for display (USD 2, JPY 0)'),
  items: z.array(PayLineOut),
  totals: TotalsOut,
  settlements: z.array(SettlementOut).describe('Settled periods overlapping the window'),
});
export const SettleOut = z.object({
  settlement: SettlementOut,
  minorDigits: z.number().int(),
  items: z.array(PayLineOut),
  totals: TotalsOut,
  replayed: z.boolean(),
});
export const MyPayOut = z.object({
  userId: Id,
  from: Timestamp,
  to: Timestamp,
  items: z.array(
    z.object({
      projectId: Id,
      projectName: z.string(),
      currency: z.string().nullable(),
      minorDigits: z.number().int().nullable(),
      hourlyFloorMinor: Minor,
      ...Sums,
      ...Rates,
    }),
  ),
});
export const BonusOut = z.object({ id: Id, userId: Id, projectId: Id, amountMinor: Minor, currency: z.string(), createdAt: Timestamp, replayed: z.boolean() });
