/**
 * Money on screen. The API counts money in integer minor units (cents for
 * USD, yen for JPY; core/pay); these helpers turn them into text and back
 * without floating-point arithmetic: the decimal point is placed by string
 * operations, and Intl formats the decimal string as it is.
 */
import { currencyDigits } from '../../../core/pay/index.ts';

export { currencyDigits };

/** 1500, 2 -> "15.00"; -5, 2 -> "-0.05"; 300, 0 -> "300". */
export function minorToDecimal(amount: number, digits: number): string {
  if (!Number.isSafeInteger(amount)) throw new RangeError(`amount must be a safe integer, got ${amount}`);
  const sign = amount < 0 ? '-' : '';
  const text = String(Math.abs(amount));
  if (digits === 0) return sign + text;
  const padded = text.padStart(digits + 1, '0');
  return `${sign}${padded.slice(0, -digits)}.${padded.slice(-digits)}`;
}

/**
 * What a manager typed ("15", "0.5", "1,234.50") as minor units, or an error
 * to show: at most `digits` decimals, not negative, a safe integer.
 */
export function decimalToMinor(text: string, digits: number): { ok: true; minor: number } | { ok: false; error: string } {
  const t = text.trim().replaceAll(',', '');
  const m = /^(\d+)(?:\.(\d*))?$/.exec(t);
  if (!m) return { ok: false, error: 'Enter an amount such as 12.50.' };
  const frac = m[2] ?? '';
  if (frac.length > digits) return { ok: false, error: digits === 0 ? 'This currency has no decimals.' : `At most ${digits} decimals.` };
  const minor = Number(m[1] + frac.padEnd(digits, '0'));
  if (!Number.isSafeInteger(minor)) return { ok: false, error: 'That amount is too large.' };
  return { ok: true, minor };
}

/** 1500 USD -> "$15.00" (in the browser's locale); null -> "—". */
export function formatMoney(amount: number | null | undefined, currency: string | null | undefined, locale?: string): string {
  if (amount === null || amount === undefined || !currency) return '—';
  const digits = currencyDigits(currency);
  const f = new Intl.NumberFormat(locale, { style: 'currency', currency, minimumFractionDigits: digits, maximumFractionDigits: digits });
  return f.format(minorToDecimal(amount, digits) as `${number}`);
}
