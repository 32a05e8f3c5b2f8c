import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  capActiveMs,
  currencyDigits,
  effectiveHourlyMinor,
  floorOwedMinor,
  MS_PER_HOUR,
  normalizePay,
  PaySettingsInput,
  paySettingsOf,
  payLine,
  topupMinor,
} from './index.ts';

describe('pay settings', () => {
  it('{} is unpaid; a currency makes a project paid with defaults filled in', () => {
    expect(normalizePay(PaySettingsInput.parse({}))).toBeNull();
    expect(normalizePay(PaySettingsInput.parse({ currency: 'EUR', pieceRateMinor: 25 }))).toEqual({
      currency: 'EUR',
      pieceRateMinor: 25,
      hourlyFloorMinor: 0,
      maxActiveMsPerTask: 600_000,
    });
  });

  it('refuses what cannot be money, naming the field', () => {
    const issue = (input: unknown) => {
      const r = PaySettingsInput.safeParse(input);
      return r.success ? undefined : { path: r.error.issues[0].path.join('.'), message: r.error.issues[0].message };
    };
    expect(issue({ pieceRateMinor: 10 })).toMatchObject({ path: 'currency', message: expect.stringContaining('required') });
    expect(issue({ currency: 'usd' })?.path).toBe('currency');
    expect(issue({ currency: 'XYZ' })).toMatchObject({ path: 'currency', message: expect.stringContaining('ISO 4217') });
    expect(issue({ currency: 'USD', pieceRateMinor: 1.5 })?.path).toBe('pieceRateMinor');
    expect(issue({ currency: 'USD', hourlyFloorMinor: -1 })?.path).toBe('hourlyFloorMinor');
    expect(issue({ currency: 'USD', maxActiveMsPerTask: 10 })?.path).toBe('maxActiveMsPerTask');
    expect(issue({ currency: 'USD', pieceRate: 10 })).toBeDefined();
  });

  it('reads a stored free-form pay object from before validation as unpaid', () => {
    expect(paySettingsOf({ note: 'legacy' })).toBeNull();
    expect(paySettingsOf(null)).toBeNull();
    expect(paySettingsOf({ currency: 'JPY', pieceRateMinor: 3 })?.pieceRateMinor).toBe(3);
  });

  it('reads stored pay structurally exactly as the zod schema would', () => {
    const viaZod = (v: unknown) => {
      const r = PaySettingsInput.safeParse(v ?? {});
      return r.success ? normalizePay(r.data) : null;
    };
    const samples: unknown[] = [
      {}, null, undefined, [], 'USD', 42, { note: 'legacy' }, { currency: 'USD', note: 'x' }, { currency: 'usd' }, { currency: 'XYZ' },
      { currency: 'USD' }, { currency: 'JPY', pieceRateMinor: 3 }, { currency: 'EUR', pieceRateMinor: 0, hourlyFloorMinor: 1_000_000_000 },
      { currency: 'USD', pieceRateMinor: 1_000_000_001 }, { currency: 'USD', pieceRateMinor: -1 }, { currency: 'USD', pieceRateMinor: 0.5 },
      { currency: 'USD', pieceRateMinor: '50' }, { currency: 'USD', hourlyFloorMinor: null }, { currency: 'USD', maxActiveMsPerTask: 999 },
      { currency: 'USD', maxActiveMsPerTask: 1_000 }, { currency: 'USD', maxActiveMsPerTask: 86_400_000 }, { currency: 'USD', maxActiveMsPerTask: 86_400_001 },
      { pieceRateMinor: 50 }, { currency: 5 }, { currency: 'USD', pieceRateMinor: 50, hourlyFloorMinor: 1500, maxActiveMsPerTask: 600_000 },
    ];
    for (const v of samples) expect(paySettingsOf(v), JSON.stringify(v)).toEqual(viaZod(v));
    expect(paySettingsOf({ currency: 'USD', maxActiveMsPerTask: 1_000 })).toEqual({ currency: 'USD', pieceRateMinor: 0, hourlyFloorMinor: 0, maxActiveMsPerTask: 1_000 });
  });

  it('knows minor-unit digits per currency', () => {
    expect([currencyDigits('USD'), currencyDigits('JPY'), currencyDigits('KWD')]).toEqual([2, 0, 3]);
  });
});

describe('pay math (integer minor units)', () => {
  it('caps active time per task and never counts negative time', () => {
    expect(capActiveMs(90_000, 600_000)).toBe(90_000);
    expect(capActiveMs(3_600_000, 600_000)).toBe(600_000);
    expect(capActiveMs(-5, 600_000)).toBe(0);
    expect(capActiveMs(1234.6, 600_000)).toBe(1235);
  });

  it('rounds the guaranteed floor up and the reported rate down', () => {
    // 7 minutes at 10.00/h: 116.67 cents owed -> 117.
    expect(floorOwedMinor(1000, 420_000)).toBe(117);
    // 1 ms at 15.00/h still owes a cent.
    expect(floorOwedMinor(1500, 1)).toBe(1);
    expect(floorOwedMinor(1500, MS_PER_HOUR)).toBe(1500);
    expect(floorOwedMinor(0, MS_PER_HOUR)).toBe(0);
    // 1,000 cents over 40 minutes is 1,500/h exactly; over 41 minutes 1,463.41 -> 1,463.
    expect(effectiveHourlyMinor(1000, 2_400_000)).toBe(1500);
    expect(effectiveHourlyMinor(1000, 2_460_000)).toBe(1463);
    expect(effectiveHourlyMinor(1000, 0)).toBeNull();
  });

  it('tops up a slow annotator and not a fast one', () => {
    // Slow: 12 pieces of 50 in 40 minutes = 600 earned; the 1,500/h floor owes 1,000.
    expect(topupMinor({ hourlyFloorMinor: 1500, activeMs: 2_400_000, earnedMinor: 600 })).toBe(400);
    // Fast: 60 pieces of 50 in 40 minutes = 3,000 earned.
    expect(topupMinor({ hourlyFloorMinor: 1500, activeMs: 2_400_000, earnedMinor: 3000 })).toBe(0);
  });

  it('is exact far beyond float precision', () => {
    // 1e9 minor units/h over 2e9 ms: the product 2e18 is past 2^53, BigInt keeps it exact.
    expect(floorOwedMinor(1_000_000_000, 2_000_000_001)).toBe(555_555_555_834);
    expect(() => floorOwedMinor(1.5, 10)).toThrow(RangeError);
  });

  it('a report line adds pieces, top-ups and bonuses and owes the rest of the floor', () => {
    expect(payLine({ activeMs: 2_400_000, pieceMinor: 600, topupMinor: 0, bonusMinor: 100 }, 1500)).toEqual({
      totalMinor: 700,
      effectiveHourlyMinor: 1050,
      owedMinor: 300,
    });
    expect(payLine({ activeMs: 2_400_000, pieceMinor: 600, topupMinor: 400, bonusMinor: 0 }, 1500).owedMinor).toBe(0);
  });

  it('property: earned + top-up meets the floor exactly, and one unit less would not', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 1_000_000_000 }),
        fc.integer({ min: 0, max: 10_000_000_000 }),
        fc.integer({ min: 0, max: 1_000_000_000 }),
        (floor, ms, earned) => {
          const top = topupMinor({ hourlyFloorMinor: floor, activeMs: ms, earnedMinor: earned });
          const needed = BigInt(floor) * BigInt(ms); // floor x ms, compared with paid x 3.6e6
          const paid = BigInt(earned + top);
          expect(paid * 3_600_000n >= needed).toBe(true);
          if (top > 0) expect((paid - 1n) * 3_600_000n < needed).toBe(true);
          const eff = effectiveHourlyMinor(earned + top, ms);
          if (ms > 0 && eff !== null) expect(eff).toBeGreaterThanOrEqual(floor);
        },
      ),
    );
  });
});
