/**
 * Fair pay: project pay settings and the integer money math behind the
 * ledger, the hourly floor and pay reports (docs/pay.md).
 *
 * @example
 * import { topupMinor } from '../core/pay/index.ts';
 * // 40 minutes at a 1,500/h floor owe 1,000; 12 pieces of 50 earned 600.
 * topupMinor({ hourlyFloorMinor: 1500, activeMs: 2_400_000, earnedMinor: 600 }); // 400
 */
export {
  currencyDigits,
  DEFAULT_MAX_ACTIVE_MS_PER_TASK,
  isIsoCurrency,
  MAX_RATE_MINOR,
  normalizePay,
  PaySettingsInput,
  paySettingsOf,
  type PaySettings,
  type PaySettingsInputT,
} from './settings.ts';
export { capActiveMs, effectiveHourlyMinor, floorOwedMinor, MS_PER_HOUR, payLine, topupMinor, type PayTotals } from './money.ts';
