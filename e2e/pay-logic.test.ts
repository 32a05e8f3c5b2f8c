/**
 * The web app's money helpers (web/src/lib/money.ts), tested in Node with the
 * unit suite: minor units to text and back, exactly.
 */
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { PaySettingsInput } from '../core/pay/index.ts';
import { decimalToMinor, formatMoney, minorToDecimal } from '../web/src/lib/money.ts';
import { checkPayText } from '../web/src/pages/manager/pay-form.ts';

describe('money on screen', () => {
  it('places the decimal point by the currency’s minor unit', () => {
    expect(minorToDecimal(1500, 2)).toBe('15.00');
    expect(minorToDecimal(5, 2)).toBe('0.05');
    expect(minorToDecimal(-5, 2)).toBe('-0.05');
    expect(minorToDecimal(300, 0)).toBe('300');
    expect(minorToDecimal(1234, 3)).toBe('1.234');
    expect(formatMoney(1500, 'USD', 'en-US')).toBe('$15.00');
    expect(formatMoney(300, 'JPY', 'en-US')).toBe('¥300');
    expect(formatMoney(null, 'USD')).toBe('—');
    // 2^53 - 1 cents, past where a float division by 100 is exact.
    expect(formatMoney(9_007_199_254_740_991, 'USD', 'en-US')).toBe('$90,071,992,547,409.91');
  });

  it('reads typed amounts into minor units, refusing what the currency cannot hold', () => {
    expect(decimalToMinor('15', 2)).toEqual({ ok: true, minor: 1500 });
    expect(decimalToMinor('0.5', 2)).toEqual({ ok: true, minor: 50 });
    expect(decimalToMinor(' 1,234.56 ', 2)).toEqual({ ok: true, minor: 123_456 });
    expect(decimalToMinor('0.29', 2)).toEqual({ ok: true, minor: 29 }); // 0.29 * 100 is 28.999… in floats
    expect(decimalToMinor('1.005', 2).ok).toBe(false);
    expect(decimalToMinor('1.5', 0).ok).toBe(false);
    expect(decimalToMinor('-1', 2).ok).toBe(false);
    expect(decimalToMinor('abc', 2).ok).toBe(false);
  });

  it('property: text and minor units round-trip', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 1e12 }), fc.constantFrom(0, 2, 3), (minor, digits) => {
        expect(decimalToMinor(minorToDecimal(minor, digits), digits)).toEqual({ ok: true, minor });
      }),
    );
  });

  it('the pay settings form sends what the server accepts, in minor units', () => {
    const ok = checkPayText({ currency: 'usd', piece: '0.50', floor: '15', capMinutes: '10' });
    expect(ok).toEqual({ ok: true, pay: { currency: 'USD', pieceRateMinor: 50, hourlyFloorMinor: 1500, maxActiveMsPerTask: 600_000 } });
    if (ok.ok) expect(PaySettingsInput.safeParse(ok.pay).success).toBe(true);
    const yen = checkPayText({ currency: 'JPY', piece: '30', floor: '1200', capMinutes: '0.5' });
    expect(yen.ok && yen.pay).toMatchObject({ pieceRateMinor: 30, hourlyFloorMinor: 1200, maxActiveMsPerTask: 30_000 });
    const bad = checkPayText({ currency: 'XYZ', piece: '0.505', floor: '99999999999', capMinutes: '0' });
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(Object.keys(bad.errors).sort()).toEqual(['capMinutes', 'currency', 'floor', 'piece']);
  });
});
