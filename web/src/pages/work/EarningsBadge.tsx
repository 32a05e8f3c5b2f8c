import { useEffect } from 'react';
import { paySettingsOf } from '../../../../core/pay/index.ts';
import { useMyProjectPay } from '../../api/pay.ts';
import type { Project } from '../../api/types.ts';
import { formatMoney } from '../../lib/money.ts';
import { Badge } from '../../ui/index.ts';
import { formatDuration } from '../manager/format.ts';

/**
 * In a paid project, what the annotator has earned there and the effective
 * hourly pay it makes (GET /me/pay); the details, the floor included, are in
 * its title. Read again a moment after each new task (the last answer has
 * usually reached the server by then) and every minute.
 */
export function EarningsBadge({ project, taskKey }: { project: Project; taskKey: number | undefined }) {
  const pay = paySettingsOf(project.pay);
  const mine = useMyProjectPay(project.id, pay !== null);
  const { refetch } = mine;
  useEffect(() => {
    if (!pay || taskKey === undefined) return;
    const t = setTimeout(() => void refetch(), 1500);
    return () => clearTimeout(t);
  }, [taskKey, pay !== null, refetch]);
  if (!pay) return null;
  const line = mine.data;
  const money = (n: number | null | undefined) => formatMoney(n, pay.currency);
  const title = [
    `Active time paid for: ${formatDuration(line?.activeMs ?? 0)} (at most ${formatDuration(pay.maxActiveMsPerTask)} per task)`,
    `${line?.annotations ?? 0} annotations × ${money(pay.pieceRateMinor)}: ${money(line?.pieceMinor ?? 0)}`,
    `Bonuses: ${money(line?.bonusMinor ?? 0)}; floor top-ups: ${money(line?.topupMinor ?? 0)}`,
    `Guaranteed floor: ${money(pay.hourlyFloorMinor)}/h` +
      (line && line.owedMinor > 0 ? `; ${money(line.owedMinor)} more is owed to reach it, paid when the period is settled` : ''),
  ].join('\n');
  return (
    <Badge tone="info" data-testid="earnings" title={title}>
      Earned {money(line?.totalMinor ?? 0)}
      {line?.effectiveHourlyMinor !== null && line?.effectiveHourlyMinor !== undefined && ` · ${money(line.effectiveHourlyMinor)}/h`}
    </Badge>
  );
}
