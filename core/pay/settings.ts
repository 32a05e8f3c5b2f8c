import { z } from 'zod';

/** The longest active time one task may count for, when a project does not say (10 minutes). */
export const DEFAULT_MAX_ACTIVE_MS_PER_TASK = 600_000;
/** Rates above this (in minor units) are surely a mistake: 10^9 cents is ten million dollars. */
export const MAX_RATE_MINOR = 1_000_000_000;

let known: Set<string> | undefined;

/** Whether `code` is an ISO 4217 currency code this runtime knows (Intl's list, e.g. USD, EUR, JPY). */
export function isIsoCurrency(code: string): boolean {
  known ??= new Set(Intl.supportedValuesOf('currency'));
  return known.has(code);
}

/**
 * How many minor-unit digits a currency has (USD 2, JPY 0, KWD 3), for display:
 * amounts are always integers of the minor unit.
 */
export function currencyDigits(currency: string): number {
  return new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits ?? 2;
}

const Rate = z.number().int().min(0).max(MAX_RATE_MINOR);

/**
 * A project's `pay` as clients send it. `{}` means the project is unpaid (the
 * default, and what clients from before pay existed send); any other key makes
 * it paid and then `currency` is required. Unknown keys are refused, so a typo
 * (`pieceRate`) cannot silently leave a project unpaid.
 */
export const PaySettingsInput = z
  .strictObject({
    /** ISO 4217 code; every amount of the project is an integer of its minor unit (cents for USD). */
    currency: z
      .string()
      .regex(/^[A-Z]{3}$/, 'currency must be an upper-case ISO 4217 code such as "USD"')
      .refine(isIsoCurrency, 'currency is not an ISO 4217 code this server knows (e.g. "USD", "EUR", "JPY")')
      .optional(),
    /** Paid for each accepted annotation (gold answers included), in minor units. Default 0. */
    pieceRateMinor: Rate.optional(),
    /** The guaranteed effective pay per active hour, in minor units. Default 0 (no floor). */
    hourlyFloorMinor: Rate.optional(),
    /** The most active time one annotation counts for (ms), so idle time cannot be farmed. Default 600000. */
    maxActiveMsPerTask: z.number().int().min(1_000).max(86_400_000).optional(),
  })
  .refine((p) => Object.keys(p).length === 0 || p.currency !== undefined, {
    message: 'currency is required (an ISO 4217 code such as "USD") when pay is set; send {} for an unpaid project',
    path: ['currency'],
  });
export type PaySettingsInputT = z.infer<typeof PaySettingsInput>;

/** A paid project's settings with every default filled in: what is stored in `projects.pay`. */
export interface PaySettings {
  currency: string;
  pieceRateMinor: number;
  hourlyFloorMinor: number;
  maxActiveMsPerTask: number;
}

/** Fills in defaults: `{}` gives `null` (unpaid). */
export function normalizePay(input: PaySettingsInputT): PaySettings | null {
  if (input.currency === undefined) return null;
  return {
    currency: input.currency,
    pieceRateMinor: input.pieceRateMinor ?? 0,
    hourlyFloorMinor: input.hourlyFloorMinor ?? 0,
    maxActiveMsPerTask: input.maxActiveMsPerTask ?? DEFAULT_MAX_ACTIVE_MS_PER_TASK,
  };
}

const isRate = (v: unknown) => v === undefined || (Number.isInteger(v) && (v as number) >= 0 && (v as number) <= MAX_RATE_MINOR);
const PAY_KEYS = new Set(['currency', 'pieceRateMinor', 'hourlyFloorMinor', 'maxActiveMsPerTask']);

/**
 * A project's stored `pay` read back: the settings when it is paid, else
 * `null`. Anything PaySettingsInput would refuse (`{}`, or a free-form object
 * stored before pay was validated) is unpaid.
 *
 * Every paid submit reads it, so this is a plain structural check of the
 * same rules, not a zod parse (core/pay/pay.test.ts checks the two agree).
 */
export function paySettingsOf(stored: unknown): PaySettings | null {
  if (typeof stored !== 'object' || stored === null || Array.isArray(stored)) return null;
  const p = stored as Record<string, unknown>;
  for (const k in p) if (!PAY_KEYS.has(k)) return null;
  const { currency, pieceRateMinor, hourlyFloorMinor, maxActiveMsPerTask: cap } = p;
  if (typeof currency !== 'string' || !/^[A-Z]{3}$/.test(currency) || !isIsoCurrency(currency)) return null;
  if (!isRate(pieceRateMinor) || !isRate(hourlyFloorMinor)) return null;
  if (cap !== undefined && !(Number.isInteger(cap) && (cap as number) >= 1_000 && (cap as number) <= 86_400_000)) return null;
  return normalizePay(p as PaySettingsInputT);
}
