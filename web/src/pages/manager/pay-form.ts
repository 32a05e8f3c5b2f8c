/**
 * The pay settings form's values as typed (amounts in major units, "0.50"; the
 * cap in minutes) and the check that turns them into a project's `pay`
 * (core/pay/settings.ts), exactly: amounts are read by decimalToMinor.
 */
import { isIsoCurrency, MAX_RATE_MINOR, type PaySettings } from '../../../../core/pay/index.ts';
import { currencyDigits, decimalToMinor } from '../../lib/money.ts';

export interface PayText {
  currency: string;
  piece: string;
  floor: string;
  capMinutes: string;
}

/** Checks the typed pay settings; amounts in major units ("0.50"), the cap in minutes. */
export function checkPayText(t: PayText): { ok: true; pay: PaySettings } | { ok: false; errors: Partial<Record<keyof PayText, string>> } {
  const errors: Partial<Record<keyof PayText, string>> = {};
  const currency = t.currency.trim().toUpperCase();
  if (!/^[A-Z]{3}$/.test(currency) || !isIsoCurrency(currency)) errors.currency = 'Enter an ISO 4217 code such as USD or EUR.';
  const digits = errors.currency ? 2 : currencyDigits(currency);
  const piece = decimalToMinor(t.piece, digits);
  const tooBig = 'That amount is too large.';
  if (!piece.ok) errors.piece = piece.error;
  else if (piece.minor > MAX_RATE_MINOR) errors.piece = tooBig;
  const floor = decimalToMinor(t.floor, digits);
  if (!floor.ok) errors.floor = floor.error;
  else if (floor.minor > MAX_RATE_MINOR) errors.floor = tooBig;
  const minutes = Number(t.capMinutes);
  if (!Number.isFinite(minutes) || minutes < 1 / 60 || minutes > 1440 || t.capMinutes.trim() === '') errors.capMinutes = 'From 1 second (0.02) to 1440 minutes.';
  if (Object.keys(errors).length || !piece.ok || !floor.ok) return { ok: false, errors };
  return { ok: true, pay: { currency, pieceRateMinor: piece.minor, hourlyFloorMinor: floor.minor, maxActiveMsPerTask: Math.round(minutes * 60_000) } };
}
